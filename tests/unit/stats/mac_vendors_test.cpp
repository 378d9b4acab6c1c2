#include "stats/mac_vendors.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "stats/stats_store.hpp"

namespace netmeter::stats {
namespace {

constexpr std::string_view kManuf =
    "# comment line\n"
    "00:00:0C\tCisco\tCisco Systems, Inc\n"
    "00:1B:C5\tIeeeRegi\tIEEE Registration Authority\n"
    "00:1B:C5:00:10:00/36\tOpenRBco\tOpenRB.com, Direct SIA\n"
    "70:B3:D5:00:00:00/28\tShort\n"
    "not-a-prefix\tBroken\tBroken entry\n"
    "\n";

MacKey mac(std::string_view text) {
  MacKey k = 0;
  for (size_t i = 0; i < text.size(); i += 3)
    k = (k << 8) | std::stoul(std::string(text.substr(i, 2)), nullptr, 16);
  return k;
}

TEST(MacVendors, LongestPrefixWins) {
  auto v = MacVendors::parse(kManuf);
  EXPECT_EQ(v->size(), 4u);
  EXPECT_EQ(v->lookup(mac("00:00:0c:12:34:56")), "Cisco Systems, Inc");
  EXPECT_EQ(v->lookup(mac("00:1b:c5:00:10:07")), "OpenRB.com, Direct SIA");  // the /36 block
  EXPECT_EQ(v->lookup(mac("00:1b:c5:00:20:07")), "IEEE Registration Authority");
  EXPECT_EQ(v->lookup(mac("70:b3:d5:01:02:03")), "Short");  // no long name: the short one
  EXPECT_EQ(v->lookup(mac("70:b3:d5:11:02:03")), "");
  EXPECT_EQ(v->lookup(mac("02:00:00:00:00:01")), "");
}

TEST(MacVendors, MissingFileIsAnError) {
  std::string error;
  EXPECT_EQ(MacVendors::load("/nonexistent/manuf", error), nullptr);
  EXPECT_NE(error.find("/nonexistent/manuf"), std::string::npos);
}

TEST(MacVendors, DebianFileIsReadable) {
  if (!std::filesystem::exists(MacVendors::kDefaultPath))
    GTEST_SKIP() << "libwireshark-data is not installed";
  std::string error;
  auto v = MacVendors::load(MacVendors::kDefaultPath, error);
  ASSERT_NE(v, nullptr) << error;
  EXPECT_GT(v->size(), 30000u);
  EXPECT_NE(v->lookup(mac("00:00:0c:00:00:01")).find("Cisco"), std::string_view::npos);
}

TEST(MacVendors, StoreNamesTheMacsItCreates) {
  StatsConfig config;
  config.mac_vendors = MacVendors::parse(kManuf);
  StatsStore store(config);
  ShardDelta d;
  d.second = 100;
  d.iface.traffic.add_rx(60);
  d.macs[mac("00:00:0c:12:34:56")].add_tx(60);
  d.macs[mac("02:00:00:00:00:01")].add_rx(60);
  store.apply(d);
  EXPECT_EQ(store.macs().find(mac("00:00:0c:12:34:56"))->vendor, "Cisco Systems, Inc");
  EXPECT_EQ(store.macs().find(mac("02:00:00:00:00:01"))->vendor, "");
}

}  // namespace
}  // namespace netmeter::stats
