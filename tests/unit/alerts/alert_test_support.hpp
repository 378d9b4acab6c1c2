#pragma once

#include <string_view>

#include "core/ip_address.hpp"
#include "stats/connection_update.hpp"
#include "stats/keys.hpp"

namespace netmeter::alerts::test {

inline core::IpAddress ip(std::string_view text) {
  return *core::IpAddress::parse(text);
}

inline stats::HostKey host(std::string_view text) {
  return {ip(text), 0};
}

/// A TCP connection update from `client`:`cport` to `server`:`sport`.
inline stats::ConnectionUpdate connection(uint64_t id, std::string_view client, uint16_t cport,
                                          std::string_view server, uint16_t sport) {
  stats::ConnectionUpdate u;
  u.id = id;
  bool swapped = false;
  u.key = core::FlowKey::make({ip(client), cport}, {ip(server), sport}, 0, 6, swapped);
  u.client_is_lo = !swapped;
  return u;
}

}  // namespace netmeter::alerts::test
