#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/ip_address.hpp"
#include "filter/mac_address.hpp"

namespace netmeter::filter {

/// One side of what a filter looks at.
struct Endpoint {
  core::IpAddress ip;             ///< empty() when the subject has no IP layer (ARP, other L2)
  uint16_t port = 0;              ///< read only when Subject::has_ports
  std::optional<MacAddress> mac;  ///< absent when unknown (no Ethernet header, or not kept)
};

/// What a filter is evaluated on: a view that a packet or a connection maps into without allocating.
/// For a packet, `src` is its source and `dst` its destination; for a connection, `src` is the client
/// and `dst` the server. Nothing here is owned: the application names are views into the caller's data
/// and must outlive the evaluation.
struct Subject {
  Endpoint src;
  Endpoint dst;
  uint8_t l4 = 0;                   ///< IP protocol number; read only when src.ip is not empty
  bool has_ports = false;           ///< TCP, UDP or SCTP with its ports known (not a later IP fragment)
  uint8_t vlan_count = 0;           ///< 0 (untagged), 1 or 2; a connection carries its one VLAN
  std::array<uint16_t, 2> vlans{};  ///< the first vlan_count IDs, outermost first
  std::string_view app_master;  ///< nDPI master protocol ("TLS"); empty when there is none or it equals app
  std::string_view app;         ///< nDPI application protocol ("YouTube"); empty when unknown

  bool has_ip() const { return !src.ip.empty(); }
};

}  // namespace netmeter::filter
