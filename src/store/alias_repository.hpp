#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/connection.hpp"
#include "store/error.hpp"

namespace netmeter::store {

/// One row of `host_aliases`: the name a user gave an address. The address syntax is the API's to check;
/// the store keeps the text it is given (one spelling per address: the caller normalises it).
struct AliasRecord {
  std::string ip;
  std::string name;        // never empty
  int64_t updated_at = 0;  // epoch seconds
};

/// The `host_aliases` table, used through a locked connection: `AliasRepository aliases(conn);`.
class AliasRepository {
 public:
  explicit AliasRepository(Connection& conn) : conn_(conn) {}

  /// Sets (inserts or replaces) the alias of `ip`; an empty name fails with a constraint error.
  Status set(std::string_view ip, std::string_view name, int64_t now);
  /// Deletes the alias of `ip`. False when it had none.
  Result<bool> remove(std::string_view ip);
  /// Every alias, ordered by address text.
  Result<std::vector<AliasRecord>> list();

 private:
  Connection& conn_;
};

}  // namespace netmeter::store
