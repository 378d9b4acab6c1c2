#include "history/clickhouse/clickhouse_url.hpp"

#include <charconv>

namespace netmeter::history::clickhouse {
namespace {

constexpr std::string_view kScheme = "clickhouse://";

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_user_name(std::string_view user) {
  if (user.empty()) return false;
  for (char c : user)
    if (!is_alpha(c) && !is_digit(c) && c != '_' && c != '.' && c != '-') return false;
  return true;
}

bool is_host_name(std::string_view host) {
  if (host.empty()) return false;
  for (char c : host)
    if (!is_alpha(c) && !is_digit(c) && c != '.' && c != '-') return false;
  return true;
}

std::optional<uint16_t> parse_port(std::string_view text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value == 0 || value > 65535)
    return std::nullopt;
  return static_cast<uint16_t>(value);
}

}  // namespace

bool is_plain_identifier(std::string_view name) {
  if (name.empty() || name.size() > 64 || is_digit(name.front())) return false;
  for (char c : name)
    if (!is_alpha(c) && !is_digit(c) && c != '_') return false;
  return true;
}

std::optional<ClickHouseUrl> parse_clickhouse_url(std::string_view text) {
  if (!text.starts_with(kScheme)) return std::nullopt;
  text.remove_prefix(kScheme.size());
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view authority = text.substr(0, slash);
  std::string_view database = text.substr(slash + 1);
  if (!database.empty() && database.back() == '/') database.remove_suffix(1);
  if (!is_plain_identifier(database)) return std::nullopt;

  ClickHouseUrl url;
  url.database = database;
  if (const size_t at = authority.find('@'); at != std::string_view::npos) {
    if (!is_user_name(authority.substr(0, at))) return std::nullopt;
    url.user = authority.substr(0, at);
    authority.remove_prefix(at + 1);
  }
  if (const size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    auto port = parse_port(authority.substr(colon + 1));
    if (!port) return std::nullopt;
    url.port = *port;
    authority = authority.substr(0, colon);
  }
  if (!is_host_name(authority)) return std::nullopt;
  url.host = authority;
  return url;
}

}  // namespace netmeter::history::clickhouse
