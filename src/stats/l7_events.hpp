#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "core/ip_address.hpp"
#include "stats/arp_delta.hpp"
#include "stats/keys.hpp"

namespace netmeter::stats {

enum class L7Kind : uint8_t {
  DnsQuery,
  DnsResponse,
  HttpRequest,
  HttpResponse,
  TlsClientHello,
  TlsServerHello,
  Dhcp
};

/// An application-layer fact one packet carried (a DNS query, an HTTP status line, a TLS hello, a DHCP
/// message). Plain fixed-size data so recording it allocates nothing; the aggregator pairs requests with
/// responses by flow to measure response times.
struct L7Event {
  static constexpr size_t kMaxName = 128;
  static constexpr size_t kMaxAddresses = 4;
  /// DHCP: addresses[0] is the client's address (yiaddr, ciaddr or requested), addresses[1] the server id.
  static constexpr uint8_t kHasClientAddress = 1;
  static constexpr uint8_t kHasServerId = 2;
  static constexpr uint8_t kHasLease = 4;
  static constexpr uint8_t kHasMac = 8;
  /// The name was cut (by the parser's buffer, the capture, or kMaxName).
  static constexpr uint8_t kNameTruncated = 16;

  L7Kind kind = L7Kind::DnsQuery;
  int64_t ts_ns = 0;
  uint64_t flow_id = 0;
  HostKey client;  ///< the flow's client (DNS resolver user, HTTP client, DHCP client's address if any)
  HostKey server;
  uint16_t id = 0;    ///< DNS transaction id, DHCP transaction id (low bits)
  uint16_t code = 0;  ///< DNS qtype, HTTP method or status, TLS version, DHCP message type
  uint8_t rcode = 0;  ///< DNS response code
  uint8_t flags = 0;  ///< kHas* bits
  uint8_t address_count = 0;
  std::array<core::IpAddress, kMaxAddresses> addresses{};  ///< DNS A/AAAA answers, DHCP offered address
  MacKey mac = 0;                                          ///< DHCP client hardware address
  uint32_t lease_seconds = 0;
  uint8_t name_len = 0;
  std::array<char, kMaxName> name{};  ///< DNS query name, HTTP Host, TLS SNI, DHCP host name

  std::string_view name_view() const { return {name.data(), name_len}; }
  void set_name(std::string_view s) {
    name_len = static_cast<uint8_t>(s.size() < kMaxName ? s.size() : kMaxName);
    for (size_t i = 0; i < name_len; ++i)
      name[i] = s[i];
  }
};

static_assert(std::is_trivially_copyable_v<L7Event>);

}  // namespace netmeter::stats
