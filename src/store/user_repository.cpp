#include "store/user_repository.hpp"

#include <charconv>

namespace netmeter::store {

namespace {

constexpr std::string_view kColumns =
    "id, name, full_name, role, password_hash, permissions, allowed_networks, allowed_interfaces, "
    "language, created_at, disabled";

// Lists are stored as comma-separated text: neither CIDRs nor slot ids contain commas, and nothing
// queries inside them.
std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

std::string join(const std::vector<uint32_t>& items) {
  std::string out;
  for (auto item : items) {
    if (!out.empty()) out += ',';
    out += std::to_string(item);
  }
  return out;
}

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto item = text.substr(0, comma);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::vector<uint32_t> split_ids(std::string_view text) {
  std::vector<uint32_t> out;
  for (const auto& item : split(text)) {
    uint32_t id = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), id);
    if (ec == std::errc() && end == item.data() + item.size()) out.push_back(id);
  }
  return out;
}

UserRecord read_user(const Statement& stmt) {
  UserRecord u;
  u.id = stmt.column_int64(0);
  u.name = stmt.column_text(1);
  u.full_name = stmt.column_text(2);
  u.role = stmt.column_text(3);
  u.password_hash = stmt.column_text(4);
  u.permissions = static_cast<uint32_t>(stmt.column_int64(5));
  u.allowed_networks = split(stmt.column_text(6));
  u.allowed_interfaces = split_ids(stmt.column_text(7));
  u.language = stmt.column_text(8);
  u.created_at = stmt.column_int64(9);
  u.disabled = stmt.column_int64(10) != 0;
  return u;
}

Result<std::optional<UserRecord>> read_one(Statement& stmt) {
  auto row = stmt.step();
  if (!row) return unexpected(std::move(row).error());
  if (!*row) return std::optional<UserRecord>();
  return std::optional<UserRecord>(read_user(stmt));
}

Result<int64_t> read_count(Result<Statement> stmt) {
  if (!stmt) return unexpected(std::move(stmt).error());
  auto row = stmt->step();
  if (!row) return unexpected(std::move(row).error());
  return *row ? stmt->column_int64(0) : 0;
}

}  // namespace

Result<std::optional<UserRecord>> UserRepository::find_by_name(std::string_view name) {
  auto stmt = conn_.prepare("SELECT " + std::string(kColumns) + " FROM users WHERE name = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, name);
  return read_one(*stmt);
}

Result<std::optional<UserRecord>> UserRepository::find_by_id(int64_t id) {
  auto stmt = conn_.prepare("SELECT " + std::string(kColumns) + " FROM users WHERE id = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, id);
  return read_one(*stmt);
}

Result<std::vector<UserRecord>> UserRepository::list() {
  auto stmt = conn_.prepare("SELECT " + std::string(kColumns) + " FROM users ORDER BY name");
  if (!stmt) return unexpected(std::move(stmt).error());
  std::vector<UserRecord> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) break;
    out.push_back(read_user(*stmt));
  }
  return out;
}

Result<int64_t> UserRepository::insert(const UserRecord& user) {
  auto stmt = conn_.prepare(
      "INSERT INTO users (name, full_name, role, password_hash, permissions, allowed_networks, "
      "allowed_interfaces, language, created_at, disabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, user.name)
      .bind(2, user.full_name)
      .bind(3, user.role)
      .bind(4, user.password_hash)
      .bind(5, int64_t{user.permissions})
      .bind(6, join(user.allowed_networks))
      .bind(7, join(user.allowed_interfaces))
      .bind(8, user.language)
      .bind(9, user.created_at)
      .bind(10, int64_t{user.disabled ? 1 : 0});
  if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
  return conn_.last_insert_rowid();
}

Result<bool> UserRepository::update(const UserRecord& user) {
  auto stmt = conn_.prepare(
      "UPDATE users SET full_name = ?, role = ?, password_hash = ?, permissions = ?, allowed_networks = ?, "
      "allowed_interfaces = ?, language = ?, disabled = ? WHERE id = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, user.full_name)
      .bind(2, user.role)
      .bind(3, user.password_hash)
      .bind(4, int64_t{user.permissions})
      .bind(5, join(user.allowed_networks))
      .bind(6, join(user.allowed_interfaces))
      .bind(7, user.language)
      .bind(8, int64_t{user.disabled ? 1 : 0})
      .bind(9, user.id);
  if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
  return conn_.changes() > 0;
}

Result<bool> UserRepository::replace_password_hash(int64_t id, std::string_view expected_hash,
                                                   std::string_view new_hash) {
  auto stmt = conn_.prepare("UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, new_hash).bind(2, id).bind(3, expected_hash);
  if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
  return conn_.changes() > 0;
}

Result<bool> UserRepository::remove(int64_t id) {
  auto stmt = conn_.prepare("DELETE FROM users WHERE id = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, id);
  if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
  return conn_.changes() > 0;
}

Result<int64_t> UserRepository::count() {
  return read_count(conn_.prepare("SELECT count(*) FROM users"));
}

Result<int64_t> UserRepository::count_enabled_admins() {
  return read_count(conn_.prepare("SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0"));
}

}  // namespace netmeter::store
