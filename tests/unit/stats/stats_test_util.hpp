#pragma once

// Hand-made decoded packets and flows for the statistics tests: the recorders read nothing else.

#include <cstdint>
#include <string_view>

#include "core/ip_address.hpp"
#include "decode/decoded_packet.hpp"
#include "flow/flow.hpp"
#include "stats/connection_update.hpp"
#include "stats/keys.hpp"

namespace netmeter::stats::test {

inline core::IpAddress ip(std::string_view text) {
  return core::IpAddress::parse(text).value();
}

inline constexpr std::array<uint8_t, 6> kMacA{0x02, 0, 0, 0, 0, 0x0a};
inline constexpr std::array<uint8_t, 6> kMacB{0x02, 0, 0, 0, 0, 0x0b};
inline constexpr std::array<uint8_t, 6> kBroadcast{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
inline constexpr int64_t kSecond = 1'000'000'000;
inline constexpr int64_t kT0 = 1'700'000'000 * kSecond;

struct Ip {
  std::string_view src = "192.168.1.10";
  std::string_view dst = "198.51.100.1";
  uint8_t proto = decode::ip_proto::kTcp;
  uint16_t sport = 40000;
  uint16_t dport = 443;
  uint32_t len = 100;
  int64_t ts = kT0;
  uint8_t ttl = 64;
  uint8_t dscp = 0;
  uint8_t flags = 0;
  std::array<uint8_t, 6> src_mac = kMacA;
  std::array<uint8_t, 6> dst_mac = kMacB;
};

/// An Ethernet (by default MAC A -> MAC B) IPv4 or IPv6 packet as the decoders would leave it.
inline decode::DecodedPacket ip_packet(const Ip& h) {
  decode::DecodedPacket p;
  p.ts = {h.ts};
  p.caplen = p.wire_len = h.len;
  p.src_mac = h.src_mac;
  p.dst_mac = h.dst_mac;
  p.has_mac = true;
  p.has_ip = true;
  p.src_ip = ip(h.src);
  p.dst_ip = ip(h.dst);
  p.ip_version = p.src_ip.version();
  p.ethertype = p.ip_version == 4 ? 0x0800 : 0x86DD;
  p.ttl = h.ttl;
  p.dscp = h.dscp;
  p.l4_proto = h.proto;
  p.has_l4 = true;
  p.src_port = h.sport;
  p.dst_port = h.dport;
  p.tcp_flags = h.flags;
  return p;
}

/// The flow of a packet, with its sender as the client, and the packet counted in it.
inline flow::Flow flow_of(const decode::DecodedPacket& p, uint64_t id = 1) {
  flow::Flow f;
  bool swapped = false;
  f.key =
      core::FlowKey::make({p.src_ip, p.src_port}, {p.dst_ip, p.dst_port}, p.vlan_inner, p.l4_proto, swapped);
  f.client_is_lo = !swapped;
  f.id = id;
  return f;
}

/// Adds one packet in direction `dir` (0: client to server) to a flow's counters.
inline void count(flow::Flow& f, int dir, uint32_t len, int64_t ts) {
  auto& d = f.dir[static_cast<size_t>(dir)];
  if (d.packets == 0) d.first_seen = {ts};
  ++d.packets;
  d.bytes += len;
  d.last_seen = {ts};
}

inline HostKey host(std::string_view text, uint16_t vlan = 0) {
  return {ip(text), vlan};
}

}  // namespace netmeter::stats::test
