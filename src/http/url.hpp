#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"

namespace netmeter::http {

/// Strict percent-decoding: nullopt when a '%' is not followed by two hex digits or when the result
/// contains a NUL byte. With `plus_is_space`, '+' decodes to ' ' (form and query encoding).
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

/// Splits `a=1&b=x%20y&a=2` into decoded pairs, keeping order and repeated keys. Lenient: a '%' that does
/// not start a valid escape is kept as is. Also parses application/x-www-form-urlencoded bodies.
std::vector<QueryParam> parse_query(std::string_view query);

/// The parts of a request target.
struct Target {
  std::string path;       ///< decoded
  std::string raw_query;  ///< undecoded, without '?'
};

/// Splits and decodes an origin-form ("/a/b?x=1"), absolute-form ("http://h/a?x") or asterisk-form ("*")
/// target; nullopt when it is none of these or the path does not decode.
std::optional<Target> parse_target(std::string_view target);

}  // namespace netmeter::http
