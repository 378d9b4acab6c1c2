#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netmeter::api::ntopng {

/// The members of a `pool_members` value, normalised as ntopng stores them, or why one is refused.
struct ParsedMembers {
  std::vector<std::string> members;
  std::optional<std::string> error;
};

/// Parses a comma-separated `pool_members` value for pools of `type` (docs/ntopng/pools.md):
/// host: a MAC, or `ip/prefix[@vlan]` (prefix mandatory, `@0` added when absent), upper-cased;
/// network: `ip/prefix`; interface: the id of an existing interface (`ifids`); the other types have no
/// members netmeter knows (active monitoring: none configured), so any member is refused.
ParsedMembers parse_pool_members(std::string_view type, std::string_view text,
                                 const std::vector<uint32_t>& ifids);

/// One member, normalised, or nullopt when it is not valid for `type` (as parse_pool_members).
std::optional<std::string> normalise_pool_member(std::string_view type, std::string_view member,
                                                 const std::vector<uint32_t>& ifids);

/// ntopng's member_details entry of a member: {name, vlan, member, type ("ip", "net", "mac"), hostkey}
/// for host pools, {name, member} for the other types.
boost::json::object pool_member_details(std::string_view type, const std::string& member);

}  // namespace netmeter::api::ntopng
