#include <gtest/gtest.h>

#include "dpi/classifier.hpp"
#include "query/dpi_names.hpp"
#include "query/query_service.hpp"
#include "store_fixture.hpp"

namespace netmeter::test {
namespace {

TEST(QueryService, ReadsThroughTheAggregator) {
  stats::Aggregator agg(stats::StatsConfig{}, 1);
  query::NumericNames names;
  query::QueryService q(agg, names);
  EXPECT_EQ(q.hosts({}).total, 0u);
  auto a = host("192.168.1.2"), b = host("10.1.1.1");
  for (int64_t s = kT0; s < kT0 + 2; ++s) {
    auto d = agg.channel().acquire(0);
    d->second = s;
    send(*d, a, b, 1000, s * kNs);
    d->connections.push_back(update(Conn{1, a, 40000, b, 443}));
    agg.channel().publish(std::move(d));
  }
  agg.drain();
  auto hosts = q.hosts({});
  EXPECT_EQ(hosts.total, 2u);
  auto h = q.host(a);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->summary.traffic.all_time.tx_bytes, 2000u);
  EXPECT_EQ(h->summary.traffic.last_second.tx_bytes, 1000u);
  EXPECT_EQ(q.host_peers(a, {})->total, 1u);
  EXPECT_EQ(q.connections({}).total, 1u);
  EXPECT_TRUE(q.connection(1));
  EXPECT_EQ(q.entities(query::Module::Application, {}).total, 1u);
  auto g = q.graph(query::host_ref(a), {{kT0, kT0 + 2}, 0, 1});
  ASSERT_TRUE(g);
  EXPECT_EQ(g->points.size(), 2u);
  auto i = q.interface();
  EXPECT_EQ(i.hosts, 2u);
  EXPECT_EQ(i.active_connections, 1u);
  EXPECT_EQ(i.traffic.all_time.rx_bytes, 2000u);
  EXPECT_EQ(i.last_second, kT0);
  EXPECT_FALSE(i.finished);
  agg.finish();
  i = q.interface();
  EXPECT_TRUE(i.finished);
  EXPECT_EQ(i.last_second, kT0 + 1);
  EXPECT_EQ(i.oldest_second, kT0);
  EXPECT_EQ(q.read([](const stats::StatsStore& s, const query::NameResolver&) { return s.hosts().size(); }),
            2u);
}

TEST(InterfaceSummary, EmptyStore) {
  stats::StatsStore store{stats::StatsConfig{}};
  auto i = query::interface_summary(store);
  EXPECT_EQ(i.hosts, 0u);
  EXPECT_EQ(i.newest_second, 0);
  EXPECT_TRUE(i.traffic.all_time.empty());
}

TEST(DpiNames, NdpiSpelling) {
  auto created = dpi::Classifier::create(dpi::DpiConfig{});
  ASSERT_TRUE(created.classifier) << created.error;
  query::DpiNames names(*created.classifier);
  EXPECT_EQ(names.application(91, 124), "TLS.YouTube");
  EXPECT_EQ(names.application(0, 7), "HTTP");
  EXPECT_FALSE(names.category(5).empty());
  EXPECT_FALSE(names.breed(2).empty());
}

}  // namespace
}  // namespace netmeter::test
