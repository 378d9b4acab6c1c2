#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace netmeter::core {

// Every way a packet can be malformed or unprocessable, each a named counter (Zeek calls them "weirds").
#define NETMETER_ANOMALIES(X) \
  X(truncated_ethernet)       \
  X(truncated_llc)            \
  X(truncated_vlan)           \
  X(truncated_mpls)           \
  X(truncated_pppoe)          \
  X(truncated_ppp)            \
  X(truncated_arp)            \
  X(truncated_ipv4)           \
  X(bad_ip_version)           \
  X(bad_ip_header_length)     \
  X(bad_ip_total_length)      \
  X(truncated_ipv6)           \
  X(truncated_ipv6_extension) \
  X(bad_ipv6_payload_length)  \
  X(truncated_tcp)            \
  X(bad_tcp_header_length)    \
  X(truncated_udp)            \
  X(bad_udp_length)           \
  X(truncated_icmp)           \
  X(truncated_icmpv6)         \
  X(truncated_sctp)           \
  X(truncated_gre)            \
  X(unsupported_gre_version)  \
  X(truncated_vxlan)          \
  X(truncated_gtpu)           \
  X(bad_gtpu_version)         \
  X(truncated_geneve)         \
  X(truncated_teredo)         \
  X(truncated_ayiya)          \
  X(truncated_capwap)         \
  X(truncated_l2tp)           \
  X(truncated_pbb)            \
  X(truncated_vntag)          \
  X(truncated_etag)           \
  X(truncated_nsh)            \
  X(bad_nsh_length)           \
  X(truncated_vxlan_gpe)      \
  X(truncated_erspan)         \
  X(truncated_fabricpath)     \
  X(truncated_fddi)           \
  X(truncated_nflog)          \
  X(truncated_ipoib)          \
  X(truncated_pflog)          \
  X(truncated_enc)            \
  X(truncated_linux_sll)      \
  X(truncated_null)           \
  X(unknown_address_family)   \
  X(truncated_radiotap)       \
  X(truncated_80211)          \
  X(too_many_layers)          \
  X(fragment_without_first)   \
  X(caplen_exceeds_len)       \
  X(empty_packet)

enum class Anomaly : uint8_t {
#define NETMETER_ANOMALY_ENUM(name) name,
  NETMETER_ANOMALIES(NETMETER_ANOMALY_ENUM)
#undef NETMETER_ANOMALY_ENUM
      kCount
};

constexpr size_t kAnomalyCount = static_cast<size_t>(Anomaly::kCount);

std::string_view anomaly_name(Anomaly a);

/// Per-thread anomaly counters, merged by addition.
struct AnomalyCounters {
  std::array<uint64_t, kAnomalyCount> counts{};

  void add(Anomaly a) { ++counts[static_cast<size_t>(a)]; }
  uint64_t get(Anomaly a) const { return counts[static_cast<size_t>(a)]; }
  uint64_t total() const {
    uint64_t t = 0;
    for (auto c : counts)
      t += c;
    return t;
  }
  AnomalyCounters& operator+=(const AnomalyCounters& o) {
    for (size_t i = 0; i < kAnomalyCount; ++i)
      counts[i] += o.counts[i];
    return *this;
  }
};

}  // namespace netmeter::core
