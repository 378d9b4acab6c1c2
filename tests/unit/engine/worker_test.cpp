#include "engine/worker.hpp"

#include <gtest/gtest.h>

#include "decode/dissector.hpp"
#include "engine/sample_traffic.hpp"

namespace netmeter::test {
namespace {

using engine::PacketRecord;
using flow::EndReason;
using flow::Flow;

engine::EngineConfig worker_config() {
  engine::EngineConfig c;
  c.workers = 1;
  c.queue_bytes = 1 << 16;
  return c;
}

std::unique_ptr<engine::Worker> make_worker(const engine::EngineConfig& config = worker_config()) {
  auto created = dpi::Classifier::create(dpi::DpiConfig{});
  if (!created.classifier) ADD_FAILURE() << created.error;
  return std::make_unique<engine::Worker>(config, std::move(created.classifier));
}

/// What the reader does for a frame, minus the queue: decode, key, hash, then hand it to the worker.
void feed(engine::Worker& w, const TimedFrame& frame) {
  PacketRecord rec;
  core::AnomalyCounters anomalies;
  rec.pkt = decode::decode_frame(core::LinkType::Ethernet, frame.bytes, anomalies);
  ASSERT_EQ(anomalies.total(), 0u);
  rec.pkt.ts = frame.ts;
  const auto& p = rec.pkt;
  bool swapped = false;
  auto key =
      core::FlowKey::make({p.src_ip, p.src_port}, {p.dst_ip, p.dst_port}, p.vlan_inner, p.l4_proto, swapped);
  rec.flow_hash = p.has_ip ? key.hash() : 0;
  rec.l3_bytes = static_cast<uint32_t>(frame.bytes.size() - p.l3_offset);
  w.handle(rec, frame.bytes.data() + p.l3_offset);
}

const Flow* flow_with(const engine::Results& r, uint8_t l4) {
  for (const auto& f : r.flows) {
    if (f.key.l4 == l4) return &f;
  }
  return nullptr;
}

TEST(Worker, TcpFlowCountersPerDirection) {
  auto w = make_worker();
  for (const auto& f : http_and_dns())
    feed(*w, f);
  engine::Results r = w->finish();
  ASSERT_EQ(r.flows.size(), 2u);
  const Flow* tcp = flow_with(r, decode::ip_proto::kTcp);
  ASSERT_NE(tcp, nullptr);
  EXPECT_EQ(tcp->client(), (core::Endpoint{ip("10.0.0.1"), 40000}));
  EXPECT_EQ(tcp->server(), (core::Endpoint{ip("10.0.0.2"), 80}));
  const auto& up = tcp->dir[Flow::kClientToServer];
  const auto& down = tcp->dir[Flow::kServerToClient];
  EXPECT_EQ(up.packets, 4u);
  EXPECT_EQ(up.bytes, 54u * 3 + (54 + 37));
  EXPECT_EQ(up.payload_bytes, 37u);
  EXPECT_EQ(up.first_seen, kStart);
  EXPECT_EQ(up.last_seen, kStart + 75 * kMs);
  EXPECT_EQ(down.packets, 2u);
  EXPECT_EQ(down.bytes, 54u + (54 + 38));
  EXPECT_EQ(down.payload_bytes, 38u);
  EXPECT_EQ(down.first_seen, kStart + 30 * kMs);
  EXPECT_EQ(tcp->first_seen(), kStart);
  EXPECT_EQ(tcp->last_seen(), kStart + 75 * kMs);
  EXPECT_EQ(tcp->tcp.state, flow::TcpState::Established);
  EXPECT_EQ(tcp->tcp.server_rtt_ns, 30 * kMs);
  EXPECT_EQ(tcp->tcp.client_rtt_ns, 5 * kMs);
  EXPECT_EQ(tcp->end, EndReason::AnalysisEnd);
  EXPECT_EQ(tcp->dpi_state, nullptr);
  EXPECT_EQ(w->classifier().counting_name(tcp->app), "HTTP");
  EXPECT_EQ(tcp->app.server_name, "example.com");
}

TEST(Worker, UdpFlowAndApplication) {
  auto w = make_worker();
  for (const auto& f : http_and_dns())
    feed(*w, f);
  engine::Results r = w->finish();
  const Flow* dns = flow_with(r, decode::ip_proto::kUdp);
  ASSERT_NE(dns, nullptr);
  EXPECT_EQ(dns->client(), (core::Endpoint{ip("10.0.0.1"), 53000}));
  EXPECT_EQ(dns->server(), (core::Endpoint{ip("10.0.0.53"), 53}));
  EXPECT_EQ(dns->dir[Flow::kClientToServer].packets, 1u);
  EXPECT_EQ(dns->dir[Flow::kClientToServer].bytes, 71u);
  EXPECT_EQ(dns->dir[Flow::kClientToServer].payload_bytes, 29u);
  EXPECT_EQ(dns->dir[Flow::kServerToClient].packets, 1u);
  EXPECT_EQ(dns->dir[Flow::kServerToClient].bytes, 87u);
  EXPECT_EQ(dns->dir[Flow::kServerToClient].payload_bytes, 45u);
  EXPECT_EQ(dns->tcp.state, flow::TcpState::None);
  EXPECT_EQ(dns->end, EndReason::AnalysisEnd);
  EXPECT_EQ(dns->app.status, flow::DpiStatus::Detected);
  EXPECT_EQ(w->classifier().counting_name(dns->app), "DNS");
  EXPECT_EQ(dns->app.server_name, "example.com");
}

TEST(Worker, TrafficCounters) {
  auto w = make_worker();
  for (const auto& f : http_and_dns())
    feed(*w, f);
  engine::Results r = w->finish();
  EXPECT_EQ(r.traffic.total.packets, 8u);
  EXPECT_EQ(r.traffic.total.bytes, 54u * 4 + 91 + 92 + 71 + 87);
  EXPECT_EQ(r.traffic.ipv4.packets, 8u);
  EXPECT_EQ(r.traffic.ipv6.packets, 0u);
  EXPECT_EQ(r.traffic.tcp.packets, 6u);
  EXPECT_EQ(r.traffic.udp.packets, 2u);
  EXPECT_EQ(r.traffic.udp.bytes, 71u + 87);
  EXPECT_EQ(r.traffic.non_ip.packets, 0u);
  EXPECT_GT(r.traffic.dpi_packets, 0u);
  EXPECT_EQ(r.table.created, 2u);
  EXPECT_EQ(r.table.expired, 0u);
  EXPECT_EQ(r.active_flows, 0u);
}

TEST(Worker, ServerSeenFirstIsStillTheServer) {
  auto w = make_worker();
  Frame from_server = ethernet(
      0x0800, ipv4({.src = ip("10.0.0.2"), .dst = ip("10.0.0.1")},
                   tcp({.sport = 443, .dport = 51000, .flags = decode::tcp_flag::kAck}, payload(10))));
  feed(*w, {kStart, from_server});
  engine::Results r = w->finish();
  ASSERT_EQ(r.flows.size(), 1u);
  const Flow& f = r.flows[0];
  EXPECT_EQ(f.server(), (core::Endpoint{ip("10.0.0.2"), 443}));
  EXPECT_EQ(f.client(), (core::Endpoint{ip("10.0.0.1"), 51000}));
  EXPECT_EQ(f.dir[Flow::kServerToClient].packets, 1u);
  EXPECT_EQ(f.dir[Flow::kClientToServer].packets, 0u);
  EXPECT_EQ(f.first_seen(), kStart);
  EXPECT_EQ(f.tcp.state, flow::TcpState::Midstream);
}

TEST(Worker, NonIpTrafficIsCountedWithoutAFlow) {
  auto w = make_worker();
  feed(*w, {kStart, ethernet(0x0806, arp(1, ip("10.0.0.1"), ip("10.0.0.2")))});
  engine::Results r = w->finish();
  EXPECT_TRUE(r.flows.empty());
  EXPECT_EQ(r.traffic.total.packets, 1u);
  EXPECT_EQ(r.traffic.non_ip.packets, 1u);
  EXPECT_EQ(r.traffic.arp.packets, 1u);
  EXPECT_EQ(r.traffic.arp.bytes, 42u);
}

TEST(Worker, TunnelsAreCountedByTypeAndOuterEndpoint) {
  auto w = make_worker();
  Frame inner =
      ipv4({.src = ip("10.1.1.1"), .dst = ip("10.2.2.2"), .proto = decode::ip_proto::kUdp}, udp(1, 2, {}));
  Frame frame =
      ethernet(0x0800, ipv4({.src = ip("192.0.2.1"), .dst = ip("192.0.2.2"), .proto = decode::ip_proto::kGre},
                            gre(0, 0x0800, {}, inner)));
  feed(*w, {kStart, frame});
  engine::Results r = w->finish();
  ASSERT_EQ(r.flows.size(), 1u);
  EXPECT_EQ(r.flows[0].key.lo.ip, ip("10.1.1.1"));
  EXPECT_EQ(r.traffic.tunnels[static_cast<size_t>(decode::TunnelType::Gre)].packets, 1u);
  EXPECT_EQ(r.traffic.tunnels[static_cast<size_t>(decode::TunnelType::Gre)].bytes, frame.size());
  ASSERT_EQ(r.tunnel_endpoints.size(), 2u);
  EXPECT_EQ(r.tunnel_endpoints.at(ip("192.0.2.1")).sent.packets, 1u);
  EXPECT_EQ(r.tunnel_endpoints.at(ip("192.0.2.1")).rcvd.packets, 0u);
  EXPECT_EQ(r.tunnel_endpoints.at(ip("192.0.2.2")).rcvd.packets, 1u);
}

Frame udp_packet(uint16_t sport) {
  return ethernet(0x0800, ipv4({.proto = decode::ip_proto::kUdp}, udp(sport, 9999, payload(4))));
}

TEST(Worker, IdleFlowsEndAtPacketTime) {
  auto config = worker_config();
  config.flows.expire_idle = true;
  auto w = make_worker(config);
  feed(*w, {kStart, udp_packet(1)});
  feed(*w, {kStart + 59 * core::kNanosPerSecond, udp_packet(2)});
  feed(*w, {kStart + 61 * core::kNanosPerSecond, udp_packet(3)});
  engine::Results r = w->finish();
  ASSERT_EQ(r.flows.size(), 3u);
  EXPECT_EQ(r.flows[0].key.lo.port, 1);
  EXPECT_EQ(r.flows[0].end, EndReason::IdleTimeout);
  EXPECT_EQ(r.flows[1].end, EndReason::AnalysisEnd);
  EXPECT_EQ(r.flows[2].end, EndReason::AnalysisEnd);
  EXPECT_EQ(r.table.expired, 1u);
}

TEST(Worker, FinishedFlowsCanBeLeftOut) {
  auto config = worker_config();
  config.flows.expire_idle = true;
  config.keep_finished_flows = false;
  auto w = make_worker(config);
  feed(*w, {kStart, udp_packet(1)});
  feed(*w, {kStart + 61 * core::kNanosPerSecond, udp_packet(2)});
  engine::Results r = w->finish();
  ASSERT_EQ(r.flows.size(), 1u);
  EXPECT_EQ(r.flows[0].key.lo.port, 2);
  EXPECT_EQ(r.table.expired, 1u);
}

TEST(Worker, FinishTwiceStartsFromScratch) {
  auto w = make_worker();
  for (const auto& f : http_and_dns())
    feed(*w, f);
  EXPECT_EQ(w->finish().flows.size(), 2u);
  engine::Results again = w->finish();
  EXPECT_TRUE(again.flows.empty());
  EXPECT_EQ(again.traffic.total.packets, 0u);
}

}  // namespace
}  // namespace netmeter::test
