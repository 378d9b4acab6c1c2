#include "store/alert_exclusion_repository.hpp"

namespace netmeter::store {

Result<int64_t> AlertExclusionRepository::add(int64_t entity, int64_t alert_id, std::string_view network) {
  auto insert = conn_.prepare(
      "INSERT INTO alert_exclusions (entity, alert_id, network) VALUES (?, ?, ?) "
      "ON CONFLICT (entity, alert_id, network) DO NOTHING");
  if (!insert) return unexpected(std::move(insert).error());
  insert->bind(1, entity).bind(2, alert_id).bind(3, network);
  if (auto s = insert->run(); !s) return unexpected(std::move(s).error());
  auto find =
      conn_.prepare("SELECT id FROM alert_exclusions WHERE entity = ? AND alert_id = ? AND network = ?");
  if (!find) return unexpected(std::move(find).error());
  find->bind(1, entity).bind(2, alert_id).bind(3, network);
  auto row = find->step();
  if (!row) return unexpected(std::move(row).error());
  if (!*row) return unexpected(Error{0, "the exclusion was not stored"});
  return find->column_int64(0);
}

Result<bool> AlertExclusionRepository::remove(int64_t id) {
  auto stmt = conn_.prepare("DELETE FROM alert_exclusions WHERE id = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, id);
  if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
  return conn_.changes() > 0;
}

Result<std::vector<AlertExclusionRecord>> AlertExclusionRepository::list() {
  auto stmt = conn_.prepare("SELECT id, entity, alert_id, network FROM alert_exclusions ORDER BY id");
  if (!stmt) return unexpected(std::move(stmt).error());
  std::vector<AlertExclusionRecord> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) break;
    out.push_back(
        {stmt->column_int64(0), stmt->column_int64(1), stmt->column_int64(2), stmt->column_text(3)});
  }
  return out;
}

}  // namespace netmeter::store
