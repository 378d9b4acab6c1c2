// Lists over an interval reaching before the memory horizon (query/past_lists.cpp, QueryService::entities
// and hosts): memory's rows plus the store's part. The store is a PastTraffic holding minutes in the test
// (the interface's data, given as input); the real readers are tested in tests/unit/history.
#include "query/past_lists.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "query/host_export.hpp"
#include "query/query_service.hpp"
#include "store_fixture.hpp"

namespace netmeter::test {
namespace {

using query::EntityRef;
using query::ListRequest;
using query::Module;
using query::Order;
using query::Scope;
using query::SortKey;

constexpr int64_t kM = 1'600'000'020;  // a multiple of 60, 20 s after kT0

/// Stored minutes given by the test, summed as a store sums them; counts its reads.
class MinutesPast final : public query::PastTraffic {
 public:
  void add(const EntityRef& ref, int64_t minute, stats::Traffic t) { rows_.push_back({ref, minute, t}); }
  bool keeps(Module m) const override {
    return m == Module::Interface || m == Module::Host || m == Module::Application || m == Module::Port ||
           m == Module::Vlan || m == Module::Dscp || m == Module::Category;
  }
  std::vector<query::MinuteTraffic> minutes(const EntityRef& ref, int64_t start, int64_t end) const override {
    std::vector<query::MinuteTraffic> out;
    for (const auto& r : rows_)
      if (r.ref == ref && r.minute >= start && r.minute < end) out.push_back({r.minute, r.traffic});
    return out;
  }
  std::vector<query::KeyedMinuteTraffic> module_minutes(Module m, int64_t start, int64_t end) const override {
    std::map<std::pair<uint64_t, int64_t>, stats::Traffic> sums;  // by id, then minute
    for (const auto& r : rows_)
      if (r.ref.module == m && r.minute >= start && r.minute < end) sums[{r.ref.id, r.minute}] += r.traffic;
    std::vector<query::KeyedMinuteTraffic> out;
    for (const auto& [key, t] : sums)
      out.push_back({key.first, key.second, t});
    return out;
  }
  std::vector<query::EntityTraffic> totals(Module m, int64_t start, int64_t end) const override {
    reads.push_back({start, end});
    std::map<EntityRef, stats::Traffic> sums;
    for (const auto& r : rows_)
      if (r.ref.module == m && r.minute >= start && r.minute < end) sums[r.ref] += r.traffic;
    std::vector<query::EntityTraffic> out;
    for (const auto& [ref, t] : sums)
      out.push_back({ref, t});
    std::reverse(out.begin(), out.end());  // "in no particular order"
    return out;
  }
  mutable std::vector<std::pair<int64_t, int64_t>> reads;

 private:
  struct Row {
    EntityRef ref;
    int64_t minute;
    stats::Traffic traffic;
  };
  std::vector<Row> rows_;
};

stats::Traffic rx(uint64_t bytes) {
  return {bytes / 100, bytes, 0, 0};
}

class PastListsTest : public ::testing::Test {
 protected:
  PastListsTest() : agg(stats::StatsConfig{}, 1), plain(agg, names), service(agg, names) {
    service.set_past(&past);
    // Memory: minute 2 (from kM + 120) only, so the horizon is kM + 120. Port 443 and host a every second
    // of it, port 80 and host c once at its start.
    for (int64_t s = kM + 120; s < kM + 180; ++s) {
      auto d = agg.channel().acquire(0);
      d->second = s;
      d->ports[stats::port_key(6, 443)].add_rx(100);
      send(*d, a, b, 100, s * kNs);
      if (s == kM + 120) {
        d->ports[stats::port_key(6, 80)].add_rx(50);
        send(*d, c, b, 50, s * kNs);
      }
      agg.channel().publish(std::move(d));
      agg.drain();  // the channel holds a few deltas
    }
  }
  static ListRequest request(int64_t start, int64_t end, SortKey sort = SortKey::RxBytes) {
    ListRequest r;
    r.interval = {start, end};
    r.sort = sort;
    r.order = Order::Descending;
    r.scope = Scope::Interval;
    return r;
  }
  /// Stored port minutes: 443 (also in memory) 3000 and 4000 bytes in minutes 0 and 1, 22 9000 in minute 1
  /// and 53 100 in minute 0 (known only to the store), and 443 777 in minute 2, memory's, never read.
  void store_ports() {
    past.add(query::port_ref(6, 443), kM, rx(3000));
    past.add(query::port_ref(6, 443), kM + 60, rx(4000));
    past.add(query::port_ref(6, 22), kM + 60, rx(9000));
    past.add(query::port_ref(17, 53), kM, rx(100));
    past.add(query::port_ref(6, 443), kM + 120, rx(777));
  }
  int64_t horizon() const {
    return agg.read(
        [](const stats::StatsStore& s) { return query::memory_horizon(s, s.config().entity_history); });
  }
  std::vector<std::string> names_of(const query::Page<query::ModuleItem>& p) const {
    std::vector<std::string> out;
    for (const auto& m : p.items)
      out.push_back(m.name);
    return out;
  }
  const query::ModuleItem* find(const query::Page<query::ModuleItem>& p, const std::string& name) const {
    for (const auto& m : p.items)
      if (m.name == name) return &m;
    return nullptr;
  }

  stats::HostKey a = host("192.168.1.10");
  stats::HostKey b = host("10.0.0.1");
  stats::HostKey c = host("192.168.1.11");
  stats::Aggregator agg;
  query::NumericNames names;
  MinutesPast past;
  query::QueryService plain;    ///< memory only
  query::QueryService service;  ///< with the stored minutes
};

TEST_F(PastListsTest, TheFixtureHorizonIsMinuteTwo) {
  EXPECT_EQ(horizon(), kM + 120);
}

TEST_F(PastListsTest, AListInsideMemoryIsMemorysAndReadsNoStore) {
  past.add(query::port_ref(6, 22), kM + 120, rx(999'999));  // would change the answer if it were read
  for (auto r : {request(kM + 120, kM + 180), request(kM + 130, kM + 170, SortKey::Key)}) {
    auto with = service.entities(Module::Port, r);
    auto without = plain.entities(Module::Port, r);
    EXPECT_EQ(names_of(with), names_of(without));
    ASSERT_EQ(with.items.size(), 2u);
    EXPECT_EQ(with.items[0].traffic.interval, without.items[0].traffic.interval);
  }
  // No interval, or no interval values wanted: memory's list as well.
  ListRequest none;
  EXPECT_EQ(service.entities(Module::Port, none).total, 2u);
  ListRequest no_values = request(kM, kM + 180);
  no_values.with_interval = false;
  EXPECT_EQ(service.entities(Module::Port, no_values).total, 2u);
  EXPECT_TRUE(past.reads.empty());
}

TEST_F(PastListsTest, RowsAddTheStoredMinutesAndStoredOnlyEntitiesAreListed) {
  store_ports();
  auto page = service.entities(Module::Port, request(kM, kM + 180));
  // 443: 6000 in memory + 7000 stored; 22: 9000; 80: 50; 53: 100.
  EXPECT_EQ(names_of(page), (std::vector<std::string>{"443", "22", "53", "80"}));
  EXPECT_EQ(page.total, 4u);
  const auto* https = find(page, "443");
  ASSERT_NE(https, nullptr);
  EXPECT_EQ(https->traffic.interval.rx_bytes, 6000u + 7000u);
  EXPECT_EQ(https->traffic.interval_per_second.rx_bytes, 13000u / 180);
  EXPECT_EQ(https->traffic.all_time.rx_bytes, 6000u);  // this run's
  EXPECT_NE(https->first_ns, 0);
  const auto* ssh = find(page, "22");
  ASSERT_NE(ssh, nullptr);
  EXPECT_EQ(ssh->ref, query::port_ref(6, 22));
  EXPECT_EQ(ssh->traffic.interval, rx(9000));
  EXPECT_EQ(ssh->traffic.interval_per_second.rx_bytes, 9000u / 180);
  EXPECT_TRUE(ssh->traffic.all_time.empty());  // this run never saw it
  EXPECT_TRUE(ssh->traffic.last_second.empty());
  EXPECT_EQ(ssh->first_ns, 0);
  EXPECT_EQ(ssh->last_ns, 0);
  // Whole minutes: one read of the store, of the minutes before the horizon.
  ASSERT_EQ(past.reads.size(), 1u);
  EXPECT_EQ(past.reads[0], (std::pair<int64_t, int64_t>{kM, kM + 120}));
}

TEST_F(PastListsTest, SortAndPagingRunOverBothParts) {
  past.add(query::port_ref(6, 22), kM + 60, rx(9000));
  past.add(query::port_ref(17, 53), kM, rx(100));
  auto r = request(kM, kM + 180);
  r.page_size = 1;
  std::vector<std::string> paged;
  for (r.page = 0; r.page < 4; ++r.page) {
    auto p = service.entities(Module::Port, r);
    EXPECT_EQ(p.total, 4u);
    EXPECT_EQ(p.pages, 4u);
    for (const auto& m : p.items)
      paged.push_back(m.name);
  }
  EXPECT_EQ(paged, (std::vector<std::string>{"22", "443", "53", "80"}));
  // Ascending by key, and by the rate (the interval's average).
  auto by_key = request(kM, kM + 180, SortKey::Key);
  by_key.order = Order::Ascending;
  EXPECT_EQ(names_of(service.entities(Module::Port, by_key)),
            (std::vector<std::string>{"22", "80", "443", "53"}));
  EXPECT_EQ(names_of(service.entities(Module::Port, request(kM, kM + 180, SortKey::Bps))),
            (std::vector<std::string>{"22", "443", "80", "53"}));  // 0 B/s each: by key
  EXPECT_EQ(names_of(service.entities(Module::Port, request(kM, kM + 180, SortKey::Name))),
            (std::vector<std::string>{"80", "53", "443", "22"}));
}

TEST_F(PastListsTest, FiltersApplyToStoredOnlyRows) {
  past.add(query::port_ref(6, 22), kM + 60, rx(9000));
  past.add(query::port_ref(17, 53), kM, rx(100));
  past.add(query::port_ref(17, 5353), kM, rx(200));
  query::ModuleFilter udp;
  udp.l4 = 17;
  EXPECT_EQ(names_of(service.entities(Module::Port, request(kM, kM + 180), udp)),
            (std::vector<std::string>{"5353", "53"}));
  query::ModuleFilter text;
  text.text = "53";
  EXPECT_EQ(names_of(service.entities(Module::Port, request(kM, kM + 180), text)),
            (std::vector<std::string>{"5353", "53"}));
  // Active in the interval counts the stored traffic: 22 is active in [kM, kM + 120) through the store
  // alone, 443 and 80 (memory's, from kM + 120 on) are not.
  query::ModuleFilter active;
  active.active_in_interval = true;
  EXPECT_EQ(names_of(service.entities(Module::Port, request(kM, kM + 120), active)),
            (std::vector<std::string>{"22", "5353", "53"}));
  // A VLAN level filter on ports: nothing, stored or not.
  query::ModuleFilter vlan;
  vlan.vlan_level = 0;
  EXPECT_EQ(service.entities(Module::Port, request(kM, kM + 180), vlan).total, 0u);
}

TEST_F(PastListsTest, AnEntityMemoryFilteredOutIsNotListedFromTheStore) {
  std::vector<query::ModuleItem> recent(1);
  recent[0].ref = query::port_ref(6, 443);
  recent[0].name = "443";
  std::vector<query::EntityTraffic> stored{{query::port_ref(6, 443), rx(100)},
                                           {query::port_ref(6, 80), rx(200)},
                                           {query::port_ref(6, 22), rx(300)}};
  query::TimeWindow w{kM, kM + 60, kM, true};
  auto page = query::merge_module_list(recent, {query::port_ref(6, 80)}, stored, names, ListRequest{}, {}, w);
  EXPECT_EQ(names_of(page), (std::vector<std::string>{"22", "443"}));
}

TEST_F(PastListsTest, PartialMinutesCountProRataAsTheItemsDo) {
  past.add(query::port_ref(6, 443), kM, rx(6000));
  past.add(query::port_ref(6, 443), kM + 60, rx(6000));
  past.add(query::port_ref(6, 22), kM + 60, rx(1200));
  // [kM + 30, kM + 150): half of minute 0, minute 1 whole, then memory's 30 s.
  auto page = service.entities(Module::Port, request(kM + 30, kM + 150));
  const auto* https = find(page, "443");
  ASSERT_NE(https, nullptr);
  EXPECT_EQ(https->traffic.interval.rx_bytes, 3000u + 6000u + 3000u);
  // The item answers the same.
  auto item = service.entity(query::port_ref(6, 443), {kM + 30, kM + 150});
  ASSERT_TRUE(item);
  EXPECT_EQ(item->traffic.interval, https->traffic.interval);
  ASSERT_EQ(past.reads.size(), 2u);  // the partial first minute, then the whole one
  // Inside one stored minute: [kM + 70, kM + 100) is half of minute 1.
  past.reads.clear();
  auto inner = service.entities(Module::Port, request(kM + 70, kM + 100));
  EXPECT_EQ(names_of(inner), (std::vector<std::string>{"443", "22", "80"}));
  EXPECT_EQ(find(inner, "22")->traffic.interval.rx_bytes, 600u);
  ASSERT_EQ(past.reads.size(), 1u);
  EXPECT_EQ(past.reads[0], (std::pair<int64_t, int64_t>{kM + 60, kM + 120}));
}

TEST_F(PastListsTest, PastTotalsSplitTheRangeIntoWholeAndPartialMinutes) {
  past.add(query::port_ref(6, 22), kM, rx(6000));
  past.add(query::port_ref(6, 22), kM + 60, rx(6000));
  past.add(query::port_ref(6, 22), kM + 120, rx(6000));
  past.add(query::port_ref(6, 22), kM + 180, rx(6000));
  auto bytes = [&](int64_t start, int64_t end, int64_t horizon) {
    auto t = query::past_totals(past, Module::Port, start, end, horizon);
    return t.empty() ? uint64_t{0} : t[0].traffic.rx_bytes;
  };
  EXPECT_EQ(bytes(kM, kM + 240, kM + 240), 24000u);
  EXPECT_EQ(bytes(kM + 10, kM + 230, kM + 240), 22000u);  // 50 s + 2 minutes + 50 s
  EXPECT_EQ(bytes(kM + 10, kM + 230, kM + 90), 8000u);    // up to the horizon: 50 s + 30 s
  EXPECT_EQ(bytes(kM + 60, kM + 60, kM + 240), 0u);
  EXPECT_EQ(bytes(kM + 100, kM + 200, kM + 90), 0u);  // wholly after the horizon
}

TEST_F(PastListsTest, HostsOnlyTheStoreKnowsAreListedWithWhatTheirAddressTells) {
  const stats::HostKey old_local = host("192.168.1.50"), old_remote = host("8.8.4.4", 7);
  past.add(query::host_ref(a), kM + 60, {1, 500, 2, 700});
  past.add(query::host_ref(old_local), kM, {10, 20000, 0, 0});
  past.add(query::host_ref(old_remote), kM, {1, 100, 0, 0});
  auto page = service.hosts(request(kM, kM + 180, SortKey::Bytes));
  ASSERT_EQ(page.total, 5u);
  EXPECT_EQ(page.items[0].key, old_local);
  EXPECT_TRUE(page.items[0].local);
  EXPECT_EQ(page.items[0].traffic.interval, (stats::Traffic{10, 20000, 0, 0}));
  EXPECT_TRUE(page.items[0].traffic.all_time.empty());
  EXPECT_EQ(page.items[0].first_ns, 0);
  EXPECT_EQ(page.items[0].mac, 0u);
  // a: memory's 6000 sent plus the stored minute; b received 6000 + 50 in memory.
  EXPECT_EQ(page.items[1].key, a);
  EXPECT_EQ(page.items[1].traffic.interval, (stats::Traffic{1, 500, 60 + 2, 6000 + 700}));
  EXPECT_NE(page.items[1].first_ns, 0);
  EXPECT_EQ(page.items[2].key, b);
  EXPECT_EQ(page.items[3].key, old_remote);
  EXPECT_FALSE(page.items[3].local);
  EXPECT_EQ(page.items[4].key, c);
  // Filters: VLAN, mode, IP version, text and the caller's visibility reach the stored-only hosts.
  auto keys = [&](const query::HostFilter& f, ListRequest r) {
    std::vector<std::string> out;
    for (const auto& h : service.hosts(r, f).items)
      out.push_back(h.key.to_string());
    return out;
  };
  auto r = request(kM, kM + 180, SortKey::Bytes);
  query::HostFilter vlan;
  vlan.vlan = 7;
  EXPECT_EQ(keys(vlan, r), (std::vector<std::string>{"8.8.4.4@7"}));
  query::HostFilter remote;
  remote.mode = query::HostMode::Remote;
  EXPECT_EQ(keys(remote, r), (std::vector<std::string>{"10.0.0.1", "8.8.4.4@7"}));
  query::HostFilter v6;
  v6.ip_version = 6;
  EXPECT_TRUE(keys(v6, r).empty());
  query::HostFilter text;
  text.text = "168.1.5";
  EXPECT_EQ(keys(text, r), (std::vector<std::string>{"192.168.1.50"}));
  auto hidden = r;
  hidden.visible = [](const core::IpAddress& ip) { return ip.to_string() != "192.168.1.50"; };
  EXPECT_EQ(keys({}, hidden).size(), 4u);
  // Active in [kM, kM + 120): the hosts with stored minutes there, not memory's c and b.
  query::HostFilter active;
  active.active_in_interval = true;
  EXPECT_EQ(keys(active, request(kM, kM + 120, SortKey::Bytes)),
            (std::vector<std::string>{"192.168.1.50", "192.168.1.10", "8.8.4.4@7"}));
  // Paging by the key across both parts.
  auto by_key = request(kM, kM + 180, SortKey::Key);
  by_key.order = Order::Ascending;
  by_key.page_size = 2;
  by_key.page = 1;
  EXPECT_EQ(keys({}, by_key), (std::vector<std::string>{"192.168.1.10", "192.168.1.11"}));
}

TEST_F(PastListsTest, TheHostExportOfAPastIntervalIsTheMergedList) {
  past.add(query::host_ref(host("192.168.1.50")), kM, {10, 20000, 0, 0});
  past.add(query::host_ref(a), kM + 60, {1, 500, 2, 700});
  auto keys_of = [](const std::vector<query::HostItem>& items) {
    std::vector<std::string> out;
    for (const auto& h : items)
      out.push_back(h.key.to_string() + " " + std::to_string(h.traffic.interval.bytes()));
    return out;
  };
  auto exported = [&](const ListRequest& r) {
    query::HostExport ex(service, r);
    std::vector<query::HostItem> out;
    while (ex.next(2, out)) {
    }
    return keys_of(out);
  };
  auto r = request(kM, kM + 180, SortKey::Bytes);
  EXPECT_EQ(exported(r), (std::vector<std::string>{"192.168.1.50 20000", "192.168.1.10 7200", "10.0.0.1 6050",
                                                   "192.168.1.11 50"}));
  auto all = r;
  all.page_size = 0;
  EXPECT_EQ(exported(r), keys_of(service.hosts(all).items));
  // Inside memory: memory's export, no store read.
  past.reads.clear();
  auto recent = request(kM + 120, kM + 180, SortKey::Bytes);
  query::HostExport plain_export(plain, recent);
  std::vector<query::HostItem> out;
  while (plain_export.next(2, out)) {
  }
  EXPECT_EQ(exported(recent), keys_of(out));
  EXPECT_TRUE(past.reads.empty());
}

TEST_F(PastListsTest, HostListsInsideMemoryAreMemorys) {
  past.add(query::host_ref(host("192.168.1.50")), kM + 120, {10, 20000, 0, 0});
  auto r = request(kM + 120, kM + 180, SortKey::Bytes);
  auto with = service.hosts(r), without = plain.hosts(r);
  ASSERT_EQ(with.total, without.total);
  for (size_t i = 0; i < with.items.size(); ++i) {
    EXPECT_EQ(with.items[i].key, without.items[i].key);
    EXPECT_EQ(with.items[i].traffic.interval, without.items[i].traffic.interval);
  }
  EXPECT_TRUE(past.reads.empty());
}

// The module's overview (globalCounters: interval, numberOfItems) over a past interval is the merged list
// summed; inside memory it is memory's and reads no store.
TEST_F(PastListsTest, ModuleTotalsOfAPastIntervalAddTheStore) {
  store_ports();
  const auto t = service.module_totals(Module::Port, request(kM, kM + 180));
  EXPECT_EQ(t.items, 4u);
  EXPECT_EQ(t.traffic.interval.rx_bytes, 6000u + 50u + 7000u + 9000u + 100u);
  EXPECT_EQ(t.traffic.interval_per_second.rx_bytes, 22150u / 180);
  EXPECT_EQ(t.traffic.all_time.rx_bytes, 6050u);  // this run's
  EXPECT_EQ(plain.module_totals(Module::Port, request(kM, kM + 180)).traffic.interval.rx_bytes, 6050u);
  query::ModuleFilter udp;
  udp.l4 = 17;
  const auto u = service.module_totals(Module::Port, request(kM, kM + 180), udp);
  EXPECT_EQ(u.items, 1u);
  EXPECT_EQ(u.traffic.interval, rx(100));

  past.reads.clear();
  const auto inside = service.module_totals(Module::Port, request(kM + 120, kM + 180));
  const auto memory = plain.module_totals(Module::Port, request(kM + 120, kM + 180));
  EXPECT_EQ(inside.items, memory.items);
  EXPECT_EQ(inside.traffic.interval, memory.traffic.interval);
  EXPECT_TRUE(past.reads.empty());
}

// The module's graph over a range reaching before the horizon: each point is memory's part plus the
// stored minutes of the entities the list holds (filters included), equal to the sum of their graphs.
TEST_F(PastListsTest, ModuleGraphsAddTheStoredMinutesOfTheListedEntities) {
  store_ports();
  query::GraphRequest g;
  g.range = {kM, kM + 180};
  g.timespan = 60;
  const auto graph = service.module_graph(Module::Port, g, request(kM, kM + 180));
  ASSERT_EQ(graph.points.size(), 3u);
  EXPECT_EQ(graph.points[0].value, rx(3000 + 100));
  EXPECT_EQ(graph.points[1].value, rx(4000 + 9000));
  EXPECT_EQ(graph.points[2].value,
            (stats::Traffic{60 + 1, 6000 + 50, 0, 0}));  // memory: a packet a second, one of 80
  // The same as the sum of the entities' own graphs.
  for (size_t i = 0; i < 3; ++i) {
    stats::Traffic sum;
    for (auto ref :
         {query::port_ref(6, 443), query::port_ref(6, 80), query::port_ref(6, 22), query::port_ref(17, 53)})
      if (auto e = service.graph(ref, g)) sum += e->points[i].value;
    EXPECT_EQ(graph.points[i].value, sum) << "point " << i;
  }
  query::ModuleFilter tcp;
  tcp.l4 = 6;
  const auto tcp_graph = service.module_graph(Module::Port, g, request(kM, kM + 180), tcp);
  EXPECT_EQ(tcp_graph.points[0].value, rx(3000));
  // Without an interval, the entities are those of the graph's range.
  const auto no_interval = service.module_graph(Module::Port, g, ListRequest{});
  EXPECT_EQ(no_interval.points[0].value, rx(3100));
  // Memory only: the stored minutes are not there.
  EXPECT_TRUE(plain.module_graph(Module::Port, g, request(kM, kM + 180)).points[0].value.empty());
}

}  // namespace
}  // namespace netmeter::test
