#include "query/host_export.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "query/query_service.hpp"
#include "store_fixture.hpp"

namespace netmeter::test {
namespace {

using query::HostExport;
using query::ListRequest;
using query::Order;
using query::SortKey;

/// A host's own traffic in second `s` (no peer: each delta creates exactly one host, so the hosts take
/// the table's slots in the order they first appear).
void touch(stats::Aggregator& agg, const stats::HostKey& h, uint64_t tx_bytes, int64_t s) {
  auto d = agg.channel().acquire(0);
  d->second = s;
  stats::HostDelta& hd = d->hosts[h];
  hd.traffic.tx_packets = 1;
  hd.traffic.tx_bytes = tx_bytes;
  hd.seen(s * kNs);
  agg.channel().publish(std::move(d));
  agg.drain();
}

ListRequest sorted(SortKey k, Order o) {
  ListRequest r;
  r.sort = k;
  r.order = o;
  return r;
}

std::vector<std::string> keys(const std::vector<query::HostItem>& items) {
  std::vector<std::string> out;
  for (const auto& h : items)
    out.push_back(h.key.to_string());
  return out;
}

/// Every host of an export, batch by batch; `batches` counts the calls.
std::vector<query::HostItem> drain(HostExport& ex, size_t n, size_t* batches = nullptr) {
  std::vector<query::HostItem> out;
  size_t calls = 1;
  while (ex.next(n, out))
    ++calls;
  if (batches) *batches = calls;
  return out;
}

using V = std::vector<std::string>;

/// Five hosts, sent 400, 100, 300, 100 and 200 bytes, created in this order.
class HostExportTest : public ::testing::Test {
 protected:
  HostExportTest() : agg(config(), 1), service(agg, names) {
    touch(agg, host("10.0.0.5"), 400, kT0);
    touch(agg, host("10.0.0.1"), 100, kT0);
    touch(agg, host("192.168.1.7"), 300, kT0);
    touch(agg, host("10.0.0.3"), 100, kT0);
    touch(agg, host("2001:db8::2"), 200, kT0);
  }
  static stats::StatsConfig config() { return {}; }

  V order(ListRequest r, query::HostFilter f = {}, size_t n = 2) {
    HostExport ex(service, std::move(r), std::move(f));
    return keys(drain(ex, n));
  }

  stats::Aggregator agg;
  query::NumericNames names;
  query::QueryService service;
};

TEST_F(HostExportTest, BatchesInTheRequestedOrder) {
  HostExport ex(service, sorted(SortKey::Bytes, Order::Descending));
  EXPECT_EQ(ex.total(), 0u);  // not known before the first batch
  std::vector<query::HostItem> out;
  EXPECT_TRUE(ex.next(2, out));
  EXPECT_EQ(ex.total(), 5u);
  EXPECT_EQ(keys(out), (V{"10.0.0.5", "192.168.1.7"}));
  EXPECT_EQ(out[0].traffic.all_time.tx_bytes, 400u);
  EXPECT_TRUE(ex.next(2, out));  // appends
  EXPECT_EQ(out.size(), 4u);
  EXPECT_FALSE(ex.next(2, out));  // the last, partial batch
  // Equal values (10.0.0.1 and 10.0.0.3 sent 100 each) keep the key's ascending order.
  EXPECT_EQ(keys(out), (V{"10.0.0.5", "192.168.1.7", "2001:db8::2", "10.0.0.1", "10.0.0.3"}));
  EXPECT_FALSE(ex.next(2, out));  // and stays done
  EXPECT_EQ(out.size(), 5u);
}

TEST_F(HostExportTest, BatchCountFollowsTheBatchSize) {
  size_t batches = 0;
  HostExport one(service, sorted(SortKey::Bytes, Order::Ascending));
  EXPECT_EQ(keys(drain(one, 1, &batches)),
            (V{"10.0.0.1", "10.0.0.3", "2001:db8::2", "192.168.1.7", "10.0.0.5"}));
  EXPECT_EQ(batches, 5u);
  HostExport big(service, sorted(SortKey::Bytes, Order::Ascending));
  EXPECT_EQ(drain(big, 100, &batches).size(), 5u);
  EXPECT_EQ(batches, 1u);
}

TEST_F(HostExportTest, KeyOrderBothWays) {
  EXPECT_EQ(order(sorted(SortKey::Key, Order::Ascending)),
            (V{"10.0.0.1", "10.0.0.3", "10.0.0.5", "192.168.1.7", "2001:db8::2"}));
  EXPECT_EQ(order(sorted(SortKey::Key, Order::Descending)),
            (V{"2001:db8::2", "192.168.1.7", "10.0.0.5", "10.0.0.3", "10.0.0.1"}));
  // As the paged list does.
  auto r = sorted(SortKey::Key, Order::Descending);
  r.page_size = 0;
  V listed;
  service.read([&](const stats::StatsStore& s, const query::NameResolver&) {
    listed = keys(query::list_hosts(s, r).items);
    return 0;
  });
  EXPECT_EQ(order(r), listed);
  // A key hosts have no value for (a connection's) sorts by the key too.
  EXPECT_EQ(order(sorted(SortKey::ServerPort, Order::Descending)), listed);
}

TEST_F(HostExportTest, NameSortExportsInAddressOrder) {
  EXPECT_EQ(order(sorted(SortKey::Name, Order::Ascending)),
            (V{"10.0.0.1", "10.0.0.3", "10.0.0.5", "192.168.1.7", "2001:db8::2"}));
}

TEST_F(HostExportTest, FilterAndVisibility) {
  query::HostFilter remote;
  remote.mode = query::HostMode::Remote;
  remote.ip_version = 4;
  EXPECT_EQ(order(sorted(SortKey::Bytes, Order::Descending), remote),
            (V{"10.0.0.5", "10.0.0.1", "10.0.0.3"}));
  auto r = sorted(SortKey::Key, Order::Ascending);
  r.visible = [](const core::IpAddress& a) { return a != addr("10.0.0.3"); };
  HostExport ex(service, r);
  EXPECT_EQ(keys(drain(ex, 3)), (V{"10.0.0.1", "10.0.0.5", "192.168.1.7", "2001:db8::2"}));
  EXPECT_EQ(ex.total(), 4u);
}

TEST(HostExportEmpty, NothingToHandOut) {
  stats::Aggregator agg(stats::StatsConfig{}, 1);
  query::NumericNames names;
  query::QueryService service(agg, names);
  HostExport ex(service, ListRequest{});
  std::vector<query::HostItem> out;
  EXPECT_FALSE(ex.next(10, out));
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(ex.total(), 0u);
}

TEST(HostExportTcp, TcpKeys) {
  stats::Aggregator agg(stats::StatsConfig{}, 1);
  query::NumericNames names;
  query::QueryService service(agg, names);
  auto d = agg.channel().acquire(0);
  d->second = kT0;
  auto a = host("10.0.0.1"), b = host("10.0.0.2"), c = host("10.0.0.3");
  for (auto [id, client, retrans] : {std::tuple{1, a, 2u}, std::tuple{2, b, 5u}}) {
    stats::ConnectionUpdate u = update(Conn{static_cast<uint64_t>(id), client, 40000, c, 443});
    u.tcp.dir[0].retransmissions = retrans;
    d->connections.push_back(u);
  }
  agg.channel().publish(std::move(d));
  agg.drain();
  HostExport ex(service, [] {
    ListRequest r;
    r.sort = SortKey::TcpRetransmissions;
    r.order = Order::Descending;
    return r;
  }());
  auto items = drain(ex, 1);
  EXPECT_EQ(keys(items), (V{"10.0.0.2", "10.0.0.1", "10.0.0.3"}));
  EXPECT_EQ(items[0].tcp.retransmissions, 5u);
}

// The order is fixed by the first batch; later batches take each host's values at their own time, skip
// hosts that expired meanwhile, and find a host whose old table slot another host took by its key.
class HostExportExpiryTest : public ::testing::Test {
 protected:
  static stats::StatsConfig config() {
    stats::StatsConfig c;
    c.expire_idle = true;
    c.remote_host_idle_s = 60;
    c.local_host_idle_s = 300;
    return c;
  }
  HostExportExpiryTest() : agg(config(), 1), service(agg, names) {}

  stats::Aggregator agg;
  query::NumericNames names;
  query::QueryService service;
};

TEST_F(HostExportExpiryTest, ErasedHostsAreSkippedAndMovedOnesFoundByKey) {
  auto l1 = host("192.168.1.1"), r1 = host("10.0.0.1"), r2 = host("10.0.0.2"), l2 = host("192.168.1.2");
  touch(agg, l1, 100, kT0);  // slot 0
  touch(agg, r1, 200, kT0);  // slot 1
  touch(agg, r2, 300, kT0);  // slot 2
  touch(agg, l2, 400, kT0);  // slot 3
  HostExport ex(service, sorted(SortKey::Bytes, Order::Descending));
  std::vector<query::HostItem> out;
  ASSERT_TRUE(ex.next(1, out));
  EXPECT_EQ(keys(out), (V{"192.168.1.2"}));
  EXPECT_EQ(ex.total(), 4u);

  touch(agg, l1, 50, kT0 + 100);  // the remote hosts have been idle for over 60 s: both expire
  service.read([&](const stats::StatsStore& s, const query::NameResolver&) {
    EXPECT_EQ(s.hosts().find(r1), nullptr);
    EXPECT_EQ(s.hosts().find(r2), nullptr);
    return 0;
  });
  touch(agg, host("10.0.0.9"), 1, kT0 + 101);   // takes one of the freed slots
  touch(agg, host("10.0.0.10"), 1, kT0 + 102);  // and the other
  touch(agg, r1, 70, kT0 + 103);                // back, in a new slot
  service.read([&](const stats::StatsStore& s, const query::NameResolver&) {
    EXPECT_EQ(s.hosts().slots(), 5u);  // four, and one more for r1
    return 0;
  });

  EXPECT_FALSE(ex.next(10, out));
  // r2 is gone; r1 is found in its new slot with its new traffic; l1 shows its traffic of now, although
  // the order (fixed at 100 bytes) no longer matches it; the new hosts are not part of the export.
  EXPECT_EQ(keys(out), (V{"192.168.1.2", "10.0.0.1", "192.168.1.1"}));
  EXPECT_EQ(out[1].traffic.all_time.tx_bytes, 70u);
  EXPECT_EQ(out[2].traffic.all_time.tx_bytes, 150u);
  EXPECT_EQ(ex.total(), 4u);
}

// export_items looks an entry up by its slot when the slot still holds its key, else by the key.
TEST_F(HostExportExpiryTest, ExportItemsChecksTheSlotAgainstTheKey) {
  auto a = host("10.0.0.1"), b = host("10.0.0.2");
  touch(agg, a, 100, kT0);  // slot 0
  touch(agg, b, 200, kT0);  // slot 1
  ListRequest r;
  service.read([&](const stats::StatsStore& s, const query::NameResolver&) {
    auto order = query::export_order(s, r, {});
    EXPECT_EQ(order.size(), 2u);
    std::vector<HostExport::Entry> entries = {
        {0, a, 1},                   // b's slot: found by key
        {0, b, 1},                   // the right slot
        {0, host("10.0.0.3"), 0},    // unknown: skipped
        {0, b, 999},                 // past the table: found by key
        {0, host("10.0.0.1", 5), 0}  // the same address on another VLAN is another host
    };
    std::vector<query::HostItem> out;
    query::export_items(s, r, entries, 0, entries.size(), out);
    EXPECT_EQ(keys(out), (V{"10.0.0.1", "10.0.0.2", "10.0.0.2"}));
    EXPECT_EQ(out[0].traffic.all_time.tx_bytes, 100u);
    out.clear();
    query::export_items(s, r, entries, 1, 2, out);  // [begin, end)
    EXPECT_EQ(keys(out), (V{"10.0.0.2"}));
    return 0;
  });
}

}  // namespace
}  // namespace netmeter::test
