#pragma once

// Byte-by-byte packet builders for unit tests. Each function writes one header in front of the payload
// it is given, so a frame reads outside-in: ethernet(0x0800, ipv4({...}, tcp({...}, payload(10)))).
// Lengths (IPv4 total, IPv6 payload, UDP, PPPoE, GTP-U) are computed unless a test overrides them.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/ip_address.hpp"
#include "decode/decoded_packet.hpp"

namespace netmeter::test {

using Frame = std::vector<uint8_t>;
using Mac = std::array<uint8_t, 6>;

inline constexpr Mac kMacA{0x02, 0x00, 0x00, 0x00, 0x00, 0x0a};
inline constexpr Mac kMacB{0x02, 0x00, 0x00, 0x00, 0x00, 0x0b};
inline constexpr Mac kMacC{0x02, 0x00, 0x00, 0x00, 0x00, 0x0c};
inline constexpr Mac kMacD{0x02, 0x00, 0x00, 0x00, 0x00, 0x0d};

inline core::IpAddress ip(std::string_view text) {
  return core::IpAddress::parse(text).value();
}

/// Appends fields in network (or, where asked, little-endian) byte order.
class Writer {
 public:
  Writer& u8(uint8_t v) {
    out_.push_back(v);
    return *this;
  }
  Writer& be16(uint16_t v) { return u8(static_cast<uint8_t>(v >> 8)).u8(static_cast<uint8_t>(v)); }
  Writer& be32(uint32_t v) { return be16(static_cast<uint16_t>(v >> 16)).be16(static_cast<uint16_t>(v)); }
  Writer& le16(uint16_t v) { return u8(static_cast<uint8_t>(v)).u8(static_cast<uint8_t>(v >> 8)); }
  Writer& le32(uint32_t v) { return le16(static_cast<uint16_t>(v)).le16(static_cast<uint16_t>(v >> 16)); }
  Writer& raw(const Frame& bytes) {
    out_.insert(out_.end(), bytes.begin(), bytes.end());
    return *this;
  }
  Writer& zeros(size_t n) {
    out_.insert(out_.end(), n, 0);
    return *this;
  }
  Writer& mac(const Mac& m) {
    out_.insert(out_.end(), m.begin(), m.end());
    return *this;
  }
  Writer& addr(const core::IpAddress& a) {
    out_.insert(out_.end(), a.bytes().begin(), a.bytes().begin() + (a.is_v4() ? 4 : 16));
    return *this;
  }
  Frame take() { return std::move(out_); }

 private:
  Frame out_;
};

/// `n` recognisable payload bytes.
inline Frame payload(size_t n, uint8_t seed = 0x30) {
  Frame p(n);
  for (size_t i = 0; i < n; ++i)
    p[i] = static_cast<uint8_t>(seed + i);
  return p;
}

/// The bytes of a text (no terminating zero).
inline Frame text(std::string_view s) {
  return Frame(s.begin(), s.end());
}

inline Frame concat(Frame a, const Frame& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// ---- Link layers -------------------------------------------------------------------------------

inline Frame ethernet(uint16_t type, const Frame& body, const Mac& dst = kMacB, const Mac& src = kMacA) {
  return Writer().mac(dst).mac(src).be16(type).raw(body).take();
}

/// 802.3 frame: the type field holds the length of the LLC payload.
inline Frame ieee8023(const Frame& llc, const Mac& dst = kMacB, const Mac& src = kMacA) {
  return ethernet(static_cast<uint16_t>(llc.size()), llc, dst, src);
}

inline Frame llc_snap(uint16_t type, const Frame& body) {
  return Writer().u8(0xAA).u8(0xAA).u8(0x03).u8(0).u8(0).u8(0).be16(type).raw(body).take();
}

/// One 802.1Q/802.1ad tag (TCI, then the ethertype that follows it).
inline Frame vlan_tag(uint16_t tci, uint16_t type, const Frame& body) {
  return Writer().be16(tci).be16(type).raw(body).take();
}

/// MPLS label stack; the last label gets the bottom-of-stack bit.
inline Frame mpls(const std::vector<uint32_t>& labels, const Frame& body) {
  Writer w;
  for (size_t i = 0; i < labels.size(); ++i) {
    uint32_t bos = i + 1 == labels.size() ? 0x100 : 0;
    w.be32((labels[i] << 12) | bos | 64);
  }
  return w.raw(body).take();
}

inline Frame pppoe_session(uint16_t ppp_protocol, const Frame& body, uint16_t session = 0x1234) {
  return Writer()
      .u8(0x11)
      .u8(0x00)
      .be16(session)
      .be16(static_cast<uint16_t>(body.size() + 2))
      .be16(ppp_protocol)
      .raw(body)
      .take();
}

inline Frame linux_sll(uint16_t protocol, const Frame& body, uint16_t arphrd = 1, const Mac& src = kMacA) {
  return Writer().be16(0).be16(arphrd).be16(6).mac(src).zeros(2).be16(protocol).raw(body).take();
}

inline Frame linux_sll2(uint16_t protocol, const Frame& body, uint16_t arphrd = 1, const Mac& src = kMacA) {
  return Writer().be16(protocol).be16(0).be32(2).be16(arphrd).u8(0).u8(6).mac(src).zeros(2).raw(body).take();
}

/// BSD loopback header: the address family in the chosen byte order.
inline Frame null_header(uint32_t family, bool big_endian, const Frame& body) {
  Writer w;
  if (big_endian)
    w.be32(family);
  else
    w.le32(family);
  return w.raw(body).take();
}

/// Radiotap header: its present words, then the already aligned field bytes.
inline Frame radiotap(const std::vector<uint32_t>& present, const Frame& fields, const Frame& body) {
  Writer w;
  w.u8(0).u8(0).le16(static_cast<uint16_t>(4 + 4 * present.size() + fields.size()));
  for (uint32_t p : present)
    w.le32(p);
  return w.raw(fields).raw(body).take();
}

/// 802.11 MAC header: frame control (little-endian), addresses, sequence control, optional
/// fourth address and QoS control.
struct Dot11 {
  uint16_t fc = 0x0008;  ///< data frame, no flags
  Mac a1 = kMacB;
  Mac a2 = kMacA;
  Mac a3 = kMacC;
  std::optional<Mac> a4;
  std::optional<uint16_t> qos;
};
inline Frame ieee80211(const Dot11& h, const Frame& body) {
  Writer w;
  w.le16(h.fc).le16(0).mac(h.a1).mac(h.a2).mac(h.a3).le16(0);
  if (h.a4) w.mac(*h.a4);
  if (h.qos) w.le16(*h.qos);
  return w.raw(body).take();
}

// ---- ARP and IP --------------------------------------------------------------------------------

inline Frame arp(uint16_t op, const core::IpAddress& sender, const core::IpAddress& target,
                 const Mac& sender_mac = kMacA, const Mac& target_mac = Mac{}) {
  return Writer()
      .be16(1)
      .be16(0x0800)
      .u8(6)
      .u8(4)
      .be16(op)
      .mac(sender_mac)
      .addr(sender)
      .mac(target_mac)
      .addr(target)
      .take();
}

namespace ipv4_frag {
constexpr uint16_t kDontFragment = 0x4000, kMoreFragments = 0x2000;
}

struct Ipv4 {
  core::IpAddress src = ip("10.0.0.1");
  core::IpAddress dst = ip("10.0.0.2");
  uint8_t proto = decode::ip_proto::kTcp;
  uint8_t ttl = 64;
  uint8_t tos = 0;
  uint16_t id = 0x1234;
  uint16_t frag = 0;  ///< flags and offset (in 8-byte units), as on the wire
  Frame options;      ///< a multiple of 4 bytes
  std::optional<uint16_t> total_length;
  std::optional<uint8_t> version_ihl;
};

inline Frame ipv4(const Ipv4& h, const Frame& body) {
  size_t header = 20 + h.options.size();
  uint8_t version_ihl = h.version_ihl.value_or(static_cast<uint8_t>(0x40 | (header / 4)));
  uint16_t total = h.total_length.value_or(static_cast<uint16_t>(header + body.size()));
  Frame hdr = Writer()
                  .u8(version_ihl)
                  .u8(h.tos)
                  .be16(total)
                  .be16(h.id)
                  .be16(h.frag)
                  .u8(h.ttl)
                  .u8(h.proto)
                  .be16(0)
                  .addr(h.src)
                  .addr(h.dst)
                  .raw(h.options)
                  .take();
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < hdr.size(); i += 2)
    sum += (hdr[i] << 8) | hdr[i + 1];
  while (sum >> 16)
    sum = (sum & 0xFFFF) + (sum >> 16);
  hdr[10] = static_cast<uint8_t>(~sum >> 8);
  hdr[11] = static_cast<uint8_t>(~sum);
  return concat(std::move(hdr), body);
}

struct Ipv6 {
  core::IpAddress src = ip("2001:db8::1");
  core::IpAddress dst = ip("2001:db8::2");
  uint8_t next = decode::ip_proto::kTcp;
  uint8_t hop_limit = 64;
  uint8_t traffic_class = 0;
  std::optional<uint16_t> payload_length;
};

/// IPv6 header; `body` starts with any extension headers.
inline Frame ipv6(const Ipv6& h, const Frame& body) {
  uint16_t length = h.payload_length.value_or(static_cast<uint16_t>(body.size()));
  return Writer()
      .be32(0x60000000u | (uint32_t{h.traffic_class} << 20) | 0x12345)
      .be16(length)
      .u8(h.next)
      .u8(h.hop_limit)
      .addr(h.src)
      .addr(h.dst)
      .raw(body)
      .take();
}

/// Hop-by-hop, routing or destination-options header of 8 * (1 + extra_units) bytes (Pad1 filled).
inline Frame ipv6_ext(uint8_t next, const Frame& body, uint8_t extra_units = 0) {
  return Writer().u8(next).u8(extra_units).zeros(6 + 8 * size_t{extra_units}).raw(body).take();
}

inline Frame ipv6_fragment(uint8_t next, uint16_t offset_units, bool more, uint32_t id, const Frame& body) {
  return Writer()
      .u8(next)
      .u8(0)
      .be16(static_cast<uint16_t>((offset_units << 3) | (more ? 1 : 0)))
      .be32(id)
      .raw(body)
      .take();
}

// ---- Transport ---------------------------------------------------------------------------------

struct Tcp {
  uint16_t sport = 40000;
  uint16_t dport = 80;
  uint32_t seq = 1000;
  uint32_t ack = 0;
  uint8_t flags = decode::tcp_flag::kSyn;
  uint16_t window = 65535;
  Frame options;                       ///< a multiple of 4 bytes
  std::optional<uint8_t> data_offset;  ///< in 32-bit words; default from the options
};

inline Frame tcp(const Tcp& h, const Frame& body = {}) {
  uint8_t offset = h.data_offset.value_or(static_cast<uint8_t>((20 + h.options.size()) / 4));
  return Writer()
      .be16(h.sport)
      .be16(h.dport)
      .be32(h.seq)
      .be32(h.ack)
      .u8(static_cast<uint8_t>(offset << 4))
      .u8(h.flags)
      .be16(h.window)
      .be16(0)
      .be16(0)
      .raw(h.options)
      .raw(body)
      .take();
}

inline Frame udp(uint16_t sport, uint16_t dport, const Frame& body, std::optional<uint16_t> length = {}) {
  return Writer()
      .be16(sport)
      .be16(dport)
      .be16(length.value_or(static_cast<uint16_t>(8 + body.size())))
      .be16(0)
      .raw(body)
      .take();
}

/// ICMP and ICMPv6 share the layout: type, code, checksum, then the message body.
inline Frame icmp(uint8_t type, uint8_t code, const Frame& body) {
  return Writer().u8(type).u8(code).be16(0).raw(body).take();
}

inline Frame sctp(uint16_t sport, uint16_t dport, const Frame& chunks) {
  return Writer().be16(sport).be16(dport).be32(0xCAFEF00D).be32(0).raw(chunks).take();
}

// ---- Tunnels -----------------------------------------------------------------------------------

/// GRE: flags and version word, protocol, the optional fields the flags announce, then the payload.
inline Frame gre(uint16_t flags_version, uint16_t protocol, const Frame& optional_fields, const Frame& body) {
  return Writer().be16(flags_version).be16(protocol).raw(optional_fields).raw(body).take();
}

inline Frame vxlan(uint32_t vni, const Frame& body, uint8_t flags = 0x08) {
  return Writer().u8(flags).zeros(3).be32(vni << 8).raw(body).take();
}

/// GTP-U: flags, message type, length (of everything after the mandatory 8 bytes), TEID, then
/// `optional` (sequence/N-PDU/next-extension and extension headers) and the payload.
inline Frame gtpu(uint8_t flags, uint8_t type, const Frame& optional, const Frame& body,
                  uint32_t teid = 0x01020304) {
  return Writer()
      .u8(flags)
      .u8(type)
      .be16(static_cast<uint16_t>(optional.size() + body.size()))
      .be32(teid)
      .raw(optional)
      .raw(body)
      .take();
}

}  // namespace netmeter::test
