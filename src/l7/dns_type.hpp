#pragma once

#include <cstdint>
#include <string_view>

#include "l7/bounded_text.hpp"

namespace netmeter::l7 {

/// Resource record types the parser acts on.
namespace dns_type {
inline constexpr uint16_t kA = 1;
inline constexpr uint16_t kCname = 5;
inline constexpr uint16_t kAaaa = 28;
}  // namespace dns_type

/// The mnemonic of a common record type ("A", "AAAA", "HTTPS", ...), or "other".
std::string_view dns_type_name(uint16_t type);

/// The mnemonic of any record type: dns_type_name, or "TYPE<n>" (RFC 3597) for the others.
BoundedText<12> dns_type_text(uint16_t type);

/// The mnemonic of a response code ("NOERROR", "NXDOMAIN", ...), or "other".
std::string_view dns_rcode_name(uint8_t rcode);

}  // namespace netmeter::l7
