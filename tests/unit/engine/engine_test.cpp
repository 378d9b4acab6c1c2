#include "engine/engine.hpp"

#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "capture/pcap_source.hpp"
#include "engine/sample_traffic.hpp"

namespace netmeter::test {
namespace {

using flow::Flow;

/// Writes an Ethernet pcap with nanosecond timestamps; `snaplen` cuts the captured bytes.
std::string write_pcap(const std::string& name, const std::vector<TimedFrame>& frames,
                       uint32_t snaplen = 65535) {
  std::string path = ::testing::TempDir() + "netmeter_engine_test_" + name + ".pcap";
  pcap_t* dead =
      pcap_open_dead_with_tstamp_precision(DLT_EN10MB, static_cast<int>(snaplen), PCAP_TSTAMP_PRECISION_NANO);
  pcap_dumper_t* dumper = pcap_dump_open(dead, path.c_str());
  if (dumper == nullptr) {
    ADD_FAILURE() << "cannot write " << path << ": " << pcap_geterr(dead);
    pcap_close(dead);
    return path;
  }
  for (const auto& f : frames) {
    pcap_pkthdr h{};
    h.ts.tv_sec = f.ts.seconds();
    h.ts.tv_usec = f.ts.ns % core::kNanosPerSecond;  // nanoseconds in a nanosecond file
    h.len = static_cast<uint32_t>(f.bytes.size());
    h.caplen = std::min(h.len, snaplen);
    pcap_dump(reinterpret_cast<u_char*>(dumper), &h, f.bytes.data());
  }
  pcap_dump_close(dumper);
  pcap_close(dead);
  return path;
}

struct EngineRun {
  engine::RunSummary summary;
  engine::Results results;
  std::vector<std::string> flows;  ///< one line per flow, sorted
};

std::string describe(const Flow& f, const dpi::Classifier& names) {
  std::ostringstream s;
  s << int{f.key.l4} << ' ' << f.client().ip.to_string() << ':' << f.client().port << " -> "
    << f.server().ip.to_string() << ':' << f.server().port;
  for (const auto& d : f.dir)
    s << " | " << d.packets << "p " << d.bytes << "b " << d.payload_bytes << "pl";
  s << " | " << flow::tcp_state_name(f.tcp.state) << " rtt " << f.tcp.server_rtt_ns << '/'
    << f.tcp.client_rtt_ns << " | " << names.counting_name(f.app) << ' ' << f.app.server_name << " | "
    << flow::end_reason_name(f.end);
  return s.str();
}

EngineRun run_engine(const std::string& path, unsigned workers) {
  engine::EngineConfig config;
  config.workers = workers;
  config.queue_bytes = 1 << 20;
  auto created = engine::Engine::create(config);
  if (!created.engine) {
    ADD_FAILURE() << created.error;
    return {};
  }
  auto opened = capture::PcapSource::open_file(path);
  if (!opened.source) {
    ADD_FAILURE() << opened.error;
    return {};
  }
  EXPECT_EQ(opened.source->link_type(), core::LinkType::Ethernet);
  EngineRun run;
  run.summary = created.engine->run(*opened.source);
  run.results = created.engine->finish();
  for (const auto& f : run.results.flows)
    run.flows.push_back(describe(f, created.engine->names()));
  std::sort(run.flows.begin(), run.flows.end());
  EXPECT_EQ(created.engine->worker_count(), workers);
  return run;
}

const std::vector<std::string> kExpectedFlows = {
    "17 10.0.0.1:53000 -> 10.0.0.53:53 | 1p 71b 29pl | 1p 87b 45pl | none rtt -1/-1 | DNS example.com | "
    "analysis_end",
    "6 10.0.0.1:40000 -> 10.0.0.2:80 | 4p 253b 37pl | 2p 146b 38pl | established rtt 30000000/5000000 | HTTP "
    "example.com | analysis_end",
};

class EngineTest : public ::testing::TestWithParam<unsigned> {};

TEST_P(EngineTest, HttpAndDnsFromAPcapFile) {
  std::string path = write_pcap("full_" + std::to_string(GetParam()), http_and_dns());
  EngineRun run = run_engine(path, GetParam());
  std::remove(path.c_str());
  EXPECT_EQ(run.summary.packets, 8u);
  EXPECT_EQ(run.summary.error, "");
  EXPECT_EQ(run.flows, kExpectedFlows);
  const auto& t = run.results.traffic;
  EXPECT_EQ(t.total.packets, 8u);
  EXPECT_EQ(t.total.bytes, 253u + 146 + 71 + 87);
  EXPECT_EQ(t.tcp.packets, 6u);
  EXPECT_EQ(t.udp.packets, 2u);
  EXPECT_EQ(run.results.anomalies.total(), 0u);
  EXPECT_EQ(run.results.table.created, 2u);
  EXPECT_EQ(run.results.queue_drops, 0u);
}

TEST_P(EngineTest, SnapLengthKeepsWireCounts) {
  std::string path = write_pcap("cut_" + std::to_string(GetParam()), http_and_dns(), 60);
  EngineRun run = run_engine(path, GetParam());
  std::remove(path.c_str());
  EXPECT_EQ(run.summary.packets, 8u);
  EXPECT_EQ(run.results.anomalies.total(), 0u);
  ASSERT_EQ(run.results.flows.size(), 2u);
  EXPECT_EQ(run.results.traffic.total.bytes, 253u + 146 + 71 + 87);
  for (const auto& f : run.results.flows) {
    uint64_t expected_payload = f.key.l4 == decode::ip_proto::kTcp ? 37 + 38 : 29 + 45;
    EXPECT_EQ(f.dir[0].payload_bytes + f.dir[1].payload_bytes, expected_payload);
  }
}

INSTANTIATE_TEST_SUITE_P(Workers, EngineTest, ::testing::Values(1u, 2u),
                         [](const ::testing::TestParamInfo<unsigned>& p) {
                           return std::to_string(p.param) + "_workers";
                         });

TEST(Engine, OneAndTwoWorkersAgree) {
  std::string path = write_pcap("agree", http_and_dns());
  EngineRun one = run_engine(path, 1);
  EngineRun two = run_engine(path, 2);
  std::remove(path.c_str());
  EXPECT_EQ(one.flows, two.flows);
  EXPECT_EQ(one.results.traffic.total.bytes, two.results.traffic.total.bytes);
  EXPECT_EQ(one.results.traffic.dpi_packets, two.results.traffic.dpi_packets);
  EXPECT_EQ(one.results.table.created, two.results.table.created);
}

TEST_P(EngineTest, RetiredEngineKeepsResultsStatisticsAndNames) {
  std::string path = write_pcap("retire_" + std::to_string(GetParam()), http_and_dns());
  engine::EngineConfig config;
  config.workers = GetParam();
  config.queue_bytes = 1 << 20;
  auto created = engine::Engine::create(config);
  ASSERT_TRUE(created.engine) << created.error;
  engine::Engine& engine = *created.engine;
  auto opened = capture::PcapSource::open_file(path);
  ASSERT_TRUE(opened.source) << opened.error;
  const dpi::Classifier* names_before = &engine.names();
  EXPECT_EQ(engine.run(*opened.source).packets, 8u);
  opened.source.reset();
  std::remove(path.c_str());

  engine.retire();
  engine.retire();  // idempotent
  // The same answers as finish() gives (tests above), from the kept results, as often as asked.
  EXPECT_EQ(&engine.names(), names_before);
  EXPECT_FALSE(engine.names().detects());
  for (int i = 0; i < 2; ++i) {
    engine::Results snapshot = i == 0 ? engine.snapshot() : engine.finish();
    std::vector<std::string> flows;
    for (const auto& f : snapshot.flows)
      flows.push_back(describe(f, engine.names()));
    std::sort(flows.begin(), flows.end());
    EXPECT_EQ(flows, kExpectedFlows);
    EXPECT_EQ(snapshot.traffic.total.packets, 8u);
    EXPECT_EQ(snapshot.table.created, 2u);
    EXPECT_EQ(snapshot.active_flows, 0u);
  }
  EXPECT_EQ(engine.worker_count(), GetParam());
  ASSERT_NE(engine.stats(), nullptr);
  engine.stats()->read([](const stats::StatsStore& store) {
    EXPECT_TRUE(store.finished());
    EXPECT_EQ(store.iface().traffic.total.rx_packets, 8u);
    EXPECT_EQ(store.iface().flows_total, 2u);
    EXPECT_EQ(store.active_connections().size(), 0u);  // every flow ended
    EXPECT_EQ(store.finished_connections().size(), 2u);
    EXPECT_EQ(store.hosts().size(), 3u);
  });
}

TEST(Engine, EngineDestroyedWhileReadingFreesTheDetectionStateOfOpenFlows) {
  // The daemon tears a slot down without finish() when it shuts down mid-capture. Flows nDPI still
  // inspects hold its state; the asan preset's LeakSanitizer reports it if the workers do not free it.
  std::vector<TimedFrame> frames = http_and_dns();
  Frame noise = ipv4({.src = ip("10.0.0.7"), .dst = ip("10.0.0.8"), .proto = decode::ip_proto::kUdp},
                     udp(40000, 9000, payload(40)));
  frames.push_back({kStart + 200 * kMs, ethernet(0x0800, noise)});
  std::string path = write_pcap("torn_down", frames);
  for (unsigned workers : {1u, 2u}) {
    engine::EngineConfig config;
    config.workers = workers;
    config.queue_bytes = 1 << 20;
    auto created = engine::Engine::create(config);
    ASSERT_TRUE(created.engine) << created.error;
    auto opened = capture::PcapSource::open_file(path);
    ASSERT_TRUE(opened.source) << opened.error;
    EXPECT_EQ(created.engine->run(*opened.source).packets, 9u);
    auto snapshot = created.engine->snapshot();
    EXPECT_TRUE(std::any_of(snapshot.flows.begin(), snapshot.flows.end(),
                            [](const Flow& f) { return f.app.status == flow::DpiStatus::Pending; }));
  }
  std::remove(path.c_str());
}

TEST(Engine, MissingFileIsAnError) {
  auto opened = capture::PcapSource::open_file(::testing::TempDir() + "netmeter_no_such_file.pcap");
  EXPECT_EQ(opened.source, nullptr);
  EXPECT_NE(opened.error, "");
}

}  // namespace
}  // namespace netmeter::test
