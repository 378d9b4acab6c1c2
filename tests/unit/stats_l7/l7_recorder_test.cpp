#include <gtest/gtest.h>

#include "l7/http_parser.hpp"
#include "l7_test_packets.hpp"
#include "stats/module_recorders.hpp"

namespace netmeter::test {
namespace {

using flow::Flow;
using stats::L7Event;
using stats::L7Kind;
using stats::ShardDelta;

void record(const Flow& f, int direction, int64_t ns, const Bytes& payload, ShardDelta& d) {
  auto pkt = packet_of(f, direction, ns);
  stats::PacketView v{pkt, &f, direction, payload};
  stats::record_l7(v, d);
}

TEST(L7Recorder, DnsQueryAndResponse) {
  Flow f = make_flow("10.0.0.1", 40000, "10.0.0.53", 53, 17, 7, 12);
  ShardDelta d;
  record(f, Flow::kClientToServer, 1000, dns_message(0xBEEF, "Example.COM", 28, false), d);
  record(f, Flow::kServerToClient, 5000,
         dns_message(0xBEEF, "example.com", 1, true, 0, {addr("1.2.3.4"), addr("5.6.7.8")}), d);
  ASSERT_EQ(d.events.size(), 2u);
  const L7Event& q = d.events[0];
  EXPECT_EQ(q.kind, L7Kind::DnsQuery);
  EXPECT_EQ(q.id, 0xBEEF);
  EXPECT_EQ(q.code, 28);
  EXPECT_EQ(q.name_view(), "example.com");
  EXPECT_EQ(q.flow_id, 7u);
  EXPECT_EQ(q.ts_ns, 1000);
  EXPECT_EQ(q.client, (stats::HostKey{addr("10.0.0.1"), 12}));
  EXPECT_EQ(q.server, (stats::HostKey{addr("10.0.0.53"), 12}));
  const L7Event& r = d.events[1];
  EXPECT_EQ(r.kind, L7Kind::DnsResponse);
  EXPECT_EQ(r.rcode, 0);
  ASSERT_EQ(r.address_count, 2);
  EXPECT_EQ(r.addresses[1], addr("5.6.7.8"));
  // The response travels server → client, the roles stay.
  EXPECT_EQ(r.client.ip, addr("10.0.0.1"));
  EXPECT_EQ(r.server.ip, addr("10.0.0.53"));
}

TEST(L7Recorder, MdnsAndLlmnrPortsAreDns) {
  ShardDelta d;
  Flow m = make_flow("10.0.0.1", 5353, "224.0.0.251", 5353, 17, 1);
  record(m, Flow::kClientToServer, 1, dns_message(0, "printer.local", 12, false), d);
  Flow l = make_flow("10.0.0.1", 50000, "224.0.0.252", 5355, 17, 2);
  record(l, Flow::kClientToServer, 1, dns_message(3, "wpad", 1, false), d);
  ASSERT_EQ(d.events.size(), 2u);
  EXPECT_EQ(d.events[0].name_view(), "printer.local");
  EXPECT_EQ(d.events[1].name_view(), "wpad");
}

TEST(L7Recorder, DnsOverTcp) {
  Flow f = make_flow("10.0.0.1", 40000, "10.0.0.53", 53, 6, 3);
  Bytes msg = dns_message(9, "example.org", 1, false);
  Bytes seg;
  put16(seg, static_cast<uint16_t>(msg.size()));
  seg.insert(seg.end(), msg.begin(), msg.end());
  ShardDelta d;
  record(f, Flow::kClientToServer, 1, seg, d);
  ASSERT_EQ(d.events.size(), 1u);
  EXPECT_EQ(d.events[0].name_view(), "example.org");
}

TEST(L7Recorder, HttpRequestAndResponse) {
  Flow f = make_flow("10.0.0.1", 40000, "10.0.0.2", 8000, 6, 4);
  Bytes req, resp;
  put_text(req, "POST /x HTTP/1.1\r\nHost: WWW.Example.com:8000\r\n\r\n");
  put_text(resp, "HTTP/1.1 404 Not Found\r\n\r\n");
  ShardDelta d;
  record(f, Flow::kClientToServer, 10, req, d);
  record(f, Flow::kServerToClient, 20, resp, d);
  Bytes body;
  put_text(body, "not http at all");
  record(f, Flow::kServerToClient, 30, body, d);
  ASSERT_EQ(d.events.size(), 2u);
  EXPECT_EQ(d.events[0].kind, L7Kind::HttpRequest);
  EXPECT_EQ(d.events[0].code, static_cast<uint16_t>(l7::HttpMethod::Post));
  EXPECT_EQ(d.events[0].name_view(), "www.example.com:8000");
  EXPECT_EQ(d.events[1].kind, L7Kind::HttpResponse);
  EXPECT_EQ(d.events[1].code, 404);
  EXPECT_EQ(d.events[1].server.ip, addr("10.0.0.2"));
}

TEST(L7Recorder, TlsHellosOnlyEarlyInTheFlow) {
  Flow f = make_flow("10.0.0.1", 40000, "10.0.0.2", 443, 6, 5);
  ShardDelta d;
  record(f, Flow::kClientToServer, 10, tls_client_hello("Secure.Example.net"), d);
  record(f, Flow::kServerToClient, 30, tls_server_hello(), d);
  ASSERT_EQ(d.events.size(), 2u);
  EXPECT_EQ(d.events[0].kind, L7Kind::TlsClientHello);
  EXPECT_EQ(d.events[0].name_view(), "secure.example.net");
  EXPECT_EQ(d.events[0].code, 0x0304);
  EXPECT_EQ(d.events[1].kind, L7Kind::TlsServerHello);
  EXPECT_EQ(d.events[1].code, 0x0303);
  f.dir[0].packets = 1000;  // a record deep in a long connection is not a hello
  record(f, Flow::kClientToServer, 40, tls_client_hello("late.example"), d);
  EXPECT_EQ(d.events.size(), 2u);
}

TEST(L7Recorder, DhcpRequestAndAck) {
  Flow f = make_flow("0.0.0.0", 68, "255.255.255.255", 67, 17, 6);
  ShardDelta d;
  record(f, Flow::kClientToServer, 1,
         dhcp_message(
             {.type = 3, .requested = "192.168.1.50", .server_id = "192.168.1.1", .host_name = "laptop"}),
         d);
  Flow r = make_flow("192.168.1.50", 68, "192.168.1.1", 67, 17, 8);
  record(
      r, Flow::kServerToClient, 2,
      dhcp_message({.op = 2, .type = 5, .yiaddr = "192.168.1.50", .server_id = "192.168.1.1", .lease = 3600}),
      d);
  ASSERT_EQ(d.events.size(), 2u);
  const L7Event& q = d.events[0];
  EXPECT_EQ(q.kind, L7Kind::Dhcp);
  EXPECT_EQ(q.code, 3);
  EXPECT_EQ(q.name_view(), "laptop");
  EXPECT_EQ(q.mac, 0x020000000042u);
  EXPECT_TRUE(q.flags & L7Event::kHasClientAddress);
  EXPECT_EQ(q.addresses[0], addr("192.168.1.50"));
  EXPECT_EQ(q.server.ip, addr("192.168.1.1"));  // the server id, not the broadcast address
  EXPECT_EQ(q.client.ip, addr("0.0.0.0"));
  const L7Event& a = d.events[1];
  EXPECT_EQ(a.code, 5);
  EXPECT_EQ(a.lease_seconds, 3600u);
  EXPECT_EQ(a.client.ip, addr("192.168.1.50"));
  EXPECT_EQ(a.server.ip, addr("192.168.1.1"));
}

TEST(L7Recorder, IgnoresOtherTrafficAndGarbage) {
  ShardDelta d;
  Flow ssh = make_flow("10.0.0.1", 40000, "10.0.0.2", 22, 6, 1);
  Bytes banner;
  put_text(banner, "SSH-2.0-OpenSSH_9.2\r\n");
  record(ssh, Flow::kClientToServer, 1, banner, d);
  Flow dns = make_flow("10.0.0.1", 40000, "10.0.0.53", 53, 17, 2);
  record(dns, Flow::kClientToServer, 1, Bytes{1, 2, 3}, d);
  Flow dhcp = make_flow("0.0.0.0", 68, "255.255.255.255", 67, 17, 3);
  record(dhcp, Flow::kClientToServer, 1, Bytes(100, 0), d);
  EXPECT_TRUE(d.events.empty());
}

TEST(L7Recorder, KeepsEventCapacityAcrossSeconds) {
  Flow f = make_flow("10.0.0.1", 40000, "10.0.0.53", 53, 17, 7);
  ShardDelta d;
  Bytes q = dns_message(1, "a.example", 1, false);
  for (int i = 0; i < 100; ++i)
    record(f, Flow::kClientToServer, i, q, d);
  size_t cap = d.events.capacity();
  d.clear();
  for (int i = 0; i < 100; ++i)
    record(f, Flow::kClientToServer, i, q, d);
  EXPECT_EQ(d.events.capacity(), cap);
}

}  // namespace
}  // namespace netmeter::test
