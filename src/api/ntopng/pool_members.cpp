// Pool members as ntopng's pools modules check them (checkPoolMember, parse_members, normalize_member).
#include "api/ntopng/pool_members.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/ip_address.hpp"

namespace netmeter::api::ntopng {

namespace {

namespace json = boost::json;

std::optional<int64_t> number(std::string_view text, int64_t max) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n < 0 || n > max)
    return std::nullopt;
  return n;
}

bool is_mac(std::string_view s) {
  if (s.size() != 17) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool colon = i % 3 == 2;
    if (colon ? s[i] != ':' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

/// `ip/prefix` with a prefix that fits the address family.
bool is_cidr(std::string_view s) {
  auto slash = s.find('/');
  if (slash == std::string_view::npos) return false;
  auto ip = core::IpAddress::parse(s.substr(0, slash));
  return ip && number(s.substr(slash + 1), ip->is_v4() ? 32 : 128);
}

std::optional<std::string> host_member(std::string_view m) {
  if (is_mac(m)) return upper(m);
  std::string full(m);
  if (full.find('@') == std::string::npos) full += "@0";
  auto at = full.find('@');
  if (!is_cidr(std::string_view(full).substr(0, at)) || !number(std::string_view(full).substr(at + 1), 4095))
    return std::nullopt;
  return upper(full);
}

}  // namespace

std::optional<std::string> normalise_pool_member(std::string_view type, std::string_view member,
                                                 const std::vector<uint32_t>& ifids) {
  if (type == "host") return host_member(member);
  if (type == "network") return is_cidr(member) ? std::optional<std::string>(upper(member)) : std::nullopt;
  if (type == "interface") {
    auto id = number(member, UINT32_MAX);
    if (!id || std::find(ifids.begin(), ifids.end(), static_cast<uint32_t>(*id)) == ifids.end())
      return std::nullopt;
    return std::to_string(*id);
  }
  return std::nullopt;
}

ParsedMembers parse_pool_members(std::string_view type, std::string_view text,
                                 const std::vector<uint32_t>& ifids) {
  ParsedMembers out;
  while (!text.empty()) {
    auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    auto member = normalise_pool_member(type, item, ifids);
    if (!member) {
      out.error = "not a valid member of a " + std::string(type) + " pool: " + std::string(item);
      return out;
    }
    if (std::find(out.members.begin(), out.members.end(), *member) == out.members.end())
      out.members.push_back(std::move(*member));
  }
  return out;
}

json::object pool_member_details(std::string_view type, const std::string& member) {
  if (type != "host") return {{"name", member}, {"member", member}};
  if (is_mac(member))
    return {{"name", member}, {"vlan", 0}, {"member", member}, {"type", "mac"}, {"hostkey", member}};
  auto at = member.find('@');
  auto slash = member.find('/');
  std::string ip = member.substr(0, slash);
  std::string_view prefix = std::string_view(member).substr(slash + 1, at - slash - 1);
  const int64_t vlan = number(std::string_view(member).substr(at + 1), 4095).value_or(0);
  const bool single = (prefix == "32" && ip.find(':') == std::string::npos) || prefix == "128";
  std::string name = single ? ip : member.substr(0, at);
  std::string hostkey = vlan == 0 ? name : name + "@" + std::to_string(vlan);
  return {{"name", name},
          {"vlan", vlan},
          {"member", member},
          {"type", single ? "ip" : "net"},
          {"hostkey", hostkey}};
}

}  // namespace netmeter::api::ntopng
