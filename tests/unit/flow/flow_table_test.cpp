#include "flow/flow_table.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <random>
#include <vector>

namespace netmeter::flow {
namespace {

using core::FlowKey;
using core::Timestamp;

constexpr int64_t kSec = core::kNanosPerSecond;
constexpr Timestamp kT0 = Timestamp::from_seconds(1000);

/// Flow i: 10.x.y.z:40000 -> 192.0.2.1:443, unique for every i below 2^24.
FlowKey key(uint32_t i) {
  const uint8_t a[4] = {10, static_cast<uint8_t>(i >> 16), static_cast<uint8_t>(i >> 8),
                        static_cast<uint8_t>(i)};
  const uint8_t b[4] = {192, 0, 2, 1};
  bool swapped = false;
  return FlowKey::make({core::IpAddress::v4(a), 40000}, {core::IpAddress::v4(b), 443}, 0, 6, swapped);
}

struct Ended {
  FlowKey key;
  EndReason reason;
  friend bool operator==(const Ended&, const Ended&) = default;
};

struct Recorder final : FlowEndHandler {
  std::vector<Ended> ended;
  void on_flow_end(Flow& f) override { ended.push_back({f.key, f.end}); }
};

/// What a worker does per packet: find or create, update the last-seen time, touch.
FlowTable::Lookup see(FlowTable& t, const FlowKey& k, Timestamp now, uint64_t hash) {
  auto l = t.find_or_create(k, hash, now);
  Flow& f = *l.flow;
  if (f.dir[0].packets++ == 0) f.dir[0].first_seen = now;
  f.dir[0].last_seen = now;
  t.touch(l.handle);
  return l;
}
FlowTable::Lookup see(FlowTable& t, uint32_t i, Timestamp now) {
  return see(t, key(i), now, key(i).hash());
}

FlowTableConfig config(size_t max_flows, bool expire_idle) {
  FlowTableConfig c;
  c.max_flows = max_flows;
  c.idle_timeout_ns = 60 * kSec;
  c.closed_timeout_ns = 15 * kSec;
  c.expire_idle = expire_idle;
  return c;
}

TEST(FlowTable, CreateThenFind) {
  Recorder rec;
  FlowTable t(config(100, true), rec);
  auto created = see(t, 1, kT0);
  EXPECT_TRUE(created.created);
  auto again = t.find_or_create(key(1), key(1).hash(), kT0);
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.flow, created.flow);
  EXPECT_EQ(again.handle, created.handle);
  EXPECT_EQ(t.find(key(1), key(1).hash()).flow, created.flow);
  EXPECT_EQ(t.find(key(2), key(2).hash()).flow, nullptr);
  EXPECT_EQ(created.flow->key, key(1));
  EXPECT_EQ(t.size(), 1u);
  EXPECT_EQ(t.stats().created, 1u);
  EXPECT_TRUE(rec.ended.empty());
}

TEST(FlowTable, FullTableEvictsTheLeastRecentlyActiveFlow) {
  Recorder rec;
  FlowTable t(config(3, false), rec);
  see(t, 1, kT0);
  see(t, 2, kT0 + 1);
  see(t, 3, kT0 + 2);
  see(t, 1, kT0 + 3);  // 1 is active again: 2 is now the oldest
  see(t, 4, kT0 + 4);
  EXPECT_EQ(rec.ended, (std::vector<Ended>{{key(2), EndReason::Evicted}}));
  EXPECT_EQ(t.stats().evicted, 1u);
  EXPECT_EQ(t.stats().created, 4u);
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.find(key(2), key(2).hash()).flow, nullptr);
  for (uint32_t i : {1u, 3u, 4u})
    EXPECT_NE(t.find(key(i), key(i).hash()).flow, nullptr) << i;
}

TEST(FlowTable, ClosedTcpFlowsAreEvictedFirst) {
  Recorder rec;
  FlowTable t(config(3, false), rec);
  see(t, 1, kT0);
  see(t, 2, kT0 + 1);
  auto closed = see(t, 3, kT0 + 2);
  closed.flow->tcp.state = TcpState::Closed;
  t.touch(closed.handle);
  see(t, 4, kT0 + 3);
  EXPECT_EQ(rec.ended, (std::vector<Ended>{{key(3), EndReason::Evicted}}));
}

TEST(FlowTable, VisitsFlowsInTheOrderEndAllEndsThem) {
  // A worker ends detection of every flow first, in this order, then ends the flows: both passes must
  // meet the flows in the same order (detection's give-up may depend on what was given up before).
  Recorder rec;
  FlowTable t(config(100, false), rec);
  for (uint32_t i = 0; i < 20; ++i)
    see(t, i, kT0 + i);
  see(t, 3, kT0 + 30);  // active again: moves behind the others
  auto closed = see(t, 7, kT0 + 31);
  closed.flow->tcp.state = TcpState::Closed;
  t.touch(closed.handle);
  std::vector<Ended> visited;
  t.for_each_in_end_order([&](Flow& f) { visited.push_back({f.key, EndReason::AnalysisEnd}); });
  t.end_all(EndReason::AnalysisEnd);
  EXPECT_EQ(visited.size(), 20u);
  EXPECT_EQ(visited, rec.ended);
  EXPECT_EQ(visited[18].key, key(3));
  EXPECT_EQ(visited[19].key, key(7));
}

TEST(FlowTable, IdleExpiryUsesTheTimeoutOfEachList) {
  Recorder rec;
  FlowTable t(config(100, true), rec);
  see(t, 1, kT0);               // open
  auto reset = see(t, 2, kT0);  // TCP reset: the closed list
  reset.flow->tcp.state = TcpState::Reset;
  t.touch(reset.handle);
  auto closed = see(t, 3, kT0 + 1);  // FIN both ways, a nanosecond later
  closed.flow->tcp.state = TcpState::Closed;
  t.touch(closed.handle);

  t.expire(kT0 + (15 * kSec - 1));
  EXPECT_TRUE(rec.ended.empty());
  t.expire(kT0 + 15 * kSec);
  EXPECT_EQ(rec.ended, (std::vector<Ended>{{key(2), EndReason::IdleTimeout}}));
  t.expire(kT0 + 15 * kSec + 1);
  EXPECT_EQ(rec.ended.size(), 2u);
  EXPECT_EQ(rec.ended.back(), (Ended{key(3), EndReason::IdleTimeout}));
  t.expire(kT0 + (60 * kSec - 1));
  EXPECT_EQ(rec.ended.size(), 2u);
  t.expire(kT0 + 60 * kSec);
  EXPECT_EQ(rec.ended.size(), 3u);
  EXPECT_EQ(rec.ended.back(), (Ended{key(1), EndReason::IdleTimeout}));
  EXPECT_EQ(t.stats().expired, 3u);
  EXPECT_EQ(t.size(), 0u);
}

TEST(FlowTable, ActivityPostponesExpiry) {
  Recorder rec;
  FlowTable t(config(100, true), rec);
  see(t, 1, kT0);
  see(t, 2, kT0);
  see(t, 1, kT0 + 30 * kSec);
  t.expire(kT0 + 60 * kSec);
  EXPECT_EQ(rec.ended, (std::vector<Ended>{{key(2), EndReason::IdleTimeout}}));
  t.expire(kT0 + (90 * kSec - 1));
  EXPECT_EQ(rec.ended.size(), 1u);
  t.expire(kT0 + 90 * kSec);
  EXPECT_EQ(rec.ended.size(), 2u);
}

TEST(FlowTable, CreatingAFlowExpiresIdleOnesOnlyWhenEnabled) {
  Recorder on_rec, off_rec;
  FlowTable on(config(100, true), on_rec), off(config(100, false), off_rec);
  see(on, 1, kT0);
  see(off, 1, kT0);
  see(on, 2, kT0 + 61 * kSec);
  see(off, 2, kT0 + 61 * kSec);
  EXPECT_EQ(on_rec.ended, (std::vector<Ended>{{key(1), EndReason::IdleTimeout}}));
  EXPECT_TRUE(off_rec.ended.empty());
  EXPECT_EQ(off.size(), 2u);
  // Finding an existing flow never expires anything.
  see(on, 2, kT0 + 200 * kSec);
  EXPECT_EQ(on_rec.ended.size(), 1u);
}

TEST(FlowTable, EndAllAndForEach) {
  Recorder rec;
  FlowTable t(config(100, false), rec);
  for (uint32_t i = 0; i < 10; ++i)
    see(t, i, kT0 + i);
  see(t, 10, kT0 + 10);
  int visited = 0;
  t.for_each([&](const Flow& f) {
    ++visited;
    EXPECT_EQ(f.dir[0].packets, 1u);
  });
  EXPECT_EQ(visited, 11);
  t.end_all(EndReason::AnalysisEnd);
  EXPECT_EQ(rec.ended.size(), 11u);
  for (const auto& e : rec.ended)
    EXPECT_EQ(e.reason, EndReason::AnalysisEnd);
  EXPECT_EQ(t.size(), 0u);
  visited = 0;
  t.for_each([&](const Flow&) { ++visited; });
  EXPECT_EQ(visited, 0);
}

TEST(FlowTable, FlowsDoNotMoveWhenTheTableGrows) {
  Recorder rec;
  FlowTable t(config(1 << 20, false), rec);
  Flow* first = see(t, 0, kT0).flow;
  for (uint32_t i = 1; i < 20000; ++i)
    see(t, i, kT0 + i);  // several chunks, index grown many times
  EXPECT_EQ(t.find(key(0), key(0).hash()).flow, first);
  for (uint32_t i = 0; i < 20000; ++i)
    ASSERT_NE(t.find(key(i), key(i).hash()).flow, nullptr) << i;
  EXPECT_EQ(t.size(), 20000u);
  EXPECT_GT(t.memory_bytes(), 20000 * sizeof(Flow));
}

// ---- Randomised comparison with a model ---------------------------------------------------------

/// The flows a table should hold: the last-seen time of each flow id (-1: not in the table), and the
/// touches in time order, where a touch older than its flow's last-seen time is stale and skipped.
class Model {
 public:
  explicit Model(size_t ids) : last_(ids, -1) {}
  bool contains(uint32_t id) const { return last_[id] >= 0; }
  size_t size() const { return size_; }
  void see(uint32_t id, int64_t now) {
    if (!contains(id)) ++size_;
    last_[id] = now;
    order_.push_back({now, id});
  }
  void erase(uint32_t id) {
    if (contains(id)) --size_;
    last_[id] = -1;
  }
  /// Flows idle for at least `timeout`, oldest first.
  std::vector<uint32_t> idle(int64_t now, int64_t timeout) {
    drop_stale();
    std::vector<uint32_t> out;
    for (auto [t, id] : order_) {
      if (last_[id] != t) continue;
      if (now - t < timeout) break;
      out.push_back(id);
    }
    return out;
  }
  uint32_t oldest() {
    drop_stale();
    return order_.front().second;
  }

 private:
  void drop_stale() {
    while (!order_.empty() && last_[order_.front().second] != order_.front().first)
      order_.pop_front();
  }

  std::vector<int64_t> last_;
  std::deque<std::pair<int64_t, uint32_t>> order_;
  size_t size_ = 0;
};

struct RandomRun {
  int operations;
  uint32_t distinct_flows;
  size_t max_flows;
  int64_t idle_ns;
  uint64_t (*hash)(uint32_t id);
};

void run_against_model(const RandomRun& run) {
  FlowTableConfig c;
  c.max_flows = run.max_flows;
  c.idle_timeout_ns = c.closed_timeout_ns = run.idle_ns;
  c.expire_idle = true;
  Recorder rec;
  FlowTable table(c, rec);
  Model model(run.distinct_flows);
  std::mt19937 rng(2024);
  int64_t now = kT0.ns;
  uint64_t evictions = 0, expiries = 0;

  for (int op = 0; op < run.operations; ++op) {
    ++now;
    // Busy phases use every flow and fill the table (evictions); quiet ones use a few and let the
    // rest go idle (expiry).
    bool busy = (op / 5000) % 2 == 0;
    uint32_t id = rng() % (busy ? run.distinct_flows : run.distinct_flows / 16);
    std::vector<Ended> expected;
    bool explicit_expiry = rng() % 500 == 0;
    if (explicit_expiry || !model.contains(id)) {
      for (uint32_t gone : model.idle(now, run.idle_ns)) {
        expected.push_back({key(gone), EndReason::IdleTimeout});
        model.erase(gone);
      }
    }
    if (!explicit_expiry && !model.contains(id) && model.size() >= run.max_flows) {
      expected.push_back({key(model.oldest()), EndReason::Evicted});
      model.erase(model.oldest());
    }
    if (explicit_expiry) {
      table.expire(Timestamp{now});
    } else {
      see(table, key(id), Timestamp{now}, run.hash(id));
      model.see(id, now);
    }
    ASSERT_EQ(rec.ended, expected) << "operation " << op;
    for (const auto& e : rec.ended)
      (e.reason == EndReason::Evicted ? evictions : expiries)++;
    rec.ended.clear();

    if (op % 2500 == 2499) {
      ASSERT_EQ(table.size(), model.size()) << "operation " << op;
      for (uint32_t i = 0; i < run.distinct_flows; ++i) {
        Flow* f = table.find(key(i), run.hash(i)).flow;
        ASSERT_EQ(f != nullptr, model.contains(i)) << "flow " << i << " after operation " << op;
        if (f) {
          ASSERT_EQ(f->key, key(i));
        }
      }
    }
  }
  EXPECT_GT(evictions, 100u);
  EXPECT_GT(expiries, 100u);
  EXPECT_EQ(table.stats().evicted, evictions);
  EXPECT_EQ(table.stats().expired, expiries);
}

uint64_t real_hash(uint32_t id) {
  return key(id).hash();
}

/// Every flow's home is one of the last 8 index slots, whatever the index size: long probe chains that
/// wrap around the end of the index, the hard case for backward-shift deletion.
uint64_t colliding_hash(uint32_t id) {
  return (key(id).hash() & 0xFFFFFFFF00000000ULL) | (0xFFFFFFFFu - id % 8);
}

TEST(FlowTable, RandomisedAgainstAModel) {
  run_against_model(
      {.operations = 100000, .distinct_flows = 4096, .max_flows = 1800, .idle_ns = 3000, .hash = real_hash});
}

TEST(FlowTable, RandomisedAgainstAModelWithCollidingHashes) {
  run_against_model(
      {.operations = 30000, .distinct_flows = 400, .max_flows = 180, .idle_ns = 300, .hash = colliding_hash});
}

}  // namespace
}  // namespace netmeter::flow
