#include "store/pool_repository.hpp"

#include <functional>

namespace netmeter::store {

namespace {

constexpr std::string_view kDefaultName = "Default";

/// Reads every row of `stmt` with `read(stmt)`.
template <typename T, typename Fn>
Result<std::vector<T>> rows(Statement& stmt, Fn read) {
  std::vector<T> out;
  for (;;) {
    auto row = stmt.step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) return out;
    out.push_back(read(stmt));
  }
}

Result<bool> pool_exists(Connection& conn, std::string_view type, int64_t id) {
  auto stmt = conn.prepare("SELECT 1 FROM pools WHERE pool_type = ? AND id = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, type).bind(2, id);
  return stmt->step();
}

Result<bool> recipient_exists(Connection& conn, int64_t id) {
  auto stmt = conn.prepare("SELECT 1 FROM notification_recipients WHERE id = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, id);
  return stmt->step();
}

}  // namespace

Status PoolRepository::fill(PoolRecord& pool) {
  auto members =
      conn_.prepare("SELECT member FROM pool_members WHERE pool_type = ? AND pool_id = ? ORDER BY rowid");
  if (!members) return unexpected(std::move(members).error());
  members->bind(1, pool.type).bind(2, pool.id);
  auto m = rows<std::string>(*members, [](Statement& s) { return s.column_text(0); });
  if (!m) return unexpected(std::move(m).error());
  pool.members = std::move(*m);
  auto recipients = conn_.prepare(
      "SELECT r.id, r.name FROM pool_recipients p JOIN notification_recipients r ON r.id = p.recipient_id "
      "WHERE p.pool_type = ? AND p.pool_id = ? ORDER BY r.id");
  if (!recipients) return unexpected(std::move(recipients).error());
  recipients->bind(1, pool.type).bind(2, pool.id);
  auto r = rows<PoolRecipient>(*recipients, [](Statement& s) {
    return PoolRecipient{s.column_int64(0), s.column_text(1)};
  });
  if (!r) return unexpected(std::move(r).error());
  pool.recipients = std::move(*r);
  return {};
}

Result<std::vector<PoolRecord>> PoolRepository::select(std::string_view sql,
                                                       const std::function<void(Statement&)>& bind) {
  auto stmt = conn_.prepare(sql);
  if (!stmt) return unexpected(std::move(stmt).error());
  bind(*stmt);
  auto out = rows<PoolRecord>(*stmt, [](Statement& s) {
    return PoolRecord{s.column_text(0), s.column_int64(1), s.column_text(2), {}, {}};
  });
  if (!out) return out;
  for (auto& pool : *out)
    if (auto s = fill(pool); !s) return unexpected(std::move(s).error());
  return out;
}

Result<std::vector<PoolRecord>> PoolRepository::pools(std::string_view type) {
  return select(
      "SELECT pool_type, id, name FROM pools WHERE ?1 = '' OR pool_type = ?1 ORDER BY pool_type, id",
      [&](Statement& s) { s.bind(1, type); });
}

Result<std::optional<PoolRecord>> PoolRepository::pool(std::string_view type, int64_t id) {
  auto found = select("SELECT pool_type, id, name FROM pools WHERE pool_type = ? AND id = ?",
                      [&](Statement& s) { s.bind(1, type).bind(2, id); });
  if (!found) return unexpected(std::move(found).error());
  if (found->empty()) return std::optional<PoolRecord>();
  return std::optional<PoolRecord>(std::move(found->front()));
}

Result<std::vector<PoolRecord>> PoolRepository::pools_of_recipient(int64_t recipient_id) {
  return select(
      "SELECT p.pool_type, p.id, p.name FROM pools p JOIN pool_recipients r "
      "ON r.pool_type = p.pool_type AND r.pool_id = p.id WHERE r.recipient_id = ? ORDER BY p.pool_type, p.id",
      [&](Statement& s) { s.bind(1, recipient_id); });
}

Result<std::optional<int64_t>> PoolRepository::pool_of_member(std::string_view type,
                                                              std::string_view member) {
  auto stmt = conn_.prepare("SELECT pool_id FROM pool_members WHERE pool_type = ? AND member = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, type).bind(2, member);
  auto row = stmt->step();
  if (!row) return unexpected(std::move(row).error());
  if (!*row) return std::optional<int64_t>();
  return std::optional<int64_t>(stmt->column_int64(0));
}

Result<std::optional<PoolRefusal>> PoolRepository::check(const PoolRecord& pool, bool keep_members,
                                                         int64_t* bound_to) {
  using R = std::optional<PoolRefusal>;
  if (!keep_members) {
    auto same = conn_.prepare("SELECT id FROM pools WHERE pool_type = ? AND name = ? AND id <> ?");
    if (!same) return unexpected(std::move(same).error());
    same->bind(1, pool.type).bind(2, pool.name).bind(3, pool.id);
    auto taken = same->step();
    if (!taken) return unexpected(std::move(taken).error());
    if (*taken) return R(PoolRefusal::NameTaken);
    for (const auto& member : pool.members) {
      auto owner = pool_of_member(pool.type, member);
      if (!owner) return unexpected(std::move(owner).error());
      if (*owner && **owner != pool.id) {
        *bound_to = **owner;
        return R(PoolRefusal::MemberBound);
      }
    }
  }
  for (const auto& r : pool.recipients) {
    auto known = recipient_exists(conn_, r.id);
    if (!known) return unexpected(std::move(known).error());
    if (!*known) return R(PoolRefusal::UnknownRecipient);
  }
  return R();
}

Status PoolRepository::write_members(const PoolRecord& pool) {
  auto clear = conn_.prepare("DELETE FROM pool_members WHERE pool_type = ? AND pool_id = ?");
  if (!clear) return unexpected(std::move(clear).error());
  if (auto s = clear->bind(1, pool.type).bind(2, pool.id).run(); !s) return s;
  auto insert =
      conn_.prepare("INSERT OR IGNORE INTO pool_members (pool_type, member, pool_id) VALUES (?, ?, ?)");
  if (!insert) return unexpected(std::move(insert).error());
  for (const auto& member : pool.members) {
    insert->reset();
    if (auto s = insert->bind(1, pool.type).bind(2, member).bind(3, pool.id).run(); !s) return s;
  }
  return {};
}

Status PoolRepository::write_recipients(const PoolRecord& pool) {
  auto clear = conn_.prepare("DELETE FROM pool_recipients WHERE pool_type = ? AND pool_id = ?");
  if (!clear) return unexpected(std::move(clear).error());
  if (auto s = clear->bind(1, pool.type).bind(2, pool.id).run(); !s) return s;
  auto insert = conn_.prepare(
      "INSERT OR IGNORE INTO pool_recipients (pool_type, pool_id, recipient_id) VALUES (?, ?, ?)");
  if (!insert) return unexpected(std::move(insert).error());
  for (const auto& r : pool.recipients) {
    insert->reset();
    if (auto s = insert->bind(1, pool.type).bind(2, pool.id).bind(3, r.id).run(); !s) return s;
  }
  return {};
}

Result<PoolChange> PoolRepository::add(const PoolRecord& pool) {
  auto tx = conn_.begin();
  if (!tx) return unexpected(std::move(tx).error());
  auto ids = conn_.prepare("SELECT id FROM pools WHERE pool_type = ? ORDER BY id");
  if (!ids) return unexpected(std::move(ids).error());
  ids->bind(1, pool.type);
  auto taken = rows<int64_t>(*ids, [](Statement& s) { return s.column_int64(0); });
  if (!taken) return unexpected(std::move(taken).error());
  if (static_cast<int64_t>(taken->size()) >= kMaxPools) return PoolChange{0, PoolRefusal::TooMany, {}};
  PoolRecord fresh = pool;
  fresh.id = 1;  // the lowest free id >= 1: ids come sorted
  for (int64_t id : *taken)
    if (id == fresh.id) ++fresh.id;
  int64_t bound_to = 0;
  auto refused = check(fresh, false, &bound_to);
  if (!refused) return unexpected(std::move(refused).error());
  if (*refused) return PoolChange{0, *refused, bound_to};
  auto insert = conn_.prepare("INSERT INTO pools (pool_type, id, name) VALUES (?, ?, ?)");
  if (!insert) return unexpected(std::move(insert).error());
  if (auto s = insert->bind(1, fresh.type).bind(2, fresh.id).bind(3, fresh.name).run(); !s)
    return unexpected(std::move(s).error());
  if (auto s = write_members(fresh); !s) return unexpected(std::move(s).error());
  if (auto s = write_recipients(fresh); !s) return unexpected(std::move(s).error());
  if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
  return PoolChange{fresh.id, {}, {}};
}

Result<PoolChange> PoolRepository::edit(const PoolRecord& pool, bool keep_members) {
  auto tx = conn_.begin();
  if (!tx) return unexpected(std::move(tx).error());
  auto found = pool_exists(conn_, pool.type, pool.id);
  if (!found) return unexpected(std::move(found).error());
  if (!*found) return PoolChange{pool.id, PoolRefusal::NotFound, {}};
  if (pool.id == 0 && !keep_members && (pool.name != kDefaultName || !pool.members.empty()))
    return PoolChange{0, PoolRefusal::DefaultPool, {}};
  int64_t bound_to = 0;
  auto refused = check(pool, keep_members, &bound_to);
  if (!refused) return unexpected(std::move(refused).error());
  if (*refused) return PoolChange{pool.id, *refused, bound_to};
  if (!keep_members) {
    auto rename = conn_.prepare("UPDATE pools SET name = ? WHERE pool_type = ? AND id = ?");
    if (!rename) return unexpected(std::move(rename).error());
    if (auto s = rename->bind(1, pool.name).bind(2, pool.type).bind(3, pool.id).run(); !s)
      return unexpected(std::move(s).error());
    if (auto s = write_members(pool); !s) return unexpected(std::move(s).error());
  }
  if (auto s = write_recipients(pool); !s) return unexpected(std::move(s).error());
  if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
  return PoolChange{pool.id, {}, {}};
}

Result<PoolChange> PoolRepository::remove(std::string_view type, int64_t id) {
  if (id == 0) return PoolChange{0, PoolRefusal::DefaultPool, {}};
  auto stmt = conn_.prepare("DELETE FROM pools WHERE pool_type = ? AND id = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  if (auto s = stmt->bind(1, type).bind(2, id).run(); !s) return unexpected(std::move(s).error());
  if (conn_.changes() == 0) return PoolChange{id, PoolRefusal::NotFound, {}};
  return PoolChange{id, {}, {}};
}

Result<PoolChange> PoolRepository::bind(std::string_view type, std::string_view member, int64_t id,
                                        bool move) {
  auto tx = conn_.begin();
  if (!tx) return unexpected(std::move(tx).error());
  auto found = pool_exists(conn_, type, id);
  if (!found) return unexpected(std::move(found).error());
  if (!*found) return PoolChange{id, PoolRefusal::NotFound, {}};
  auto owner = pool_of_member(type, member);
  if (!owner) return unexpected(std::move(owner).error());
  if (*owner && **owner == id) return PoolChange{id, {}, {}};
  if (*owner && !move) return PoolChange{id, PoolRefusal::MemberBound, **owner};
  auto drop = conn_.prepare("DELETE FROM pool_members WHERE pool_type = ? AND member = ?");
  if (!drop) return unexpected(std::move(drop).error());
  if (auto s = drop->bind(1, type).bind(2, member).run(); !s) return unexpected(std::move(s).error());
  if (id != 0) {  // the Default pool holds no members: a member bound there is simply in no pool
    auto insert = conn_.prepare("INSERT INTO pool_members (pool_type, member, pool_id) VALUES (?, ?, ?)");
    if (!insert) return unexpected(std::move(insert).error());
    if (auto s = insert->bind(1, type).bind(2, member).bind(3, id).run(); !s)
      return unexpected(std::move(s).error());
  }
  if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
  return PoolChange{id, {}, {}};
}

Status PoolRepository::remove_all() {
  auto tx = conn_.begin();
  if (!tx) return unexpected(std::move(tx).error());
  if (auto s = conn_.exec("DELETE FROM pools WHERE id <> 0; DELETE FROM pool_recipients; "
                          "UPDATE pools SET name = 'Default';");
      !s)
    return s;
  return tx->commit();
}

}  // namespace netmeter::store
