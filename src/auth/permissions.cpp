#include "auth/permissions.hpp"

#include <array>
#include <cctype>

namespace netmeter::auth {

namespace {

constexpr std::array<Permission, 4> kAll = {Permission::ReadStats, Permission::Pcap, Permission::Upload,
                                            Permission::Admin};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

}  // namespace

std::string_view permission_name(Permission p) {
  switch (p) {
    case Permission::ReadStats:
      return "read_stats";
    case Permission::Pcap:
      return "pcap";
    case Permission::Upload:
      return "upload";
    case Permission::Admin:
      return "admin";
  }
  return "";
}

std::optional<Permissions> Permissions::parse(std::string_view text) {
  uint32_t bits = 0;
  while (!trim(text).empty()) {
    const auto comma = text.find(',');
    const auto name = trim(text.substr(0, comma));
    bool known = false;
    for (auto p : kAll) {
      if (iequals(name, permission_name(p))) {
        bits |= static_cast<uint32_t>(p);
        known = true;
      }
    }
    if (!known) return std::nullopt;
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return from_bits(bits);
}

std::string Permissions::to_string() const {
  std::string out;
  for (auto p : kAll) {
    if (!has(p)) continue;
    if (!out.empty()) out += ',';
    out += permission_name(p);
  }
  return out;
}

std::string_view role_name(Role role) {
  return role == Role::Admin ? "admin" : "user";
}

std::optional<Role> parse_role(std::string_view text) {
  text = trim(text);
  if (iequals(text, "admin") || iequals(text, "administrator")) return Role::Admin;
  if (iequals(text, "user") || iequals(text, "unprivileged")) return Role::User;
  return std::nullopt;
}

}  // namespace netmeter::auth
