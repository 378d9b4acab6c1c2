#include "stats/module_recorders.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>

#include "stats/stats_store.hpp"
#include "stats_test_util.hpp"

namespace netmeter::stats {
namespace {

using namespace test;
using decode::tcp_flag::kAck;
using decode::tcp_flag::kFin;
using decode::tcp_flag::kPsh;
using decode::tcp_flag::kSyn;

PacketView view(const decode::DecodedPacket& p, const flow::Flow* f = nullptr, int dir = 0) {
  return {p, f, dir, {}};
}

TEST(RecordInterface, TotalsAndLocalRemoteMatrix) {
  StatsConfig config;  // local: 192.168.1.0/24, 127.0.0.0/8, fe80::/10
  ShardDelta d;
  record_interface(view(ip_packet({.src = "192.168.1.10", .dst = "198.51.100.1", .len = 100, .ts = kT0 + 5})),
                   config, d);
  record_interface(
      view(ip_packet({.src = "198.51.100.1", .dst = "192.168.1.10", .len = 1500, .ts = kT0 + 2})), config, d);
  record_interface(view(ip_packet({.src = "192.168.1.10", .dst = "192.168.1.20", .len = 60, .ts = kT0 + 9})),
                   config, d);
  record_interface(view(ip_packet({.src = "fe80::1", .dst = "2001:db8::1", .len = 80})), config, d);
  record_interface(view(ip_packet({.src = "203.0.113.1", .dst = "198.51.100.1", .len = 70})), config, d);
  decode::DecodedPacket arp;
  arp.ts = {kT0 + 7};
  arp.wire_len = 42;
  record_interface(view(arp), config, d);

  const InterfaceDelta& i = d.iface;
  EXPECT_EQ(i.traffic, (Traffic{6, 100 + 1500 + 60 + 80 + 70 + 42, 0, 0}));  // counted as received
  EXPECT_EQ(i.ip, (Traffic{5, 100 + 1500 + 60 + 80 + 70, 0, 0}));
  EXPECT_EQ(i.non_ip_packets, 1u);
  EXPECT_EQ(i.local_to_remote, (Traffic{2, 180, 0, 0}));
  EXPECT_EQ(i.remote_to_local, (Traffic{1, 1500, 0, 0}));
  EXPECT_EQ(i.local_to_local, (Traffic{1, 60, 0, 0}));
  EXPECT_EQ(i.remote_to_remote, (Traffic{1, 70, 0, 0}));
  EXPECT_EQ(i.first_ns, kT0);
  EXPECT_EQ(i.last_ns, kT0 + 9);
}

TEST(RecordHosts, SenderAndReceiverWithTheirDetails) {
  ShardDelta d;
  record_hosts(view(ip_packet({.len = 60, .ts = kT0 + 1, .ttl = 64, .flags = kSyn})), d);
  record_hosts(view(ip_packet({.len = 1500, .ts = kT0 + 3, .ttl = 60, .flags = kAck | kPsh})), d);
  auto reply = ip_packet({.src = "198.51.100.1",
                          .dst = "192.168.1.10",
                          .sport = 443,
                          .dport = 40000,
                          .len = 64,
                          .ts = kT0 + 2,
                          .ttl = 50,
                          .flags = kSyn | kAck});
  reply.src_mac = kMacB;
  reply.dst_mac = kMacA;
  record_hosts(view(reply), d);
  auto fin = ip_packet({.len = 54, .ts = kT0 + 4, .ttl = 128, .flags = kFin | kAck});
  fin.src_mac = {0x02, 0, 0, 0, 0, 0x0c};  // a second MAC for the same address (a router change)
  record_hosts(view(fin), d);

  const HostDelta* client = d.hosts.find(host("192.168.1.10"));
  const HostDelta* server = d.hosts.find(host("198.51.100.1"));
  ASSERT_NE(client, nullptr);
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(client->traffic, (Traffic{1, 64, 3, 60 + 1500 + 54}));
  EXPECT_EQ(server->traffic, (Traffic{3, 60 + 1500 + 54, 1, 64}));
  EXPECT_EQ(client->first_ns, kT0 + 1);
  EXPECT_EQ(client->last_ns, kT0 + 4);
  EXPECT_EQ(server->first_ns, kT0 + 1);
  // TTL of the packets a host sent.
  EXPECT_EQ(client->ttl_count, 3u);
  EXPECT_EQ(client->ttl_sum, 64u + 60 + 128);
  EXPECT_EQ(client->ttl_min, 60);
  EXPECT_EQ(client->ttl_max, 128);
  EXPECT_EQ(server->ttl_count, 1u);
  EXPECT_EQ(server->ttl_min, 50);
  // Flags of the segments it sent: SYN-ACK is its own class, not a SYN.
  auto flag = [](const HostDelta* h, TcpFlagCount c) { return h->tcp_flags[static_cast<size_t>(c)]; };
  EXPECT_EQ(flag(client, TcpFlagCount::Syn), 1u);
  EXPECT_EQ(flag(client, TcpFlagCount::Psh), 1u);
  EXPECT_EQ(flag(client, TcpFlagCount::Fin), 1u);
  EXPECT_EQ(flag(client, TcpFlagCount::SynAck), 0u);
  EXPECT_EQ(flag(server, TcpFlagCount::SynAck), 1u);
  EXPECT_EQ(flag(server, TcpFlagCount::Syn), 0u);
  // And what it received (the alert checks' SYN flood / scan victims and answered SYNs).
  EXPECT_EQ(server->syn_rcvd, 1u);
  EXPECT_EQ(server->synack_rcvd, 0u);
  EXPECT_EQ(client->synack_rcvd, 1u);
  EXPECT_EQ(client->syn_rcvd, 0u);
  // Sizes of what it sent; both source MACs, the receiver none.
  EXPECT_EQ(client->sizes[0], 2u);  // 60 and 54: "0-63"
  EXPECT_EQ(client->sizes[static_cast<size_t>(size_bin(1500))], 1u);
  EXPECT_EQ(server->sizes[1], 1u);  // exactly 64
  EXPECT_EQ(client->macs[0], mac_key(kMacA));
  EXPECT_EQ(client->macs[1], mac_key({0x02, 0, 0, 0, 0, 0x0c}));
  EXPECT_EQ(server->macs[0], mac_key(kMacB));
  EXPECT_FALSE(client->broadcast);
}

TEST(RecordHosts, EveryMacOfAHostIsKeptWhereverTheDeltaIsCut) {
  using Mac = std::array<uint8_t, 6>;
  const std::array<Mac, 4> macs = {kMacA, Mac{0x02, 0, 0, 0, 0, 0x0c}, Mac{0x02, 0, 0, 0, 0, 0x0d},
                                   Mac{0x02, 0, 0, 0, 0, 0x0e}};
  ShardDelta d;
  for (int round = 0; round < 2; ++round)
    for (const auto& m : macs) {
      auto p = ip_packet({.len = 60});
      p.src_mac = m;
      record_hosts(view(p), d);
    }
  const HostDelta* h = d.hosts.find(host("192.168.1.10"));
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->macs[0], mac_key(macs[0]));
  EXPECT_EQ(h->macs[1], mac_key(macs[1]));
  EXPECT_EQ(d.host_macs.size(), 2u);  // the third and fourth, once each
  EXPECT_NE(d.host_macs.find({host("192.168.1.10"), mac_key(macs[2])}), nullptr);
  EXPECT_NE(d.host_macs.find({host("192.168.1.10"), mac_key(macs[3])}), nullptr);

  StatsStore store{StatsConfig{}};  // and the host lists all four, each MAC the host's address
  d.second = 100;
  d.iface.traffic.add_rx(60);
  for (const auto& m : macs)
    d.macs[mac_key(m)].add_tx(60);
  store.apply(d);
  const HostEntry* entry = store.hosts().find(host("192.168.1.10"));
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->macs.size(), 4u);
  for (const auto& m : macs)
    EXPECT_NE(std::find(entry->macs.begin(), entry->macs.end(), mac_key(m)), entry->macs.end());
}

TEST(RecordHosts, IcmpSentAndReceivedForTheIcmpFloodCheck) {
  ShardDelta d;
  record_hosts(view(ip_packet({.proto = decode::ip_proto::kIcmp, .len = 98})), d);
  record_hosts(view(ip_packet({.proto = decode::ip_proto::kIcmp, .len = 98})), d);
  record_hosts(
      view(ip_packet({.src = "2001:db8::1", .dst = "2001:db8::2", .proto = decode::ip_proto::kIcmpv6})), d);
  record_hosts(view(ip_packet({.proto = decode::ip_proto::kUdp})), d);  // not ICMP
  const HostDelta* sender = d.hosts.find(host("192.168.1.10"));
  const HostDelta* receiver = d.hosts.find(host("198.51.100.1"));
  ASSERT_NE(sender, nullptr);
  ASSERT_NE(receiver, nullptr);
  EXPECT_EQ(sender->icmp_sent, 2u);
  EXPECT_EQ(sender->icmp_rcvd, 0u);
  EXPECT_EQ(receiver->icmp_rcvd, 2u);
  EXPECT_EQ(receiver->icmp_sent, 0u);
  EXPECT_EQ(d.hosts.find(host("2001:db8::1"))->icmp_sent, 1u);
  EXPECT_EQ(d.hosts.find(host("2001:db8::2"))->icmp_rcvd, 1u);
}

TEST(RecordHosts, VlanDscpAndBroadcast) {
  ShardDelta d;
  auto p = ip_packet({.dst = "192.168.1.255", .proto = decode::ip_proto::kUdp, .len = 200, .dscp = 46});
  p.vlan_count = 2;
  p.vlan_outer = 100;
  p.vlan_inner = 10;
  p.dst_mac = kBroadcast;
  record_hosts(view(p), d);
  record_hosts(view(ip_packet({.len = 100})), d);  // untagged, DSCP 0
  // Hosts are keyed by address and the innermost VLAN.
  const HostDelta* tagged = d.hosts.find(host("192.168.1.10", 10));
  const HostDelta* receiver = d.hosts.find(host("192.168.1.255", 10));
  ASSERT_NE(tagged, nullptr);
  ASSERT_NE(receiver, nullptr);
  EXPECT_EQ(tagged->traffic, (Traffic{0, 0, 1, 200}));
  EXPECT_TRUE(receiver->broadcast);
  EXPECT_EQ(d.hosts.find(host("192.168.1.10"))->traffic, (Traffic{0, 0, 1, 100}));
  // Class 0 is not kept per host (it is the rest); other classes are, from each end's view.
  ASSERT_EQ(d.host_dscp.size(), 2u);
  EXPECT_EQ(*d.host_dscp.find({host("192.168.1.10", 10), 46}), (Traffic{0, 0, 1, 200}));
  EXPECT_EQ(*d.host_dscp.find({host("192.168.1.255", 10), 46}), (Traffic{1, 200, 0, 0}));
}

TEST(RecordLinkLayer, MacsVlansEthertypesAndMpls) {
  ShardDelta d;
  auto p = ip_packet({.len = 300});
  p.vlan_count = 2;
  p.vlan_outer = 100;
  p.vlan_inner = 10;
  record_link_layer(view(p), d);
  auto q = ip_packet({.len = 120});
  q.vlan_count = 1;
  q.vlan_outer = q.vlan_inner = 100;
  q.mpls_count = 2;
  q.mpls_top_label = 16001;
  record_link_layer(view(q), d);
  decode::DecodedPacket arp;  // non-IP: MACs and EtherType only
  arp.wire_len = 42;
  arp.has_mac = true;
  arp.src_mac = kMacB;
  arp.dst_mac = kBroadcast;
  arp.ethertype = 0x0806;
  record_link_layer(view(arp), d);

  MacKey a = mac_key(kMacA), b = mac_key(kMacB), bc = mac_key(kBroadcast);
  EXPECT_EQ(*d.macs.find(a), (Traffic{0, 0, 2, 420}));
  EXPECT_EQ(*d.macs.find(b), (Traffic{2, 420, 1, 42}));
  EXPECT_EQ(*d.macs.find(bc), (Traffic{1, 42, 0, 0}));
  // The VLANs a MAC sends on (outer tag), its EtherTypes.
  EXPECT_EQ(*d.mac_vlans.find(a << 12 | 100), (Traffic{0, 0, 2, 420}));
  EXPECT_EQ(*d.mac_vlans.find(b << 12 | 0), (Traffic{0, 0, 1, 42}));
  EXPECT_EQ(*d.mac_ethertypes.find(a << 16 | 0x0800), (Traffic{0, 0, 2, 420}));
  EXPECT_EQ(*d.mac_ethertypes.find(b << 16 | 0x0806), (Traffic{0, 0, 1, 42}));
  // Outer tags of every tagged frame; inner tags only when there are two or more.
  EXPECT_EQ(*d.vlans.find(vlan_key(0, 100)), (Traffic{2, 420, 0, 0}));
  EXPECT_EQ(*d.vlans.find(vlan_key(1, 10)), (Traffic{1, 300, 0, 0}));
  EXPECT_EQ(d.vlans.find(vlan_key(1, 100)), nullptr);
  EXPECT_EQ(d.vlans.size(), 2u);
  EXPECT_EQ(*d.mpls.find(16001), (Traffic{1, 120, 0, 0}));
}

TEST(RecordIpClasses, DscpSizesIcmpMulticast) {
  ShardDelta d;
  record_ip_classes(view(ip_packet({.len = 100, .dscp = 10})), d);
  record_ip_classes(view(ip_packet({.len = 1600})), d);
  auto ping = ip_packet({.proto = decode::ip_proto::kIcmp, .len = 98});
  ping.icmp_type = 8;
  record_ip_classes(view(ping), d);
  auto unreachable =
      ip_packet({.src = "2001:db8::1", .dst = "2001:db8::2", .proto = decode::ip_proto::kIcmpv6});
  unreachable.icmp_type = 1;
  unreachable.icmp_code = 4;
  record_ip_classes(view(unreachable), d);
  auto mdns = ip_packet({.dst = "224.0.0.251", .proto = decode::ip_proto::kUdp, .len = 80});
  mdns.vlan_inner = 5;
  record_ip_classes(view(mdns), d);

  EXPECT_EQ(d.dscp[10], (Traffic{1, 100, 0, 0}));
  EXPECT_EQ(d.dscp[0], (Traffic{4, 1600 + 98 + 100 + 80, 0, 0}));
  EXPECT_EQ(d.sizes[static_cast<size_t>(size_bin(1600))], (Traffic{1, 1600, 0, 0}));
  EXPECT_EQ(size_bin(1600), 7);
  EXPECT_EQ(*d.icmp.find(icmp_key(false, 8, 0)), (Traffic{1, 98, 0, 0}));
  EXPECT_EQ(*d.icmp.find(icmp_key(true, 1, 4)), (Traffic{1, 100, 0, 0}));
  EXPECT_EQ(d.icmp.size(), 2u);
  EXPECT_EQ(*d.multicast.find(host("224.0.0.251", 5)), (Traffic{1, 80, 0, 0}));
  EXPECT_EQ(d.multicast.size(), 1u);
}

TEST(RecordServerPort, CountsEachDirectionOfTheFlowUnderItsServerPort) {
  ShardDelta d;
  auto request = ip_packet({.sport = 40000, .dport = 443, .len = 100});
  flow::Flow f = flow_of(request);
  ASSERT_EQ(f.server().port, 443);
  record_server_port(view(request, &f, flow::Flow::kClientToServer), d);
  auto response =
      ip_packet({.src = "198.51.100.1", .dst = "192.168.1.10", .sport = 443, .dport = 40000, .len = 1500});
  record_server_port(view(response, &f, flow::Flow::kServerToClient), d);
  record_server_port(view(response, &f, flow::Flow::kServerToClient), d);
  auto dns = ip_packet({.proto = decode::ip_proto::kUdp, .sport = 53000, .dport = 53, .len = 80});
  flow::Flow g = flow_of(dns, 2);
  record_server_port(view(dns, &g, 0), d);
  auto ping = ip_packet({.proto = decode::ip_proto::kIcmp, .sport = 0, .dport = 0});
  flow::Flow h = flow_of(ping, 3);
  record_server_port(view(ping, &h, 0), d);  // no ports: not counted

  EXPECT_EQ(*d.ports.find(port_key(6, 443)), (Traffic{1, 100, 2, 3000}));  // rx: to the server
  EXPECT_EQ(*d.ports.find(port_key(17, 53)), (Traffic{1, 80, 0, 0}));
  EXPECT_EQ(d.ports.find(port_key(6, 40000)), nullptr);
  EXPECT_EQ(d.ports.size(), 2u);
}

// A flow's lookup hint (PacketView::server_hint) changes no count: the same packets give the same deltas
// with and without it, when the flow's packets alternate between two deltas (the hint then names a slot
// of the other map) and other hosts come first in varying numbers, and when a MAC changes half-way.
TEST(FlowHint, GivesTheSameDeltasAsPlainLookups) {
  auto request = ip_packet({.sport = 40000, .dport = 443, .len = 100});
  auto response =
      ip_packet({.src = "198.51.100.1", .dst = "192.168.1.10", .sport = 443, .dport = 40000, .len = 1500});
  response.src_mac = kMacB;
  response.dst_mac = kMacA;
  flow::Flow f = flow_of(request);
  ShardDelta hinted_d[2], plain_d[2];
  auto record = [](const PacketView& v, ShardDelta& d) {
    record_link_layer(v, d);
    record_hosts(v, d);
    if (v.flow) record_server_port(v, d);
  };
  for (int i = 0; i < 40; ++i) {
    // Other entries first, so that the flow's entries sit in different slots of the two deltas.
    for (int k = 0; k < i % 7; ++k) {
      auto other = ip_packet({.src = "10.1.1.1", .dst = "10.1.1.2", .sport = uint16_t(1000 + k), .len = 60});
      other.src_mac = {2, 0, 0, 0, 0, uint8_t(k)};
      record(view(other), hinted_d[i % 2]);
      record(view(other), plain_d[i % 2]);
    }
    if (i == 20) request.src_mac = {2, 0, 0, 0, 0, 0x55};
    const bool c2s = i % 3 != 0;
    const auto& p = c2s ? request : response;
    const int dir = c2s ? flow::Flow::kClientToServer : flow::Flow::kServerToClient;
    record(PacketView{p, &f, dir, {}, &f.stats_hint}, hinted_d[i % 2]);
    record(view(p, &f, dir), plain_d[i % 2]);
  }
  for (int k = 0; k < 2; ++k) {
    const ShardDelta &h = hinted_d[k], &p = plain_d[k];
    ASSERT_EQ(h.hosts.size(), p.hosts.size());
    p.hosts.for_each([&](const HostKey& key, const HostDelta& want) {
      const HostDelta* got = h.hosts.find(key);
      ASSERT_NE(got, nullptr);
      EXPECT_EQ(got->traffic, want.traffic);
      EXPECT_EQ(got->sizes, want.sizes);
      EXPECT_EQ(got->macs, want.macs);
    });
    auto same = [](const auto& got, const auto& want) {
      ASSERT_EQ(got.size(), want.size());
      want.for_each([&](const auto& key, const Traffic& t) {
        ASSERT_NE(got.find(key), nullptr);
        EXPECT_EQ(*got.find(key), t);
      });
    };
    same(h.macs, p.macs);
    same(h.mac_vlans, p.mac_vlans);
    same(h.mac_ethertypes, p.mac_ethertypes);
    same(h.ports, p.ports);
  }
  EXPECT_EQ(plain_d[0].macs.find(mac_key({2, 0, 0, 0, 0, 0x55}))->tx_packets +
                plain_d[1].macs.find(mac_key({2, 0, 0, 0, 0, 0x55}))->tx_packets,
            13u);  // the requests from i = 20 on
}

TEST(RecordArp, RequestsRepliesAnnouncementsPerSender) {
  ShardDelta d;
  decode::DecodedPacket p;
  p.is_arp = true;
  p.has_mac = true;
  p.src_mac = kMacA;
  p.arp_op = 1;
  p.arp_sender_ip = ip("192.168.1.10");
  p.arp_target_ip = ip("192.168.1.1");
  record_arp(view(p), d);
  p.arp_target_ip = p.arp_sender_ip;  // gratuitous request
  record_arp(view(p), d);
  decode::DecodedPacket reply = p;
  reply.arp_op = 2;
  reply.src_mac = kMacB;
  reply.arp_sender_ip = ip("192.168.1.1");
  reply.arp_target_ip = ip("192.168.1.10");
  reply.vlan_inner = 7;
  record_arp(view(reply), d);

  EXPECT_EQ(d.arp.total.requests, 2u);
  EXPECT_EQ(d.arp.total.replies, 1u);
  EXPECT_EQ(d.arp.total.gratuitous, 1u);
  const ArpCounts* a = d.arp.by_ip.find(host("192.168.1.10"));
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->requests, 2u);
  EXPECT_EQ(a->gratuitous, 1u);
  EXPECT_EQ(d.arp.by_ip.find(host("192.168.1.1", 7))->replies, 1u);
  EXPECT_EQ(d.arp.by_mac.find(mac_key(kMacA))->requests, 2u);
  EXPECT_EQ(d.arp.by_mac.find(mac_key(kMacB))->replies, 1u);
  // The sender address's MACs, for the MAC/IP reassociation check.
  EXPECT_EQ(d.arp.sender_macs.find(host("192.168.1.10"))->macs, (std::array<MacKey, 2>{mac_key(kMacA), 0}));
  reply.src_mac = kMacA;  // 192.168.1.1 answers again from another MAC
  record_arp(view(reply), d);
  record_arp(view(reply), d);
  EXPECT_EQ(d.arp.sender_macs.find(host("192.168.1.1", 7))->macs,
            (std::array<MacKey, 2>{mac_key(kMacB), mac_key(kMacA)}));
  d.arp.clear();
  EXPECT_EQ(d.arp.sender_macs.find(host("192.168.1.1", 7)), nullptr);
}

TEST(ShardDelta, ClearEmptiesEverythingButKeepsTheMaps) {
  ShardDelta d;
  d.second = 5;
  StatsConfig config;
  for (int i = 0; i < 200; ++i) {
    auto p = ip_packet({.dport = static_cast<uint16_t>(1000 + i)});
    record_interface(view(p), config, d);
    record_hosts(view(p), d);
    record_link_layer(view(p), d);
    record_ip_classes(view(p), d);
  }
  size_t bytes = d.memory_bytes();
  EXPECT_FALSE(d.empty());
  d.clear();
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(d.second, History::kNever);
  EXPECT_TRUE(d.hosts.empty());
  EXPECT_EQ(d.dscp[0], Traffic{});
  EXPECT_EQ(d.memory_bytes(), bytes);
}

}  // namespace
}  // namespace netmeter::stats
