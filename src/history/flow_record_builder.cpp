#include "history/flow_record_builder.hpp"

#include <algorithm>

#include "geo/geo_db.hpp"

namespace netmeter::history {
namespace {

uint32_t ipv4_number(const core::IpAddress& ip) {
  const auto& b = ip.bytes();
  return uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | b[3];
}

uint32_t latency_us(int64_t rtt_ns) {
  return rtt_ns < 0 ? 0 : static_cast<uint32_t>(std::min<int64_t>(rtt_ns / 1000, UINT32_MAX));
}

uint32_t epoch_seconds(const core::Timestamp& t) {
  return static_cast<uint32_t>(std::clamp<int64_t>(t.seconds(), 0, UINT32_MAX));
}

void set_times(FlowRecord& r, const stats::ConnectionUpdate& u) {
  r.first_seen = epoch_seconds(u.first_seen());
  r.last_seen = epoch_seconds(u.last_seen());
}

void set_endpoints(FlowRecord& r, const stats::ConnectionUpdate& u) {
  const core::Endpoint& client = u.client();
  const core::Endpoint& server = u.server();
  r.ip_version = client.ip.version();
  if (client.ip.is_v4()) {
    r.ipv4_src = ipv4_number(client.ip);
    r.ipv4_dst = ipv4_number(server.ip);
    r.ipv6_src = {};
    r.ipv6_dst = {};
  } else {
    r.ipv4_src = r.ipv4_dst = 0;
    r.ipv6_src = client.ip.bytes();
    r.ipv6_dst = server.ip.bytes();
  }
  r.src_port = client.port;
  r.dst_port = server.port;
  r.vlan = u.key.vlan;
  r.protocol = u.key.l4;
}

void set_tcp(FlowRecord& r, const stats::ConnectionUpdate& u) {
  r.src2dst_tcp_flags = u.tcp.flags_seen[0];
  r.dst2src_tcp_flags = u.tcp.flags_seen[1];
  r.client_latency_us = latency_us(u.tcp.client_rtt_ns);
  r.server_latency_us = latency_us(u.tcp.server_rtt_ns);
  r.src2dst_retransmissions = u.tcp.dir[0].retransmissions;
  r.dst2src_retransmissions = u.tcp.dir[1].retransmissions;
  r.src2dst_out_of_order = u.tcp.dir[0].out_of_order;
  r.dst2src_out_of_order = u.tcp.dir[1].out_of_order;
}

void set_geo(const geo::GeoDb& geo, const core::IpAddress& ip, uint16_t& country, uint32_t& asn) {
  auto info = geo.lookup(ip);
  if (!info) return;
  country = country_code_number(info->country_code);
  asn = info->asn;
}

}  // namespace

uint16_t country_code_number(std::string_view code) {
  auto letter = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (code.size() != 2 || !letter(code[0]) || !letter(code[1])) return 0;
  return static_cast<uint16_t>(uint16_t(code[0]) << 8 | uint16_t(code[1]));
}

void apply_update(FlowRecord& r, const stats::ConnectionUpdate& u) {
  r.flow_id = u.id;
  set_times(r, u);
  set_endpoints(r, u);
  r.src2dst_bytes = u.dir[0].bytes;
  r.dst2src_bytes = u.dir[1].bytes;
  r.src2dst_packets = u.dir[0].packets;
  r.dst2src_packets = u.dir[1].packets;
  r.l7_proto = u.app;
  r.l7_master = u.master;
  r.l7_category = u.category;
  r.l7_breed = u.breed;
  r.flow_risk = u.risk;
  r.info.assign(u.server_name, u.server_name_len);
  set_tcp(r, u);
  r.end_reason = static_cast<uint8_t>(u.ended ? u.end : flow::EndReason::Active);
}

void add_geolocation(FlowRecord& r, const stats::ConnectionUpdate& u, const geo::GeoDb& geo) {
  const core::Endpoint& client = u.client();
  const core::Endpoint& server = u.server();
  set_geo(geo, client.ip, r.src_country, r.src_asn);
  set_geo(geo, server.ip, r.dst_country, r.dst_asn);
}

}  // namespace netmeter::history
