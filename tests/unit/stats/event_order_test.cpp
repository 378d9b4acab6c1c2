// The order several workers' L7 events are applied in: EventOrder itself, the channel's time marks, a
// recorder's marks, and the aggregator that holds events until every worker has passed their second.
#include "stats/event_order.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "stats/aggregator.hpp"
#include "stats/module_recorders.hpp"
#include "stats/recorder.hpp"
#include "stats_test_util.hpp"

namespace netmeter::stats {
namespace {

using namespace test;

constexpr int64_t kS = 1'700'000'000;

L7Event hello(int64_t ts_ns, std::string_view name, std::string_view server = "198.51.100.1") {
  L7Event e;
  e.kind = L7Kind::TlsClientHello;
  e.ts_ns = ts_ns;
  e.client = host("192.168.1.10");
  e.server = host(server);
  e.set_name(name);
  return e;
}

ShardDelta delta(unsigned worker, int64_t second, std::vector<L7Event> events, int64_t order_second = 0) {
  ShardDelta d;
  d.worker = worker;
  d.second = second;
  d.order_second = order_second ? order_second : second;
  d.events = std::move(events);
  return d;
}

std::vector<std::string> names(const std::vector<EventOrder::Held>& held) {
  std::vector<std::string> out;
  for (const auto& h : held)
    out.emplace_back(h.event.name_view());
  return out;
}

TEST(EventOrder, ReleasesBySecondThenPacketTimeThenWorker) {
  EventOrder order;
  order.hold(delta(1, kS + 1, {hello(kT0 + 1 * kSecond + 5, "d")}));
  order.hold(delta(1, kS, {hello(kT0 + 300, "c"), hello(kT0 + 100, "a")}));
  order.hold(delta(0, kS, {hello(kT0 + 300, "b"), hello(kT0 + 200, "b2")}));
  EXPECT_EQ(names(order.release(kS + 2, 100)), (std::vector<std::string>{"a", "b2", "b", "c", "d"}));
  EXPECT_EQ(order.held(), 0u);
}

TEST(EventOrder, HoldsWhatIsNotSettledAndReleasesInPieces) {
  EventOrder order;
  order.hold(delta(0, kS, {hello(kT0 + 1, "a"), hello(kT0 + 2, "b"), hello(kT0 + 3, "c")}));
  order.hold(delta(1, kS + 1, {hello(kT0 + kSecond, "later")}));
  EXPECT_TRUE(order.release(kS, 100).empty());  // nothing before kS
  EXPECT_EQ(names(order.release(kS + 1, 2)), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(names(order.release(kS + 1, 2)), (std::vector<std::string>{"c"}));
  EXPECT_TRUE(order.release(kS + 1, 2).empty());
  EXPECT_EQ(order.held(), 1u);
}

// A packet later than its second (an unsorted capture) is ordered by the worker's mark, not its time.
TEST(EventOrder, ALatePacketIsOrderedAtItsWorkersMark) {
  EventOrder order;
  order.hold(delta(0, kS + 1, {hello(kT0 + kSecond, "on time")}));
  order.hold(delta(1, kS, {hello(kT0, "late")}, kS + 1));
  EXPECT_EQ(names(order.release(kS + 2, 100)), (std::vector<std::string>{"late", "on time"}));
}

TEST(EventOrder, MemoryIsBoundedByReleasingTheOldestSecond) {
  EventOrder order;
  std::vector<L7Event> many(EventOrder::kMaxHeld, hello(kT0 + kSecond, "x"));
  order.hold(delta(0, kS, {hello(kT0, "oldest")}));
  order.hold(delta(0, kS + 1, many));
  ASSERT_EQ(order.held(), EventOrder::kMaxHeld + 1);
  // Nothing is settled, but one second too many is held: the oldest goes.
  EXPECT_EQ(names(order.release(kS - 10, 100)), (std::vector<std::string>{"oldest"}));
  EXPECT_TRUE(order.release(kS - 10, 100).empty());
}

TEST(EventOrder, AServedNameIsOrderedAtItsConnectionsFirstPacket) {
  EventOrder order;
  auto p = ip_packet({.ts = kT0 + 50});
  flow::Flow f = flow_of(p);
  count(f, 0, 100, kT0 + 50);
  ConnectionUpdate u = ConnectionUpdate::from(f);
  std::string_view name = "www.example.com";
  u.server_name_len = static_cast<uint8_t>(name.size());
  name.copy(u.server_name, name.size());
  ShardDelta d = delta(1, kS, {hello(kT0 + 100, "hello")});
  order.hold_served_name(d, u);
  order.hold(delta(0, kS, {hello(kT0 + 20, "first")}));
  auto released = order.release(kS + 1, 100);
  EXPECT_EQ(names(released), (std::vector<std::string>{"first", "www.example.com"}));
  ASSERT_EQ(released.size(), 2u);
  EXPECT_TRUE(released[1].served_name);
  EXPECT_EQ(released[1].event.server, host("198.51.100.1"));
}

TEST(DeltaChannelMarks, SettledIsTheLowestMarkOnceEveryWorkerMarked) {
  DeltaChannel channel(3, 1);
  EXPECT_EQ(channel.settled(), History::kNever);
  channel.mark(0, kS + 5);
  channel.mark(2, kS + 2);
  EXPECT_EQ(channel.settled(), History::kNever);  // worker 1 has said nothing yet
  channel.mark(1, kS + 3);
  EXPECT_EQ(channel.settled(), kS + 2);
  channel.mark(2, kS + 1);  // marks never go back
  EXPECT_EQ(channel.settled(), kS + 2);
}

TEST(ShardRecorderMarks, PassingASecondHandsOverAndMarks) {
  StatsConfig config;
  DeltaChannel channel(2, 4);
  ShardRecorder recorder(config, channel, 1);
  recorder.on_packet(ip_packet({.ts = kT0}), nullptr, 0, {});
  recorder.pass(kS + 1);
  auto taken = channel.take(std::chrono::milliseconds(0));
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0]->second, kS);
  EXPECT_EQ(taken[0]->order_second, kS);
  channel.mark(0, kS + 1);
  EXPECT_EQ(channel.settled(), kS + 1);
  // A packet of an earlier second after the mark: its delta is ordered at the mark.
  recorder.on_packet(ip_packet({.ts = kT0 + 10}), nullptr, 0, {});
  recorder.flush();
  auto late = channel.take(std::chrono::milliseconds(0));
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0]->second, kS);
  EXPECT_EQ(late[0]->order_second, kS + 1);
  for (auto& d : taken)
    channel.recycle(std::move(d));
  for (auto& d : late)
    channel.recycle(std::move(d));
}

/// Publishes worker `w`'s delta of second `s` with a packet to the server and a TLS hello naming it.
void publish_hello(Aggregator& agg, unsigned w, int64_t s, int64_t ts_ns, std::string_view name) {
  auto d = agg.channel().acquire(w);
  d->second = d->order_second = s;
  const auto p = ip_packet({.ts = ts_ns});
  PacketView v{p, nullptr, 0, {}};
  record_interface(v, agg.config(), *d);
  record_hosts(v, *d);
  d->events.push_back(hello(ts_ns, name));
  agg.channel().publish(std::move(d));
}

std::string served_name(const Aggregator& agg) {
  return agg.read([](const StatsStore& s) {
    const HostEntry* h = s.hosts().find(host("198.51.100.1"));
    return h ? h->served_name : std::string("(no host)");
  });
}

// Worker 1's hello arrives first but was seen later: with two workers the earlier one names the server,
// whichever delta the aggregator took first.
TEST(AggregatorEventOrder, TheEarliestEventWinsWhateverArrivesFirst) {
  Aggregator agg(StatsConfig{}, 2);
  publish_hello(agg, 1, kS, kT0 + 500, "late.example");
  publish_hello(agg, 0, kS, kT0 + 100, "early.example");
  agg.drain();
  EXPECT_EQ(served_name(agg), "early.example");
}

// With one worker nothing is held: events are applied with their delta, in its order.
TEST(AggregatorEventOrder, OneWorkerAppliesEventsWithTheirDelta) {
  Aggregator agg(StatsConfig{}, 1);
  publish_hello(agg, 0, kS, kT0 + 500, "first.example");
  agg.drain();
  EXPECT_EQ(served_name(agg), "first.example");
}

// The aggregator's thread holds a worker's events until every worker has passed their second.
TEST(AggregatorEventOrder, EventsWaitForEveryWorkersMark) {
  Aggregator agg(StatsConfig{}, 2);
  agg.start();
  publish_hello(agg, 0, kS, kT0 + 100, "early.example");
  agg.channel().mark(0, kS + 1);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (agg.deltas_applied() == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_GE(agg.deltas_applied(), 1u);
  EXPECT_EQ(served_name(agg), "");  // the host is there, its name waits for worker 1
  agg.channel().mark(1, kS + 1);
  while (served_name(agg).empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(served_name(agg), "early.example");
  agg.stop();
}

// Stopping (the workers have stopped) applies what is still held.
TEST(AggregatorEventOrder, StopAppliesWhatIsHeld) {
  Aggregator agg(StatsConfig{}, 2);
  agg.start();
  publish_hello(agg, 1, kS, kT0 + 100, "held.example");
  agg.stop();
  EXPECT_EQ(served_name(agg), "held.example");
}

}  // namespace
}  // namespace netmeter::stats
