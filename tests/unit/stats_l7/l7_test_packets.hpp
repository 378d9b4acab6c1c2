#pragma once

// Hand-built L4 payloads and the packet/flow context the L7 recorder needs.

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/flow_key.hpp"
#include "core/ip_address.hpp"
#include "decode/decoded_packet.hpp"
#include "flow/flow.hpp"

namespace netmeter::test {

using Bytes = std::vector<uint8_t>;

inline core::IpAddress addr(std::string_view text) {
  return core::IpAddress::parse(text).value();
}

inline void put16(Bytes& b, uint16_t v) {
  b.push_back(static_cast<uint8_t>(v >> 8));
  b.push_back(static_cast<uint8_t>(v));
}
inline void put32(Bytes& b, uint32_t v) {
  put16(b, static_cast<uint16_t>(v >> 16));
  put16(b, static_cast<uint16_t>(v));
}
inline void put_name(Bytes& b, std::string_view name) {
  while (!name.empty()) {
    auto dot = name.find('.');
    auto label = name.substr(0, dot);
    b.push_back(static_cast<uint8_t>(label.size()));
    b.insert(b.end(), label.begin(), label.end());
    name = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
  }
  b.push_back(0);
}
inline void put_text(Bytes& b, std::string_view s) {
  b.insert(b.end(), s.begin(), s.end());
}

/// A DNS query (qr 0) or a response with A answers for the question name (compressed pointer to it).
inline Bytes dns_message(uint16_t id, std::string_view name, uint16_t qtype, bool response, uint8_t rcode = 0,
                         const std::vector<core::IpAddress>& answers = {}) {
  Bytes b;
  put16(b, id);
  put16(b, static_cast<uint16_t>((response ? 0x8180 : 0x0100) | rcode));
  put16(b, 1);
  put16(b, static_cast<uint16_t>(answers.size()));
  put16(b, 0);
  put16(b, 0);
  put_name(b, name);
  put16(b, qtype);
  put16(b, 1);
  for (const auto& a : answers) {
    put16(b, 0xC00C);
    put16(b, 1);
    put16(b, 1);
    put32(b, 300);
    put16(b, 4);
    b.insert(b.end(), a.bytes().begin(), a.bytes().begin() + 4);
  }
  return b;
}

/// A DHCP message with option 53, and the others when given.
struct DhcpSpec {
  uint8_t op = 1;
  uint8_t type = 1;
  uint32_t xid = 0x12345678;
  std::array<uint8_t, 6> mac{0x02, 0, 0, 0, 0, 0x42};
  std::string_view ciaddr = "0.0.0.0";
  std::string_view yiaddr = "0.0.0.0";
  std::string_view requested;
  std::string_view server_id;
  std::string_view host_name;
  uint32_t lease = 0;
};
inline Bytes dhcp_message(const DhcpSpec& s) {
  Bytes b{s.op, 1, 6, 0};
  put32(b, s.xid);
  put32(b, 0);  // secs, flags
  for (auto a : {s.ciaddr, s.yiaddr, std::string_view("0.0.0.0"), std::string_view("0.0.0.0")}) {
    auto ip = addr(a);
    b.insert(b.end(), ip.bytes().begin(), ip.bytes().begin() + 4);
  }
  b.insert(b.end(), s.mac.begin(), s.mac.end());
  b.resize(b.size() + 10 + 64 + 128, 0);  // chaddr padding, sname, file
  put32(b, 0x63825363);
  b.insert(b.end(), {53, 1, s.type});
  auto option_ip = [&](uint8_t code, std::string_view a) {
    if (a.empty()) return;
    auto ip = addr(a);
    b.insert(b.end(), {code, 4});
    b.insert(b.end(), ip.bytes().begin(), ip.bytes().begin() + 4);
  };
  option_ip(50, s.requested);
  option_ip(54, s.server_id);
  if (s.lease) {
    b.insert(b.end(), {51, 4});
    put32(b, s.lease);
  }
  if (!s.host_name.empty()) {
    b.insert(b.end(), {12, static_cast<uint8_t>(s.host_name.size())});
    put_text(b, s.host_name);
  }
  b.push_back(255);
  return b;
}

/// A TLS ClientHello with an SNI and supported_versions {TLS 1.3, 1.2}, or a TLS 1.2 ServerHello.
inline Bytes tls_client_hello(std::string_view sni) {
  Bytes ext;
  // server_name
  put16(ext, 0);
  put16(ext, static_cast<uint16_t>(sni.size() + 5));
  put16(ext, static_cast<uint16_t>(sni.size() + 3));
  ext.push_back(0);
  put16(ext, static_cast<uint16_t>(sni.size()));
  put_text(ext, sni);
  // supported_versions
  put16(ext, 43);
  put16(ext, 5);
  ext.push_back(4);
  put16(ext, 0x0304);
  put16(ext, 0x0303);
  Bytes body;
  put16(body, 0x0303);
  body.resize(body.size() + 32, 0x11);  // random
  body.push_back(0);                    // session id
  put16(body, 2);
  put16(body, 0x1301);
  body.push_back(1);
  body.push_back(0);
  put16(body, static_cast<uint16_t>(ext.size()));
  body.insert(body.end(), ext.begin(), ext.end());
  Bytes b{22, 3, 1};
  put16(b, static_cast<uint16_t>(body.size() + 4));
  b.push_back(1);
  b.push_back(0);
  put16(b, static_cast<uint16_t>(body.size()));
  b.insert(b.end(), body.begin(), body.end());
  return b;
}
inline Bytes tls_server_hello() {
  Bytes body;
  put16(body, 0x0303);
  body.resize(body.size() + 32, 0x22);
  body.push_back(0);
  put16(body, 0xC02F);
  body.push_back(0);
  put16(body, 0);  // no extensions
  Bytes b{22, 3, 3};
  put16(b, static_cast<uint16_t>(body.size() + 4));
  b.push_back(2);
  b.push_back(0);
  put16(b, static_cast<uint16_t>(body.size()));
  b.insert(b.end(), body.begin(), body.end());
  return b;
}

/// A flow between two endpoints; the first is the client.
inline flow::Flow make_flow(std::string_view client, uint16_t cport, std::string_view server, uint16_t sport,
                            uint8_t l4, uint64_t id, uint16_t vlan = 0) {
  flow::Flow f;
  bool swapped = false;
  core::Endpoint c{addr(client), cport};
  core::Endpoint s{addr(server), sport};
  f.key = core::FlowKey::make(c, s, vlan, l4, swapped);
  f.client_is_lo = !swapped;
  f.id = id;
  return f;
}

/// The decoded headers of a packet of `f` in `direction`, at `ns` epoch nanoseconds.
inline decode::DecodedPacket packet_of(const flow::Flow& f, int direction, int64_t ns) {
  decode::DecodedPacket p;
  p.ts = core::Timestamp{ns};
  p.has_ip = true;
  p.has_l4 = true;
  p.l4_proto = f.key.l4;
  const auto& src = direction == flow::Flow::kClientToServer ? f.client() : f.server();
  const auto& dst = direction == flow::Flow::kClientToServer ? f.server() : f.client();
  p.src_ip = src.ip;
  p.dst_ip = dst.ip;
  p.src_port = src.port;
  p.dst_port = dst.port;
  p.ip_version = src.ip.version();
  return p;
}

}  // namespace netmeter::test
