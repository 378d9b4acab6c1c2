#include "query/locations.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "geo/geo_db.hpp"
#include "query/hosts.hpp"
#include "store_fixture.hpp"

// The geo unit tests' MMDB databases (tests/unit/geo/make_test_mmdb.pl, "maxmind" set): 1.0.0.0/8 is
// US with AS 15169, 2.0.0.0/8 FR without an AS, 2a02:8100::/24 DE with AS 3209; private addresses are
// in no database.
#ifndef NETMETER_GEO_FIXTURES
#define NETMETER_GEO_FIXTURES ""
#endif

namespace netmeter::test {
namespace {

using query::ListRequest;
using query::Order;
using query::SortKey;

#define NEED_GEO_FIXTURES()                                                                        \
  do {                                                                                             \
    if (std::string(NETMETER_GEO_FIXTURES).empty()) {                                              \
      GTEST_SKIP() << "no test databases: install libmaxmind-db-writer-perl (scripts/setup does)"; \
    }                                                                                              \
  } while (false)

stats::StatsConfig located() {
  stats::StatsConfig config;
  if (!std::string(NETMETER_GEO_FIXTURES).empty()) {
    geo::GeoDbOptions options;
    options.country_names.clear();
    config.geo = std::make_shared<const geo::GeoDb>(
        geo::GeoDb::open(std::filesystem::path(NETMETER_GEO_FIXTURES) / "maxmind", options));
  }
  return config;
}

ListRequest sorted(SortKey k, Order o) {
  ListRequest r;
  r.sort = k;
  r.order = o;
  r.page_size = 0;
  return r;
}

/// lan (192.168.1.10) talks to two US hosts, one in FR and one in DE; priv (10.0.0.1) is unknown too.
///   kT0:     lan -> us1 100 B, us1 -> lan 1000 B, lan -> fr 200 B, de -> lan 400 B (4 packets)
///   kT0 + 1: lan -> us2 300 B, priv -> lan 50 B
class LocationsTest : public ::testing::Test {
 protected:
  LocationsTest() : store(located()) {
    auto d0 = delta(kT0);
    send(d0, lan, us1, 100, kT0 * kNs + 1);
    send(d0, us1, lan, 1000, kT0 * kNs + 2);
    send(d0, lan, fr, 200, kT0 * kNs + 3);
    send(d0, de, lan, 400, kT0 * kNs + 4, 4);
    store.apply(d0);
    auto d1 = delta(kT0 + 1);
    send(d1, lan, us2, 300, (kT0 + 1) * kNs + 5);
    send(d1, priv, lan, 50, (kT0 + 1) * kNs + 6);
    store.apply(d1);
    store.mark_finished();
  }

  std::vector<std::string> countries(const ListRequest& r) const {
    std::vector<std::string> out;
    for (const auto& c : query::list_countries(store, r).items)
      out.push_back(c.country);
    return out;
  }
  std::vector<uint32_t> asns(const ListRequest& r) const {
    std::vector<uint32_t> out;
    for (const auto& a : query::list_asns(store, r).items)
      out.push_back(a.asn);
    return out;
  }

  stats::HostKey lan = host("192.168.1.10"), priv = host("10.0.0.1"), us1 = host("1.1.1.1"),
                 us2 = host("1.2.3.4"), fr = host("2.2.2.2"), de = host("2a02:8100::1");
  stats::StatsStore store;
};

TEST_F(LocationsTest, CountriesSumTheirHosts) {
  NEED_GEO_FIXTURES();
  auto page = query::list_countries(store, sorted(SortKey::Key, Order::Ascending));
  ASSERT_EQ(page.total, 4u);
  ASSERT_EQ(page.items.size(), 4u);
  const auto& unknown = page.items[0];  // "" sorts first
  EXPECT_EQ(unknown.country, "");
  EXPECT_EQ(unknown.hosts, 2u);  // lan and priv
  EXPECT_EQ(unknown.traffic.all_time, (stats::Traffic{6, 1450, 4, 650}));
  const auto& de_row = page.items[1];
  EXPECT_EQ(de_row.country, "DE");
  EXPECT_EQ(de_row.hosts, 1u);
  EXPECT_EQ(de_row.traffic.all_time, (stats::Traffic{0, 0, 4, 400}));
  EXPECT_EQ(de_row.sample, de.ip);
  EXPECT_EQ(page.items[2].country, "FR");
  const auto& us = page.items[3];
  EXPECT_EQ(us.country, "US");
  EXPECT_EQ(us.hosts, 2u);
  EXPECT_EQ(us.traffic.all_time, (stats::Traffic{2, 400, 1, 1000}));  // what the US hosts received, sent
  EXPECT_EQ(us.first_ns, kT0 * kNs + 1);
  EXPECT_EQ(us.last_ns, (kT0 + 1) * kNs + 5);
  EXPECT_EQ(us.sample, us1.ip);                                       // the first of its hosts
  EXPECT_EQ(us.traffic.last_second, (stats::Traffic{1, 300, 0, 0}));  // kT0 + 1, complete once finished
}

TEST_F(LocationsTest, CountrySortKeys) {
  NEED_GEO_FIXTURES();
  using V = std::vector<std::string>;
  EXPECT_EQ(countries(sorted(SortKey::Key, Order::Descending)), (V{"US", "FR", "DE", ""}));
  EXPECT_EQ(countries(sorted(SortKey::Bytes, Order::Descending)), (V{"", "US", "DE", "FR"}));
  EXPECT_EQ(countries(sorted(SortKey::TxBytes, Order::Ascending)), (V{"FR", "DE", "", "US"}));
  EXPECT_EQ(countries(sorted(SortKey::Packets, Order::Descending)), (V{"", "DE", "US", "FR"}));
  // Flows is the number of hosts; ties by code.
  EXPECT_EQ(countries(sorted(SortKey::Flows, Order::Descending)), (V{"", "US", "DE", "FR"}));
  EXPECT_EQ(countries(sorted(SortKey::FirstSeen, Order::Descending)), (V{"DE", "FR", "", "US"}));
  EXPECT_EQ(countries(sorted(SortKey::LastSeen, Order::Ascending)), (V{"FR", "DE", "US", ""}));
  // In kT0 + 1 only: US received 300, the unknown hosts 50 (lan) and sent 300 + 50.
  auto r = sorted(SortKey::Bytes, Order::Descending);
  r.interval = {kT0 + 1, kT0 + 2};
  r.scope = query::Scope::Interval;
  EXPECT_EQ(countries(r), (V{"", "US", "DE", "FR"}));
  auto page = query::list_countries(store, r);
  EXPECT_EQ(page.items[1].traffic.interval, (stats::Traffic{1, 300, 0, 0}));
  EXPECT_EQ(page.items[0].traffic.interval, (stats::Traffic{1, 50, 2, 350}));
  // Paging.
  auto paged = sorted(SortKey::Key, Order::Ascending);
  paged.page_size = 3;
  paged.page = 1;
  auto last = query::list_countries(store, paged);
  EXPECT_EQ(last.total, 4u);
  EXPECT_EQ(last.pages, 2u);
  ASSERT_EQ(last.items.size(), 1u);
  EXPECT_EQ(last.items[0].country, "US");
}

TEST_F(LocationsTest, AutonomousSystems) {
  NEED_GEO_FIXTURES();
  auto page = query::list_asns(store, sorted(SortKey::Key, Order::Ascending));
  ASSERT_EQ(page.total, 3u);
  EXPECT_EQ(page.items[0].asn, 0u);
  EXPECT_EQ(page.items[0].hosts, 3u);  // lan, priv and fr (its network has no AS)
  EXPECT_EQ(page.items[0].traffic.all_time, (stats::Traffic{7, 1650, 4, 650}));
  EXPECT_EQ(page.items[1].asn, 3209u);
  EXPECT_EQ(page.items[2].asn, 15169u);
  EXPECT_EQ(page.items[2].hosts, 2u);
  EXPECT_EQ(page.items[2].traffic.all_time, (stats::Traffic{2, 400, 1, 1000}));
  EXPECT_EQ(asns(sorted(SortKey::Flows, Order::Descending)), (std::vector<uint32_t>{0, 15169, 3209}));
  EXPECT_EQ(asns(sorted(SortKey::RxBytes, Order::Ascending)), (std::vector<uint32_t>{3209, 15169, 0}));
}

TEST_F(LocationsTest, GetOne) {
  NEED_GEO_FIXTURES();
  ListRequest r;
  auto us = query::get_country(store, "US", r);
  ASSERT_TRUE(us);
  EXPECT_EQ(us->hosts, 2u);
  EXPECT_EQ(us->traffic.all_time, (stats::Traffic{2, 400, 1, 1000}));
  auto unknown = query::get_country(store, "", r);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->hosts, 2u);
  EXPECT_FALSE(query::get_country(store, "SE", r));
  auto as = query::get_asn(store, 15169, r);
  ASSERT_TRUE(as);
  EXPECT_EQ(as->hosts, 2u);
  EXPECT_EQ(query::get_asn(store, 0, r)->hosts, 3u);
  EXPECT_FALSE(query::get_asn(store, 1, r));
}

// Hosts the request may not see are left out of every sum, and a location only they have is absent.
TEST_F(LocationsTest, OnlyVisibleHostsCount) {
  NEED_GEO_FIXTURES();
  ListRequest r = sorted(SortKey::Key, Order::Ascending);
  r.visible = [&](const core::IpAddress& a) { return a != us1.ip && a != de.ip; };
  EXPECT_EQ(countries(r), (std::vector<std::string>{"", "FR", "US"}));
  auto us = query::get_country(store, "US", r);
  ASSERT_TRUE(us);
  EXPECT_EQ(us->hosts, 1u);
  EXPECT_EQ(us->sample, us2.ip);
  EXPECT_EQ(us->traffic.all_time, (stats::Traffic{1, 300, 0, 0}));
  EXPECT_EQ(us->first_ns, (kT0 + 1) * kNs + 5);
  EXPECT_FALSE(query::get_country(store, "DE", r));
  EXPECT_FALSE(query::get_asn(store, 3209, r));
  EXPECT_EQ(asns(r), (std::vector<uint32_t>{0, 15169}));
  r.visible = [](const core::IpAddress&) { return false; };
  EXPECT_EQ(query::list_countries(store, r).total, 0u);
  EXPECT_EQ(query::list_asns(store, r).pages, 0u);
}

TEST(LocationsWithoutDatabases, EveryHostIsUnknown) {
  stats::StatsStore store{stats::StatsConfig{}};
  auto d = delta(kT0);
  send(d, host("1.1.1.1"), host("2.2.2.2"), 100, kT0 * kNs);
  store.apply(d);
  auto page = query::list_countries(store, {});
  ASSERT_EQ(page.total, 1u);
  EXPECT_EQ(page.items[0].country, "");
  EXPECT_EQ(page.items[0].hosts, 2u);
  EXPECT_EQ(query::list_asns(store, {}).items.at(0).asn, 0u);
  EXPECT_EQ(query::list_countries(stats::StatsStore{stats::StatsConfig{}}, {}).total, 0u);
}

// Host items carry the location; HostFilter::country selects by code in any case.
TEST_F(LocationsTest, HostCountryAndFilter) {
  NEED_GEO_FIXTURES();
  auto hosts = [&](const std::string& country) {
    query::HostFilter f;
    f.country = country;
    std::vector<std::string> out;
    for (const auto& h : query::list_hosts(store, sorted(SortKey::Key, Order::Ascending), f).items)
      out.push_back(h.key.to_string());
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(hosts("US"), (V{"1.1.1.1", "1.2.3.4"}));
  EXPECT_EQ(hosts("us"), (V{"1.1.1.1", "1.2.3.4"}));
  EXPECT_EQ(hosts("dE"), (V{"2a02:8100::1"}));
  EXPECT_EQ(hosts("SE"), (V{}));
  EXPECT_EQ(hosts("").size(), 6u);  // no filter
  for (const char* bad : {"U", "USA", "1S", "--", "u "})
    EXPECT_EQ(hosts(bad), (V{})) << bad;  // not a code: nothing, not everything

  auto items = query::list_hosts(store, sorted(SortKey::Key, Order::Ascending)).items;
  ASSERT_EQ(items.size(), 6u);
  EXPECT_EQ(items[0].key, us1);
  EXPECT_EQ(items[0].country, "US");
  EXPECT_EQ(items[0].asn, 15169u);
  EXPECT_EQ(items[2].key, fr);
  EXPECT_EQ(items[2].country, "FR");
  EXPECT_EQ(items[2].asn, 0u);
  EXPECT_EQ(items[3].key, priv);
  EXPECT_EQ(items[3].country, "");
  EXPECT_EQ(items[3].asn, 0u);
}

}  // namespace
}  // namespace netmeter::test
