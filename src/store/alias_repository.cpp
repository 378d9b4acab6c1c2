#include "store/alias_repository.hpp"

namespace netmeter::store {

Status AliasRepository::set(std::string_view ip, std::string_view name, int64_t now) {
  auto stmt = conn_.prepare(
      "INSERT INTO host_aliases (ip, name, updated_at) VALUES (?, ?, ?) "
      "ON CONFLICT (ip) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, ip).bind(2, name).bind(3, now);
  return stmt->run();
}

Result<bool> AliasRepository::remove(std::string_view ip) {
  auto stmt = conn_.prepare("DELETE FROM host_aliases WHERE ip = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, ip);
  if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
  return conn_.changes() > 0;
}

Result<std::vector<AliasRecord>> AliasRepository::list() {
  auto stmt = conn_.prepare("SELECT ip, name, updated_at FROM host_aliases ORDER BY ip");
  if (!stmt) return unexpected(std::move(stmt).error());
  std::vector<AliasRecord> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) break;
    out.push_back({stmt->column_text(0), stmt->column_text(1), stmt->column_int64(2)});
  }
  return out;
}

}  // namespace netmeter::store
