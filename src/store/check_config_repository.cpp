#include "store/check_config_repository.hpp"

namespace netmeter::store {

Status CheckConfigRepository::set(const CheckConfigRecord& r) {
  auto stmt = conn_.prepare(
      "INSERT INTO check_config (name, enabled, threshold, threshold2, severity, disabled_bits, servers) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET enabled = excluded.enabled, "
      "threshold = excluded.threshold, threshold2 = excluded.threshold2, severity = excluded.severity, "
      "disabled_bits = excluded.disabled_bits, servers = excluded.servers");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, r.name)
      .bind(2, int64_t{r.enabled})
      .bind(3, r.threshold)
      .bind(4, r.threshold2)
      .bind(5, r.severity)
      .bind(6, r.disabled_bits)
      .bind(7, r.servers);
  return stmt->run();
}

Result<std::vector<CheckConfigRecord>> CheckConfigRepository::list() {
  auto stmt = conn_.prepare(
      "SELECT name, enabled, threshold, threshold2, severity, disabled_bits, servers FROM check_config "
      "ORDER BY name");
  if (!stmt) return unexpected(std::move(stmt).error());
  std::vector<CheckConfigRecord> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) break;
    out.push_back({stmt->column_text(0), stmt->column_int64(1) != 0, stmt->column_int64(2),
                   stmt->column_int64(3), stmt->column_int64(4), stmt->column_int64(5),
                   stmt->column_text(6)});
  }
  return out;
}

}  // namespace netmeter::store
