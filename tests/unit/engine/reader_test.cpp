#include "engine/reader.hpp"

#include <gtest/gtest.h>

#include "engine/sample_traffic.hpp"

namespace netmeter::test {
namespace {

using decode::ip_proto::kUdp;

struct Captured {
  core::Timestamp ts;
  Frame bytes;
  uint32_t wire_len = 0;  ///< 0: the frame's size
};

struct ReaderRun {
  std::vector<engine::Results> per_worker;
  core::AnomalyCounters reader_anomalies;
  uint64_t queue_drops = 0;

  /// Decode anomalies: counted by the reader when it routes among several workers, by a lone worker
  /// (which decodes raw frames itself) otherwise.
  core::AnomalyCounters anomalies() const {
    core::AnomalyCounters all = reader_anomalies;
    for (const auto& r : per_worker)
      all += r.anomalies;
    return all;
  }

  size_t flow_count() const {
    size_t n = 0;
    for (const auto& r : per_worker)
      n += r.flows.size();
    return n;
  }
};

/// Dispatches every frame through a reader, then lets each worker drain its queue on this thread.
ReaderRun run_reader(unsigned workers, const std::vector<Captured>& frames) {
  engine::EngineConfig config;
  config.workers = workers;
  config.queue_bytes = 1 << 20;  // holds every record: nothing waits for a worker thread
  std::vector<std::unique_ptr<engine::Worker>> owned;
  std::vector<engine::Worker*> raw;
  for (unsigned i = 0; i < workers; ++i) {
    auto created = dpi::Classifier::create(config.dpi);
    EXPECT_NE(created.classifier, nullptr) << created.error;
    owned.push_back(std::make_unique<engine::Worker>(config, std::move(created.classifier)));
    raw.push_back(owned.back().get());
  }
  engine::Reader reader(core::LinkType::Ethernet, raw, false);
  for (const auto& f : frames) {
    capture::RawPacket p;
    p.ts = f.ts;
    p.data = f.bytes.data();
    p.caplen = static_cast<uint32_t>(f.bytes.size());
    p.wire_len = f.wire_len != 0 ? f.wire_len : p.caplen;
    reader.dispatch(p);
  }
  reader.send_end();
  ReaderRun run;
  for (auto& w : owned) {
    w->run();  // returns at the end marker
    run.per_worker.push_back(w->finish());
  }
  run.reader_anomalies = reader.anomalies();
  run.queue_drops = reader.queue_drops();
  return run;
}

Frame dns_packet(uint16_t client_port, bool query) {
  Ipv4 h{.src = ip(query ? "10.0.0.1" : "10.0.0.53"),
         .dst = ip(query ? "10.0.0.53" : "10.0.0.1"),
         .proto = kUdp};
  return ethernet(0x0800,
                  ipv4(h, query ? udp(client_port, 53, payload(20)) : udp(53, client_port, payload(40))));
}

TEST(Reader, BothDirectionsOfAFlowReachTheSameWorker) {
  std::vector<Captured> frames;
  for (uint16_t port = 1000; port < 1064; ++port) {
    frames.push_back({kStart, dns_packet(port, true)});
    frames.push_back({kStart + kMs, dns_packet(port, false)});
  }
  ReaderRun run = run_reader(2, frames);
  EXPECT_EQ(run.queue_drops, 0u);
  EXPECT_EQ(run.flow_count(), 64u);  // a flow split across workers would appear twice
  for (const auto& r : run.per_worker) {
    EXPECT_GT(r.flows.size(), 0u) << "every worker gets some flows";
    for (const auto& f : r.flows) {
      EXPECT_EQ(f.dir[flow::Flow::kClientToServer].packets, 1u);
      EXPECT_EQ(f.dir[flow::Flow::kServerToClient].packets, 1u);
      EXPECT_EQ(f.server().port, 53);
    }
  }
}

Frame fragment(uint16_t frag, const Frame& body) {
  Ipv4 h{.src = ip("10.0.0.1"), .dst = ip("10.0.0.2"), .proto = kUdp, .id = 0x7777, .frag = frag};
  return ethernet(0x0800, ipv4(h, body));
}

TEST(Reader, LaterFragmentsJoinTheFlowOfTheirFirst) {
  // One 208-byte datagram: 104 bytes (UDP header and 96 of payload), then 104 more at offset 13 * 8.
  std::vector<Captured> frames = {
      {kStart, fragment(ipv4_frag::kMoreFragments, udp(1111, 2222, payload(96), 208))},
      {kStart + kMs, fragment(13, payload(104))},
  };
  ReaderRun run = run_reader(2, frames);
  EXPECT_EQ(run.anomalies().get(core::Anomaly::fragment_without_first), 0u);
  ASSERT_EQ(run.flow_count(), 1u);
  for (const auto& r : run.per_worker) {
    for (const auto& f : r.flows) {
      EXPECT_EQ(f.client(), (core::Endpoint{ip("10.0.0.1"), 1111}));
      EXPECT_EQ(f.server(), (core::Endpoint{ip("10.0.0.2"), 2222}));
      EXPECT_EQ(f.dir[flow::Flow::kClientToServer].packets, 2u);
    }
    if (!r.flows.empty()) {
      EXPECT_EQ(r.traffic.fragments.packets, 2u);
    }
  }
}

TEST(Reader, LaterFragmentWithoutItsFirstIsCounted) {
  ReaderRun run = run_reader(1, {{kStart, fragment(13, payload(104))}});
  EXPECT_EQ(run.anomalies().get(core::Anomaly::fragment_without_first), 1u);
  EXPECT_EQ(run.anomalies().total(), 1u);
  ASSERT_EQ(run.flow_count(), 1u);
  const auto& f = run.per_worker[0].flows[0];
  EXPECT_EQ(f.key.lo.port, 0);
  EXPECT_EQ(f.key.hi.port, 0);
}

TEST(Reader, CaptureLongerThanTheWireIsCountedAndTrusted) {
  Frame frame = dns_packet(1000, true);  // 62 bytes
  ReaderRun run = run_reader(1, {{kStart, frame, 50}});
  EXPECT_EQ(run.anomalies().get(core::Anomaly::caplen_exceeds_len), 1u);
  EXPECT_EQ(run.anomalies().total(), 1u);
  EXPECT_EQ(run.per_worker[0].traffic.total.bytes, frame.size());
}

TEST(Reader, DecodeAnomaliesAreCounted) {
  Frame cut = dns_packet(1000, true);
  cut.resize(20);
  ReaderRun run = run_reader(1, {{kStart, cut, 62}});
  EXPECT_EQ(run.anomalies().get(core::Anomaly::truncated_ipv4), 1u);
  EXPECT_EQ(run.per_worker[0].traffic.total.packets, 1u);
  EXPECT_EQ(run.per_worker[0].traffic.non_ip.packets, 1u);
  EXPECT_EQ(run.flow_count(), 0u);
}

}  // namespace
}  // namespace netmeter::test
