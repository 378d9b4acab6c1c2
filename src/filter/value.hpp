#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/cidr.hpp"
#include "filter/field.hpp"
#include "filter/mac_address.hpp"

namespace netmeter::filter {

/// The value of an `ip` comparison: an address or a network, and optionally a port that the same
/// endpoint must have.
struct IpValue {
  core::Cidr network;
  std::optional<uint16_t> port;

  /// "a.b.c.d", "a.b.c.d/n", "a.b.c.d:port", "x::y", "x::/n", "[x::y]", "[x::y]:port" (a network with a
  /// port, such as "10.0.0.0/8:53" or "[fe80::/10]:546", is accepted too); nullopt otherwise.
  static std::optional<IpValue> parse(std::string_view text);
  /// The shortest form parse() reads back: the bare address for a host, brackets for IPv6 with a port.
  std::string to_string() const;
  friend bool operator==(const IpValue&, const IpValue&) = default;
};

/// A port, from 0 to 65535.
struct PortValue {
  uint16_t port = 0;
  friend bool operator==(const PortValue&, const PortValue&) = default;
};

/// An inclusive range of ports.
struct PortRange {
  uint16_t lo = 0;
  uint16_t hi = 0;
  friend bool operator==(const PortRange&, const PortRange&) = default;
};

/// The values among 0..max that `op value` accepts (an ordering, or one value for the other operators), as
/// the filter evaluates port and VLAN comparisons; empty when none does (`< 0`, `> max`).
std::vector<PortRange> accepted_ranges(Op op, uint16_t value, uint16_t max);

/// The value of a `portrange` comparison: "80,100-120,-10,65000-".
struct PortListValue {
  std::vector<PortRange> ranges;

  /// Comma-separated items N, N-M (N <= M), -M (0-M) and N- (N-65535); blanks around items are
  /// ignored; no item may be empty. nullopt otherwise.
  static std::optional<PortListValue> parse(std::string_view text);
  /// "80,100-120,0-10,65000-65535".
  std::string to_string() const;
  friend bool operator==(const PortListValue&, const PortListValue&) = default;
};

/// A VLAN ID from 0 to 4095, or none (an untagged subject).
struct VlanValue {
  std::optional<uint16_t> id;
  friend bool operator==(const VlanValue&, const VlanValue&) = default;
};

/// An IP protocol number.
struct L4Value {
  uint8_t protocol = 0;
  friend bool operator==(const L4Value&, const L4Value&) = default;
};

/// An application name as written (its case is kept for `===`).
struct DpiValue {
  std::string name;
  friend bool operator==(const DpiValue&, const DpiValue&) = default;
};

/// A typed value; the alternative follows the field (Field::Ip holds an IpValue, and so on).
using Value = std::variant<IpValue, PortValue, PortListValue, MacAddress, VlanValue, L4Value, DpiValue>;

}  // namespace netmeter::filter
