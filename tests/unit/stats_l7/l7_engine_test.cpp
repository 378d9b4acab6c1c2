// End to end: a real capture through the engine, the L7 module tables against tshark's answers.

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

#include "capture/pcap_source.hpp"
#include "engine/engine.hpp"
#include "l7_test_packets.hpp"

namespace netmeter::test {
namespace {

const std::string kPcapDir = NETMETER_L7_PCAP_DIR;

/// Runs `file` through a two-worker engine and calls `check(const StatsStore&)` on the merged statistics.
template <typename F>
void run_capture(const std::string& file, F&& check) {
  std::string path = kPcapDir + "/" + file;
  engine::EngineConfig config;
  config.workers = 2;
  config.queue_bytes = 1 << 20;
  auto created = engine::Engine::create(config);
  ASSERT_NE(created.engine, nullptr) << created.error;
  auto opened = capture::PcapSource::open_file(path);
  ASSERT_NE(opened.source, nullptr) << opened.error;
  created.engine->run(*opened.source);
  created.engine->finish();
  ASSERT_NE(created.engine->stats(), nullptr);
  created.engine->stats()->read([&](const stats::StatsStore& s) {
    check(s);
    return 0;
  });
}

const stats::HostEntry* host(const stats::StatsStore& s, std::string_view ip) {
  return s.hosts().find(stats::HostKey{addr(ip), 0});
}

// 1kxun.pcap: DNS (mostly LLMNR), plain HTTP with 100-continue and 5xx, a few TLS hellos, DHCP with host
// names. The numbers come from tshark 4.0 (Debian 12):
//   tshark -r 1kxun.pcap -Y "dns.flags.response==0" | wc -l                  → 103 (91 LLMNR, 11 DNS, 1 mDNS)
//   tshark -r 1kxun.pcap -Y "dns.flags.response==1" | wc -l                  → 6, all rcode 0
// HTTP is counted per TCP segment that starts a message, retransmissions excluded, on any port (also
// 9099, which tshark does not dissect as HTTP), so the oracle is a payload match:
//   tshark -r 1kxun.pcap -Y 'tcp.payload matches "^(GET|POST) " && !tcp.analysis.retransmission' | wc -l
//                                                                            → 24 (20 GET, 4 POST)
//   tshark -r 1kxun.pcap -Y 'tcp.payload matches "^HTTP/1" && !tcp.analysis.retransmission' | wc -l
//                                                                            → 28: 4×100, 20×200, 1×206,
//                                                                              1×302, 2×502
//   tshark -r 1kxun.pcap -Y "tls.handshake.type==1" | wc -l                  → 4 (and 4 for type 2)
//   tshark -r 1kxun.pcap -Y "dhcp" | wc -l                                   → 24
//   tshark -r 1kxun.pcap -Y dhcp -T fields -e ip.src -e dhcp.option.dhcp -e dhcp.ip.client -e
//   dhcp.option.hostname
//     → REQUEST from 192.168.5.16 (ciaddr) "MacBook-Air", ACK yiaddr 192.168.5.16; INFORM from 192.168.5.41
//       (ciaddr) "kevin-PC"
TEST(L7Engine, Capture1kxunMatchesTshark) {
  if (!std::filesystem::is_directory(kPcapDir)) GTEST_SKIP() << "no shared captures at " << kPcapDir;
  run_capture("1kxun.pcap", [](const stats::StatsStore& s) {
    const auto& l7 = s.l7();
    EXPECT_EQ(l7.dns.queries, 103u);
    EXPECT_EQ(l7.dns.replies_ok + l7.dns.replies_error, 6u);
    EXPECT_EQ(l7.dns.replies_error, 0u);
    EXPECT_EQ(l7.dns.response_time.count + l7.dns.unmatched_replies, 6u);
    EXPECT_EQ(l7.http.requests, 24u);
    EXPECT_EQ(l7.http.methods[0], 20u);  // GET
    EXPECT_EQ(l7.http.methods[1], 4u);   // POST
    EXPECT_EQ(l7.http.responses, 28u);
    EXPECT_EQ(l7.http.status_codes.at(100), 4u);
    EXPECT_EQ(l7.http.status_codes.at(200), 20u);
    EXPECT_EQ(l7.http.status_codes.at(206), 1u);
    EXPECT_EQ(l7.http.status_codes.at(302), 1u);
    EXPECT_EQ(l7.http.status_codes.at(502), 2u);
    EXPECT_EQ(l7.tls.client_hellos, 4u);
    EXPECT_EQ(l7.tls.server_hellos, 4u);
    EXPECT_EQ(l7.tls.handshake_time.count, 4u);
    EXPECT_EQ(l7.dhcp.messages, 24u);
    const auto* mac_air = host(s, "192.168.5.16");
    ASSERT_NE(mac_air, nullptr);
    EXPECT_EQ(mac_air->dhcp_name, "MacBook-Air");
    const auto* kevin = host(s, "192.168.5.41");
    ASSERT_NE(kevin, nullptr);
    EXPECT_EQ(kevin->dhcp_name, "kevin-PC");
    // Leased by a DHCP ACK but never on the wire: not a host (tshark's endpoints do not list it either).
    EXPECT_EQ(host(s, "192.168.5.36"), nullptr);
    EXPECT_EQ(host(s, "192.168.3.86"), nullptr);
    // Per-host counters add up to the module totals.
    uint64_t sent = 0, methods = 0;
    s.hosts().for_each([&](const stats::HostEntry& h) {
      sent += h.dns.queries_sent;
      for (auto m : h.http.get().methods)
        methods += m;
    });
    EXPECT_EQ(sent, 103u);
    EXPECT_EQ(methods, 24u);
  });
}

}  // namespace
}  // namespace netmeter::test
