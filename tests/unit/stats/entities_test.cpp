#include "stats/entities.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stats_test_util.hpp"

namespace netmeter::stats {
namespace {

using test::ip;

core::IpAddress nth(int i) {
  return ip("10." + std::to_string(i / 65536) + "." + std::to_string(i / 256 % 256) + "." +
            std::to_string(i % 256));
}

std::vector<core::IpAddress> first(int n) {
  std::vector<core::IpAddress> out;
  for (int i = 0; i < n; ++i)
    out.push_back(nth(i));
  return out;
}

TEST(MacEntryAddIp, KeepsTheOrderFirstSeenWithoutDuplicates) {
  MacEntry m;
  m.add_ip(ip("10.0.0.2"));
  m.add_ip(ip("10.0.0.1"));
  m.add_ip(ip("10.0.0.2"));
  m.add_ip(ip("2001:db8::1"));
  m.add_ip(ip("10.0.0.1"));
  EXPECT_EQ(m.ips, (std::vector<core::IpAddress>{ip("10.0.0.2"), ip("10.0.0.1"), ip("2001:db8::1")}));
  EXPECT_TRUE(m.ip_index.empty());  // few addresses: no index
}

TEST(MacEntryAddIp, IPv4AndIPv6AreDifferentAddresses) {
  MacEntry m;
  m.add_ip(ip("1.2.3.4"));
  m.add_ip(ip("::1.2.3.4"));
  m.add_ip(ip("::ffff:1.2.3.4"));
  EXPECT_EQ(m.ips.size(), 3u);
}

// Sixteen addresses are scanned; from the seventeenth on a hash index answers, built from what the vector
// holds, so an address seen before the switch is still no duplicate after it.
TEST(MacEntryAddIp, NoDuplicatesAcrossTheSwitchToTheIndex) {
  MacEntry m;
  for (int i = 0; i < 16; ++i)
    m.add_ip(nth(i));
  EXPECT_EQ(m.ips, first(16));
  EXPECT_TRUE(m.ip_index.empty());
  m.add_ip(nth(0));  // a duplicate at exactly sixteen
  EXPECT_EQ(m.ips, first(16));
  m.add_ip(nth(16));
  EXPECT_EQ(m.ips, first(17));
  EXPECT_EQ(m.ip_index.size(), 17u);
  for (int i = 0; i <= 16; ++i)
    m.add_ip(nth(i));  // every one again, from before and after the switch
  EXPECT_EQ(m.ips, first(17));
  EXPECT_EQ(m.ip_index.size(), 17u);
}

TEST(MacEntryAddIp, ManyAddressesKeepTheirOrder) {
  MacEntry m;
  for (int i = 0; i < 3000; ++i) {
    m.add_ip(nth(i));
    m.add_ip(nth(i / 2));  // seen before
  }
  EXPECT_EQ(m.ips, first(3000));
  EXPECT_EQ(m.ip_index.size(), 3000u);
}

TEST(TimeStats, SumSaturatesInsteadOfOverflowing) {
  TimeStats t;
  const int64_t bogus = int64_t{1} << 62;  // a round trip between times near the 2^33 s clamp
  t.add(bogus);
  t.add(bogus);
  t.add(bogus);
  EXPECT_EQ(t.sum, INT64_MAX);
  EXPECT_EQ(t.count, 3u);
  EXPECT_EQ(t.max, bogus);
  TimeStats n;
  n.add(-bogus);
  n.add(-bogus);
  n.add(-bogus);
  EXPECT_EQ(n.sum, INT64_MIN);
  TimeStats normal;
  normal.add(1000);
  normal.add(3000);
  EXPECT_EQ(normal.avg(), 2000);
}

}  // namespace
}  // namespace netmeter::stats
