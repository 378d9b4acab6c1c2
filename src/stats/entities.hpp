#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "stats/arp_delta.hpp"
#include "stats/boxed.hpp"
#include "stats/flat_index.hpp"
#include "stats/history.hpp"
#include "stats/host_delta.hpp"
#include "stats/keys.hpp"
#include "stats/traffic.hpp"

namespace netmeter::stats {

/// Traffic of an entity since the start, with its history and first/last activity (epoch ns).
struct TrafficStats {
  Traffic total;
  History history;
  int64_t first_ns = 0;
  int64_t last_ns = 0;

  /// Adds the traffic of one second; `first`/`last` are its exact packet times when known (epoch ns).
  void add(int64_t second, const Traffic& t, const HistoryConfig& config, int64_t first = 0,
           int64_t last = 0) {
    total += t;
    history.add(second, t, config);
    if (first == 0) first = last = second * 1'000'000'000;
    if (first_ns == 0 || first < first_ns) first_ns = first;
    if (last > last_ns) last_ns = last;
  }
  /// Traffic in [start, end) seconds.
  Traffic interval(int64_t start, int64_t end, const HistoryConfig& config) const {
    return history.sum(start, end, config);
  }
};

/// Application key: nDPI master and app protocol numbers.
inline uint32_t app_key(uint16_t master, uint16_t app) {
  return uint32_t{master} << 16 | app;
}

/// Traffic of one application (or category) at one host.
struct HostAppTraffic {
  uint32_t key = 0;
  Traffic traffic;  ///< from the host's view
  uint32_t flows = 0;
  int64_t duration_ns = 0;
};

struct TtlStats {
  uint64_t sum = 0;
  uint64_t count = 0;
  uint8_t min = 255;
  uint8_t max = 0;
};

/// Round-trip or response-time statistics in nanoseconds.
struct TimeStats {
  uint64_t count = 0;
  int64_t sum = 0;
  int64_t min = 0;
  int64_t max = 0;
  void add(int64_t v) {
    if (count == 0 || v < min) min = v;
    if (count == 0 || v > max) max = v;
    ++count;
    // Saturating: a capture's bogus times (near the 2^33 s clamp) would overflow a plain sum.
    if (__builtin_add_overflow(sum, v, &sum)) sum = v > 0 ? INT64_MAX : INT64_MIN;
  }
  int64_t avg() const { return count ? sum / static_cast<int64_t>(count) : 0; }
};

struct TcpQuality {
  uint64_t retransmissions = 0;  ///< segments this host sent again
  uint64_t out_of_order = 0;
  uint64_t lost = 0;  ///< gaps in what this host sent
  uint64_t zero_windows = 0;
  TimeStats rtt;  ///< handshake round trips of its connections as a client
};

struct DnsHostCounters {
  uint64_t queries_sent = 0;
  uint64_t replies_ok_rcvd = 0;
  uint64_t replies_error_rcvd = 0;
  uint64_t queries_rcvd = 0;  ///< as a DNS server
  uint64_t replies_ok_sent = 0;
  uint64_t replies_error_sent = 0;
  std::vector<std::pair<uint16_t, uint64_t>> queries_by_type;  ///< (qtype, queries sent)
};

struct HttpHostCounters {
  std::array<uint64_t, 10> methods{};        ///< requests sent, by l7 HTTP method index
  std::array<uint64_t, 6> status_classes{};  ///< responses received as a client: other,1xx..5xx
  std::array<uint64_t, 6> served_classes{};  ///< responses sent as a server
  uint64_t requests_rcvd = 0;
};

/// A host: an IP address on a VLAN.
/// Aligned to a cache line: a list scan reads the key and the totals, which then share one line.
struct alignas(64) HostEntry {
  HostKey key;
  bool local = false;
  bool multicast = false;
  bool broadcast = false;
  std::array<char, 2> country{};  ///< ISO 3166-1 alpha-2 from the geolocation databases ({0, 0}: unknown)
  uint32_t asn = 0;               ///< autonomous system (0: unknown)
  TrafficStats traffic;
  TtlStats ttl;
  std::array<uint64_t, static_cast<size_t>(TcpFlagCount::Count)> tcp_flags{};
  std::array<uint64_t, kSizeBins> sizes{};
  std::vector<std::pair<uint8_t, Traffic>> dscp;  ///< classes other than 0; class 0 is the rest
  std::vector<MacKey> macs;
  std::string dns_name;     ///< from DNS answers that resolved to it
  std::string served_name;  ///< TLS SNI / HTTP Host of connections it served
  std::string dhcp_name;    ///< host name it announced over DHCP
  uint32_t active_as_client = 0;
  uint32_t active_as_server = 0;
  uint64_t flows_as_client = 0;
  uint64_t flows_as_server = 0;
  std::vector<HostAppTraffic> apps;
  std::vector<HostAppTraffic> categories;
  TcpQuality tcp;
  DnsHostCounters dns;
  Boxed<HttpHostCounters> http;  ///< allocated at its first HTTP message
  ArpCounts arp;                 ///< ARP packets it sent

  /// The best name known: DHCP, then DNS, then what it served.
  const std::string& name() const {
    if (!dhcp_name.empty()) return dhcp_name;
    if (!dns_name.empty()) return dns_name;
    return served_name;
  }
  Traffic dscp_traffic(uint8_t dscp_class) const;
  uint32_t active_flows() const { return active_as_client + active_as_server; }
};

struct IpAddressHash {
  size_t operator()(const core::IpAddress& a) const { return HostKeyHash{}(HostKey{a, 0}); }
};

struct MacEntry {
  MacKey mac = 0;
  std::string vendor;  ///< owner of its address block, from StatsConfig::mac_vendors
  TrafficStats traffic;
  std::vector<core::IpAddress> ips;  ///< in the order they were first seen
  /// The same addresses for lookups, once there are many (a router's MAC carries every remote address).
  FlatSet<core::IpAddress, IpAddressHash> ip_index;
  /// Adds `ip` unless known: constant time however many addresses the MAC carries.
  void add_ip(const core::IpAddress& ip);

  /// Larger copies of `ips` and `ip_index` with room for `incoming` more addresses, for those that would
  /// otherwise grow during the next add_ip calls (see StatsStore::prepare_growth). Only reads.
  struct IpGrowth {
    std::optional<std::vector<core::IpAddress>> ips;
    std::optional<FlatSet<core::IpAddress, IpAddressHash>> index;
    bool empty() const { return !ips && !index; }
  };
  IpGrowth grown_ips(size_t incoming) const;
  /// Swaps the copies in (no add_ip since grown_ips()); `g` then holds the old containers.
  void adopt_ips(IpGrowth& g);
  std::vector<uint16_t> vlans;
  std::vector<std::pair<uint16_t, Traffic>> ethertypes;  ///< protocols it sent, by EtherType
  ArpCounts arp;
};

}  // namespace netmeter::stats
