#include "store/notification_repository.hpp"

namespace netmeter::store {

namespace {

Status run(Connection& conn, std::string_view sql, int64_t id) {
  auto stmt = conn.prepare(sql);
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, id);
  return stmt->run();
}

}  // namespace

Status NotificationRepository::write_endpoint_params(int64_t id,
                                                     const std::vector<NotificationParam>& params) {
  if (auto s = run(conn_, "DELETE FROM notification_endpoint_params WHERE endpoint_id = ?", id); !s) return s;
  auto stmt = conn_.prepare(
      "INSERT INTO notification_endpoint_params (endpoint_id, name, value, secret) VALUES (?, ?, ?, ?)");
  if (!stmt) return unexpected(std::move(stmt).error());
  for (const auto& p : params) {
    stmt->reset();
    stmt->bind(1, id).bind(2, p.name).bind(3, p.value).bind(4, int64_t{p.secret});
    if (auto s = stmt->run(); !s) return s;
  }
  return {};
}

Status NotificationRepository::write_recipient_params(int64_t id,
                                                      const std::vector<NotificationParam>& params) {
  if (auto s = run(conn_, "DELETE FROM notification_recipient_params WHERE recipient_id = ?", id); !s)
    return s;
  auto stmt =
      conn_.prepare("INSERT INTO notification_recipient_params (recipient_id, name, value) VALUES (?, ?, ?)");
  if (!stmt) return unexpected(std::move(stmt).error());
  for (const auto& p : params) {
    stmt->reset();
    stmt->bind(1, id).bind(2, p.name).bind(3, p.value);
    if (auto s = stmt->run(); !s) return s;
  }
  return {};
}

Result<std::vector<NotificationParam>> NotificationRepository::read_params(std::string_view sql, int64_t id) {
  auto stmt = conn_.prepare(sql);
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, id);
  std::vector<NotificationParam> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) break;
    out.push_back({stmt->column_text(0), stmt->column_text(1), stmt->column_int64(2) != 0});
  }
  return out;
}

Result<int64_t> NotificationRepository::add_endpoint(const EndpointRecord& endpoint) {
  auto tx = conn_.begin();
  if (!tx) return unexpected(std::move(tx).error());
  auto stmt = conn_.prepare("INSERT INTO notification_endpoints (name, endpoint_key) VALUES (?, ?)");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, endpoint.name).bind(2, endpoint.key);
  if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
  const int64_t id = conn_.last_insert_rowid();
  if (auto s = write_endpoint_params(id, endpoint.params); !s) return unexpected(std::move(s).error());
  if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
  return id;
}

Result<bool> NotificationRepository::update_endpoint(const EndpointRecord& endpoint) {
  auto tx = conn_.begin();
  if (!tx) return unexpected(std::move(tx).error());
  auto stmt = conn_.prepare("UPDATE notification_endpoints SET name = ? WHERE id = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, endpoint.name).bind(2, endpoint.id);
  if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
  if (conn_.changes() == 0) return false;
  if (auto s = write_endpoint_params(endpoint.id, endpoint.params); !s)
    return unexpected(std::move(s).error());
  if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
  return true;
}

Result<bool> NotificationRepository::remove_endpoint(int64_t id) {
  if (auto s = run(conn_, "DELETE FROM notification_endpoints WHERE id = ?", id); !s)
    return unexpected(std::move(s).error());
  return conn_.changes() > 0;
}

Result<std::vector<EndpointRecord>> NotificationRepository::endpoints() {
  auto stmt = conn_.prepare("SELECT id, name, endpoint_key FROM notification_endpoints ORDER BY id");
  if (!stmt) return unexpected(std::move(stmt).error());
  std::vector<EndpointRecord> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) break;
    out.push_back({stmt->column_int64(0), stmt->column_text(1), stmt->column_text(2), {}});
  }
  for (auto& e : out) {
    auto params = read_params(
        "SELECT name, value, secret FROM notification_endpoint_params WHERE endpoint_id = ? ORDER BY name",
        e.id);
    if (!params) return unexpected(std::move(params).error());
    e.params = std::move(*params);
  }
  return out;
}

Result<int64_t> NotificationRepository::add_recipient(const RecipientRecord& r) {
  auto tx = conn_.begin();
  if (!tx) return unexpected(std::move(tx).error());
  auto stmt = conn_.prepare(
      "INSERT INTO notification_recipients (name, endpoint_id, minimum_severity, check_categories, "
      "check_entities) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, r.name).bind(2, r.endpoint_id).bind(3, r.minimum_severity).bind(4, r.check_categories);
  stmt->bind(5, r.check_entities);
  if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
  const int64_t id = conn_.last_insert_rowid();
  if (auto s = write_recipient_params(id, r.params); !s) return unexpected(std::move(s).error());
  if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
  return id;
}

Result<bool> NotificationRepository::update_recipient(const RecipientRecord& r) {
  auto tx = conn_.begin();
  if (!tx) return unexpected(std::move(tx).error());
  auto stmt = conn_.prepare(
      "UPDATE notification_recipients SET name = ?, endpoint_id = ?, minimum_severity = ?, check_categories "
      "= ?, "
      "check_entities = ? WHERE id = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, r.name).bind(2, r.endpoint_id).bind(3, r.minimum_severity).bind(4, r.check_categories);
  stmt->bind(5, r.check_entities).bind(6, r.id);
  if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
  if (conn_.changes() == 0) return false;
  if (auto s = write_recipient_params(r.id, r.params); !s) return unexpected(std::move(s).error());
  if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
  return true;
}

Result<bool> NotificationRepository::remove_recipient(int64_t id) {
  if (auto s = run(conn_, "DELETE FROM notification_recipients WHERE id = ?", id); !s)
    return unexpected(std::move(s).error());
  return conn_.changes() > 0;
}

Result<std::vector<RecipientRecord>> NotificationRepository::recipients() {
  auto stmt = conn_.prepare(
      "SELECT id, name, endpoint_id, minimum_severity, check_categories, check_entities "
      "FROM notification_recipients ORDER BY id");
  if (!stmt) return unexpected(std::move(stmt).error());
  std::vector<RecipientRecord> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) break;
    out.push_back({stmt->column_int64(0),
                   stmt->column_text(1),
                   stmt->column_int64(2),
                   stmt->column_int64(3),
                   stmt->column_text(4),
                   stmt->column_text(5),
                   {}});
  }
  for (auto& r : out) {
    auto params = read_params(
        "SELECT name, value, 0 FROM notification_recipient_params WHERE recipient_id = ? ORDER BY name",
        r.id);
    if (!params) return unexpected(std::move(params).error());
    r.params = std::move(*params);
  }
  return out;
}

Status NotificationRepository::remove_all_endpoints() {
  return conn_.exec("DELETE FROM notification_recipients; DELETE FROM notification_endpoints;");
}

Status NotificationRepository::remove_all_recipients() {
  return conn_.exec("DELETE FROM notification_recipients;");
}

}  // namespace netmeter::store
