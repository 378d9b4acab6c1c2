#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "query/flow_lists.hpp"

namespace netmeter::api::ntopng {

/// ntopng's name of an IP protocol (Utils::l4proto2name: "TCP", "UDP", "ICMP", "IPv6-ICMP" ...), else the
/// number as text.
std::string l4_name(uint8_t protocol);
/// An IP protocol from its number or its name in any case (ntopng's names, and "ICMPv6" too).
std::optional<uint8_t> parse_l4(std::string_view text);

/// One record of get/flow/active.lua; `verbose` adds `packets` and, for TCP, `tcp` (only what was
/// measured).
boost::json::object flow_json(const query::FlowItem& flow, bool verbose);

}  // namespace netmeter::api::ntopng
