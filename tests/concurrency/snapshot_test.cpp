// Snapshots are taken while workers run: each is a consistent copy (per worker, at a packet boundary),
// totals only grow between snapshots, and packet counts inside a snapshot agree with its flows.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "capture/packet_source.hpp"
#include "engine/engine.hpp"

namespace netmeter {
namespace {

// A source that generates UDP packets of `flows` flows, round robin, for `packets` packets.
class GeneratedSource final : public capture::PacketSource {
 public:
  GeneratedSource(int flows, uint64_t packets) : flows_(flows), packets_(packets) {
    frame_ = {0x02, 0,  0,  0, 0, 2,  0x02, 0, 0, 0,  0, 1, 0x08, 0x00, 0x45, 0,    0,    36, 0,  1, 0,
              0,    64, 17, 0, 0, 10, 0,    0, 1, 10, 0, 1, 1,    0x9c, 0x40, 0x04, 0xd2, 0,  16, 0, 0};
    for (int i = 0; i < 8; ++i)
      frame_.push_back(0x11);  // (resize(): GCC 12 -Warray-bounds false positive)
  }
  capture::ReadStatus next(capture::RawPacket& pkt) override {
    if (sent_ == packets_ || stopped_) return capture::ReadStatus::End;
    uint32_t flow = static_cast<uint32_t>(sent_ % static_cast<uint64_t>(flows_));
    frame_[32] = static_cast<uint8_t>(flow >> 8);  // destination address varies per flow
    frame_[33] = static_cast<uint8_t>(flow);
    pkt = {core::Timestamp::from_micros(1'700'000'000'000'000 + static_cast<int64_t>(sent_)),
           static_cast<uint32_t>(frame_.size()), static_cast<uint32_t>(frame_.size()), frame_.data()};
    ++sent_;
    return capture::ReadStatus::Packet;
  }
  core::LinkType link_type() const override { return core::LinkType::Ethernet; }
  std::string name() const override { return "generated"; }
  bool is_live() const override { return false; }
  capture::SourceStats stats() const override { return {}; }
  void stop() override { stopped_ = true; }

 private:
  int flows_;
  uint64_t packets_;
  uint64_t sent_ = 0;
  std::atomic<bool> stopped_{false};
  std::vector<uint8_t> frame_;
};

uint64_t flow_packets(const engine::Results& r) {
  uint64_t n = 0;
  for (const auto& f : r.flows)
    n += f.packets();
  return n;
}

TEST(Snapshot, ConsistentWhileWorkersRun) {
  engine::EngineConfig config;
  config.workers = 2;
  auto created = engine::Engine::create(config);
  ASSERT_TRUE(created.engine) << created.error;
  engine::Engine& eng = *created.engine;
  constexpr uint64_t kPackets = 2'000'000;
  GeneratedSource source(500, kPackets);

  std::atomic<bool> done{false};
  std::thread runner([&] {
    eng.run(source);
    done = true;
  });
  uint64_t last_total = 0;
  int taken = 0;
  while (!done) {
    engine::Results snap = eng.snapshot();
    if (snap.traffic.total.packets == 0 && done) break;
    // Every IP packet belongs to exactly one flow, so the two counts agree within a snapshot.
    EXPECT_EQ(flow_packets(snap), snap.traffic.total.packets);
    EXPECT_GE(snap.traffic.total.packets, last_total);
    EXPECT_LE(snap.flows.size(), 500u);
    last_total = snap.traffic.total.packets;
    ++taken;
  }
  runner.join();
  engine::Results final_results = eng.finish();
  EXPECT_EQ(final_results.traffic.total.packets, kPackets);
  EXPECT_EQ(flow_packets(final_results), kPackets);
  EXPECT_EQ(final_results.flows.size(), 500u);
  EXPECT_GT(taken, 0);
}

}  // namespace
}  // namespace netmeter
