#include "history/export_queue.hpp"

#include <gtest/gtest.h>

#include <array>
#include <mutex>

#include "history/sqlite/sqlite_history_store.hpp"
#include "history_test_support.hpp"
#include "temp_dir.hpp"
#include "unit/gate.hpp"

namespace netmeter::history::test {
namespace {

/// The real SQLite store, with a gate in front of insert() (to hold the export thread inside a write
/// while the test fills the queue) and a record of the batch sizes it was given.
class GatedStore final : public HistoryStore {
 public:
  explicit GatedStore(const std::filesystem::path& file) : store_(SqliteHistoryStore::open(file)) {}
  SqlDialect dialect() const override { return store_->dialect(); }
  void insert(std::span<const FlowRecord> batch) override {
    gate.pass();
    {
      std::lock_guard lock(mutex_);
      batches_.push_back(batch.size());
    }
    store_->insert(batch);
  }
  ResultTable execute(const RenderedQuery& q) override { return store_->execute(q); }
  uint64_t enforce_retention(const Retention& r, uint32_t now) override {
    return store_->enforce_retention(r, now);
  }
  uint64_t next_flow_number(uint16_t slot) override { return store_->next_flow_number(slot); }

  netmeter::test::Gate gate;
  std::vector<size_t> batches() {
    std::lock_guard lock(mutex_);
    return batches_;
  }
  uint64_t flows() { return store_->flow_count(); }

 private:
  std::unique_ptr<SqliteHistoryStore> store_;
  std::mutex mutex_;
  std::vector<size_t> batches_;
};

/// A backend that is down: every insert fails as a dead server's would.
class FailingStore final : public HistoryStore {
 public:
  SqlDialect dialect() const override { return SqlDialect::Sqlite; }
  void insert(std::span<const FlowRecord>) override { throw HistoryError("backend unreachable"); }
  ResultTable execute(const RenderedQuery&) override { throw HistoryError("backend unreachable"); }
  uint64_t enforce_retention(const Retention&, uint32_t) override {
    throw HistoryError("backend unreachable");
  }
};

class ExportQueueTest : public ::testing::Test {
 protected:
  netmeter::test::TempDir dir{"netmeter-history"};
  GatedStore store{dir.path() / "history.db"};
};

TEST_F(ExportQueueTest, WritesEverythingInBatchesOfAtMostBatchSize) {
  ExportQueue queue(store,
                    ExportQueueConfig{100, 3, std::chrono::milliseconds(1000), {}, std::chrono::seconds(60)});
  for (uint64_t i = 0; i < 7; ++i)
    EXPECT_TRUE(queue.push(record(i, 1, 1000, 10)));
  queue.flush();
  auto c = queue.counters();
  EXPECT_EQ(c.queued, 7u);
  EXPECT_EQ(c.stored, 7u);
  EXPECT_EQ(c.dropped, 0u);
  EXPECT_EQ(c.pending, 0u);
  EXPECT_EQ(store.flows(), 7u);
  auto batches = store.batches();
  EXPECT_GE(batches.size(), 3u);
  for (size_t b : batches)
    EXPECT_LE(b, 3u);
}

TEST_F(ExportQueueTest, APartialBatchIsWrittenByTheTimer) {
  ExportQueue queue(
      store, ExportQueueConfig{100, 1000, std::chrono::milliseconds(50), {}, std::chrono::seconds(60)});
  queue.push(record(1, 1, 1000, 10));
  // No flush(): the export thread writes the lone flow on its own.
  while (queue.counters().stored < 1)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(store.flows(), 1u);
}

TEST_F(ExportQueueTest, AFullQueueDropsAndCountsWithoutWaitingForTheStore) {
  ExportQueue queue(store, ExportQueueConfig{4, 4, std::chrono::hours(1), {}, std::chrono::seconds(60)});
  store.gate.close();
  for (uint64_t i = 0; i < 4; ++i)
    ASSERT_TRUE(queue.push(record(i, 1, 1000, 10)));
  store.gate.wait_entered(1);  // the export thread holds those 4 inside insert(), which does not return
  for (uint64_t i = 4; i < 8; ++i)
    EXPECT_TRUE(queue.push(record(i, 1, 1000, 10)));
  for (uint64_t i = 8; i < 11; ++i)
    EXPECT_FALSE(queue.push(record(i, 1, 1000, 10)));  // returns at once: the store is still stuck
  auto c = queue.counters();
  EXPECT_EQ(c.queued, 8u);
  EXPECT_EQ(c.dropped, 3u);
  EXPECT_EQ(c.pending, 4u);
  store.gate.open();
  queue.flush();
  c = queue.counters();
  EXPECT_EQ(c.stored, 8u);
  EXPECT_EQ(c.dropped, 3u);
  EXPECT_EQ(store.flows(), 8u);
}

TEST_F(ExportQueueTest, PushWaitingWaitsForRoomInsteadOfDropping) {
  ExportQueue queue(store, ExportQueueConfig{4, 4, std::chrono::hours(1), {}, std::chrono::seconds(60)});
  store.gate.close();
  for (uint64_t i = 0; i < 4; ++i)
    ASSERT_TRUE(queue.push_waiting(record(i, 1, 1000, 10)));
  store.gate.wait_entered(1);  // those 4 are inside insert(); 4 more fill the queue
  for (uint64_t i = 4; i < 8; ++i)
    ASSERT_TRUE(queue.push_waiting(record(i, 1, 1000, 10)));
  EXPECT_FALSE(queue.push(record(99, 1, 1000, 10)));  // the lossy push drops at this point
  std::thread producer([&] {
    for (uint64_t i = 8; i < 20; ++i)
      EXPECT_TRUE(queue.push_waiting(record(i, 1, 1000, 10)));  // waits until the store moves on
  });
  store.gate.open();
  producer.join();
  queue.flush();
  auto c = queue.counters();
  EXPECT_EQ(c.queued, 20u);
  EXPECT_EQ(c.stored, 20u);
  EXPECT_EQ(c.dropped, 1u);  // only the lossy push
  EXPECT_EQ(store.flows(), 20u);
  queue.stop();
  EXPECT_FALSE(queue.push_waiting(record(30, 1, 1000, 10)));  // stopped: returns at once
}

TEST(ExportQueueFailures, AFailingStoreDropsAndCountsItsBatches) {
  FailingStore dead;
  ExportQueue queue(dead,
                    ExportQueueConfig{100, 2, std::chrono::milliseconds(1000), {}, std::chrono::seconds(60)});
  for (uint64_t i = 0; i < 5; ++i)
    EXPECT_TRUE(queue.push(record(i, 1, 1000, 10)));
  queue.flush();
  auto c = queue.counters();
  EXPECT_EQ(c.queued, 5u);
  EXPECT_EQ(c.stored, 0u);
  EXPECT_EQ(c.dropped, 5u);
  EXPECT_GE(c.failed_batches, 3u);
  EXPECT_EQ(c.last_error, "backend unreachable");
  queue.stop();
  EXPECT_FALSE(queue.push(record(9, 1, 1000, 10)));
}

TEST_F(ExportQueueTest, StopWritesWhatIsQueued) {
  {
    ExportQueue queue(store,
                      ExportQueueConfig{100, 50, std::chrono::seconds(3600), {}, std::chrono::seconds(60)});
    for (uint64_t i = 0; i < 10; ++i)
      queue.push(record(i, 1, 1000, 10));
  }  // destroyed: stop() flushes
  EXPECT_EQ(store.flows(), 10u);
}

TEST_F(ExportQueueTest, RetentionRunsOnTheExportThreadInPacketTime) {
  const uint32_t day = 86400, newest = 50 * day;
  ExportQueueConfig config{100, 10, std::chrono::milliseconds(20), Retention{1, 0}, std::chrono::seconds(0)};
  ExportQueue queue(store, config);
  queue.push(record(1, 1, newest - 3 * day, 10));  // older than a day before the newest flow
  queue.push(record(2, 1, newest, 10));
  queue.flush();
  while (queue.counters().deleted < 1)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(store.flows(), 1u);
}

FlowRecord on_slot(uint64_t id, uint16_t slot) {
  FlowRecord r = record(id, 1, 1000, 10);
  r.interface_id = slot;
  return r;
}

TEST_F(ExportQueueTest, CountsEachSlotsFlowsAndBatches) {
  ExportQueue queue(store, ExportQueueConfig{4, 4, std::chrono::hours(1), {}, std::chrono::seconds(60)});
  store.gate.close();
  for (uint64_t i = 0; i < 4; ++i)
    ASSERT_TRUE(queue.push(on_slot(i, i % 2 ? 2 : 1)));  // one batch holding both slots' flows
  store.gate.wait_entered(1);
  for (uint64_t i = 4; i < 8; ++i)
    ASSERT_TRUE(queue.push(on_slot(i, 1)));
  EXPECT_FALSE(queue.push(on_slot(8, 2)));  // full: slot 2's flow is dropped
  store.gate.open();
  queue.flush();
  auto c = queue.counters();
  EXPECT_EQ(c.batches, 2u);
  ASSERT_EQ(c.slots.size(), 2u);
  const SlotExportCounters& one = c.slots.at(1);
  const SlotExportCounters& two = c.slots.at(2);
  EXPECT_EQ((std::array{one.queued, one.stored, one.dropped, one.batches, one.failed_batches}),
            (std::array<uint64_t, 5>{6, 6, 0, 2, 0}));
  EXPECT_EQ((std::array{two.queued, two.stored, two.dropped, two.batches, two.failed_batches}),
            (std::array<uint64_t, 5>{2, 2, 1, 1, 0}));
  EXPECT_EQ(two.last_error, "");
}

// A slot starting again (or an upload reusing a slot id) numbers on from the flows of that id queued in
// this run but not yet written, as well as from the stored ones.
TEST_F(ExportQueueTest, NextFlowNumberCountsQueuedAndStoredFlows) {
  ExportQueue queue(store, ExportQueueConfig{100, 2, std::chrono::hours(1), {}, std::chrono::seconds(60)});
  EXPECT_EQ(queue.next_flow_number(1), 1u);
  store.gate.close();
  ASSERT_TRUE(queue.push(on_slot(5, 1)));
  ASSERT_TRUE(queue.push(on_slot(6, 1)));  // a batch of two: the export thread waits in the store
  store.gate.wait_entered(1);
  ASSERT_TRUE(queue.push(on_slot((uint64_t{2} << 48) + 30, 1)));  // worker 2's 30th flow, queued only
  ASSERT_TRUE(queue.push(on_slot(9, 4)));
  EXPECT_EQ(queue.next_flow_number(1), 31u);
  EXPECT_EQ(queue.next_flow_number(4), 10u);
  EXPECT_EQ(queue.next_flow_number(2), 1u);
  store.gate.open();
  queue.flush();
  EXPECT_EQ(store.next_flow_number(1), 31u);  // written: the store says the same
  EXPECT_EQ(queue.next_flow_number(1), 31u);
}

TEST(ExportQueueFailures, EachSlotCountsItsFailedBatchesAndTheirError) {
  FailingStore dead;
  ExportQueue queue(dead,
                    ExportQueueConfig{100, 2, std::chrono::milliseconds(1000), {}, std::chrono::seconds(60)});
  for (uint64_t i = 0; i < 3; ++i)
    EXPECT_TRUE(queue.push(on_slot(i, 7)));
  queue.flush();
  auto c = queue.counters();
  const SlotExportCounters& seven = c.slots.at(7);
  EXPECT_EQ(seven.queued, 3u);
  EXPECT_EQ(seven.stored, 0u);
  EXPECT_EQ(seven.dropped, 3u);
  EXPECT_EQ(seven.batches, seven.failed_batches);
  EXPECT_GE(seven.failed_batches, 2u);
  EXPECT_EQ(seven.last_error, "backend unreachable");
}

}  // namespace
}  // namespace netmeter::history::test
