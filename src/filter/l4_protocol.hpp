#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace netmeter::filter {

/// The IP protocol number of a name ("TCP", "udp", "ICMPv6", ...; case-insensitive) or of a decimal
/// number 0-255; nullopt otherwise.
std::optional<uint8_t> l4_protocol_from_text(std::string_view text);

/// The name of a protocol number ("TCP"), or an empty view when it has none in the table.
std::string_view l4_protocol_name(uint8_t protocol);

/// Every accepted name, comma-separated, for error messages and documentation.
std::string_view l4_protocol_list();

}  // namespace netmeter::filter
