#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/connection.hpp"
#include "store/error.hpp"

namespace netmeter::store {

/// A recipient bound to a pool, with its name as the notification tables hold it.
struct PoolRecipient {
  int64_t id = 0;
  std::string name;
};

/// One pool of one type (ntopng's pool key: "host", "interface", ...). Members are stored as the caller
/// normalised them; ids are per type, 0 being the "Default" pool.
struct PoolRecord {
  std::string type;
  int64_t id = 0;
  std::string name;
  std::vector<std::string> members;
  std::vector<PoolRecipient> recipients;  ///< only `id` is read on writes
};

/// Why a pool change was refused (state, not input syntax: the caller validates members first).
enum class PoolRefusal {
  NameTaken,         ///< another pool of the type has the name
  MemberBound,       ///< a member belongs to another pool of the type
  UnknownRecipient,  ///< a recipient id that is not in notification_recipients
  NotFound,          ///< no pool with that type and id
  TooMany,           ///< the type holds kMaxPools pools already
  DefaultPool,       ///< pool 0 cannot be deleted, renamed or given members
};

/// The result of a change: the pool's id, or why not (`bound_to`: the pool a member is bound to).
struct PoolChange {
  int64_t id = 0;
  std::optional<PoolRefusal> refusal;
  std::optional<int64_t> bound_to;
};

/// The pool tables (migration 8), through a locked connection. Each change is one transaction.
class PoolRepository {
 public:
  /// Pools per type, the Default pool included (ntopng's get_max_num_pools).
  static constexpr int64_t kMaxPools = 128;

  explicit PoolRepository(Connection& conn) : conn_(conn) {}

  /// The pools of `type` by id; every type's when `type` is empty (ordered by type, then id).
  Result<std::vector<PoolRecord>> pools(std::string_view type);
  Result<std::optional<PoolRecord>> pool(std::string_view type, int64_t id);
  /// The pools (of every type) that name recipient `recipient_id`.
  Result<std::vector<PoolRecord>> pools_of_recipient(int64_t recipient_id);
  /// The pool of `type` that `member` belongs to, if any.
  Result<std::optional<int64_t>> pool_of_member(std::string_view type, std::string_view member);

  /// Adds `pool` (its id is ignored) under the lowest free id >= 1.
  Result<PoolChange> add(const PoolRecord& pool);
  /// Replaces name, members and recipients of pool `pool.id`; `keep_members` leaves members (and the
  /// name) alone, for the pool types whose only editable part is their recipients.
  Result<PoolChange> edit(const PoolRecord& pool, bool keep_members);
  Result<PoolChange> remove(std::string_view type, int64_t id);
  /// Binds `member` to pool `id` (0: unbinds it from any pool). `move` takes it from another pool;
  /// otherwise a member bound elsewhere is refused with MemberBound.
  Result<PoolChange> bind(std::string_view type, std::string_view member, int64_t id, bool move);
  /// Deletes every pool of every type; the Default pools are created again.
  Status remove_all();

 private:
  Result<std::optional<PoolRefusal>> check(const PoolRecord& pool, bool keep_members, int64_t* bound_to);
  Status write_members(const PoolRecord& pool);
  Status write_recipients(const PoolRecord& pool);
  Status fill(PoolRecord& pool);
  Result<std::vector<PoolRecord>> select(std::string_view sql, const std::function<void(Statement&)>& bind);

  Connection& conn_;
};

}  // namespace netmeter::store
