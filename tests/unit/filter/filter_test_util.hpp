#pragma once

// Helpers shared by the filter tests: parsing that must succeed, and subjects built field by field.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/ip_address.hpp"
#include "filter/filter.hpp"
#include "filter/parser.hpp"
#include "filter/subject.hpp"

namespace netmeter::filter::test {

/// The tree of an expression that must parse; a failure names the error.
inline Expression parsed(std::string_view text) {
  ParseResult r = parse(text);
  EXPECT_TRUE(r) << "'" << text << "': " << r.error.to_string();
  return r ? *r.expression : Expression{};
}

/// The error of an expression that must not parse.
inline ParseError error_of(std::string_view text) {
  ParseResult r = parse(text);
  EXPECT_FALSE(r) << "'" << text << "' parsed as '" << (r ? to_string(*r.expression) : "") << "'";
  return r.error;
}

inline core::IpAddress ip(std::string_view text) {
  return core::IpAddress::parse(text).value();
}

inline MacAddress mac(std::string_view text) {
  return MacAddress::parse(text).value();
}

/// A TCP connection 10.0.0.1:50000 (client, 02:..:0a) -> 10.0.0.2:443 (server, 02:..:0b), VLAN 10,
/// classified TLS.YouTube.
inline Subject tcp_connection() {
  Subject s;
  s.src = {ip("10.0.0.1"), 50000, mac("02:00:00:00:00:0a")};
  s.dst = {ip("10.0.0.2"), 443, mac("02:00:00:00:00:0b")};
  s.l4 = 6;
  s.has_ports = true;
  s.vlan_count = 1;
  s.vlans = {10, 0};
  s.app_master = "TLS";
  s.app = "YouTube";
  return s;
}

/// Whether `expression` (which must parse) matches `subject`.
inline bool matches(std::string_view expression, const Subject& subject) {
  ParseResult r = parse(expression);
  EXPECT_TRUE(r) << "'" << expression << "': " << r.error.to_string();
  if (!r) return false;
  return Filter(*r.expression).matches(subject);
}

}  // namespace netmeter::filter::test
