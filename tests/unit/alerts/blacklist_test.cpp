#include "alerts/blacklist.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "alerts/alert_test_support.hpp"

namespace netmeter::alerts {
namespace {

using test::ip;

TEST(Blacklist, ReadsFireholAndSpamhausLinesSkippingCommentsAndJunk) {
  Blacklist b;
  auto r = b.add_text("firehol_level1",
                      "# FireHOL level 1\n#\n1.10.16.0/20\n  5.188.10.0/23  \n192.0.2.7\n\nnot-an-ip\n");
  EXPECT_EQ(r.entries, 3u);
  EXPECT_EQ(r.skipped, 1u);
  auto d =
      b.add_text("drop", "; Spamhaus DROP List\n103.14.104.0/22 ; SBL601281\n2001:db8:66::/48 ; SBL1\r\n");
  EXPECT_EQ(d.entries, 2u);
  EXPECT_EQ(d.skipped, 0u);
  b.seal();
  ASSERT_NE(b.find(ip("1.10.16.1")), nullptr);
  EXPECT_EQ(*b.find(ip("1.10.31.255")), "firehol_level1");
  EXPECT_EQ(b.find(ip("1.10.32.0")), nullptr);
  EXPECT_EQ(b.find(ip("1.10.15.255")), nullptr);
  EXPECT_NE(b.find(ip("5.188.11.200")), nullptr);
  EXPECT_NE(b.find(ip("192.0.2.7")), nullptr);
  EXPECT_EQ(b.find(ip("192.0.2.8")), nullptr);
  EXPECT_EQ(*b.find(ip("103.14.107.1")), "drop");
  EXPECT_EQ(*b.find(ip("2001:db8:66:1::5")), "drop");
  EXPECT_EQ(b.find(ip("2001:db8:67::1")), nullptr);
  EXPECT_EQ(b.find(ip("::1")), nullptr);
}

TEST(Blacklist, OverlappingBlocksStayFindable) {
  Blacklist b;
  b.add_text("a", "10.0.0.0/8\n10.1.0.0/16\n10.255.255.0/24\n");
  b.add_text("b", "10.200.0.0/16\n11.0.0.0/16\n10.0.0.0/7\n");
  b.seal();
  for (const char* inside : {"10.0.0.0", "10.1.2.3", "10.200.1.1", "10.255.255.255", "11.0.0.0", "11.1.0.0"})
    EXPECT_NE(b.find(ip(inside)), nullptr) << inside;
  EXPECT_EQ(*b.find(ip("10.200.1.1")), "b");  // the first, widest block holding it: b's 10.0.0.0/7
  EXPECT_EQ(*b.find(ip("11.1.0.0")), "b");
  EXPECT_EQ(b.find(ip("12.0.0.0")), nullptr);
  EXPECT_EQ(b.find(ip("9.255.255.255")), nullptr);
}

TEST(Blacklist, FileNamesTheListAndAMissingFileIsAnError) {
  auto dir = std::filesystem::temp_directory_path();
  auto path = dir / "netmeter_bl_test.netset";
  std::ofstream(path) << "198.51.100.0/24\n";
  Blacklist b;
  auto r = b.add_file(path);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.entries, 1u);
  auto missing = b.add_file(dir / "netmeter_no_such_list.ipset");
  ASSERT_TRUE(missing.error);
  EXPECT_EQ(missing.error->find(dir.string()), std::string::npos);  // no server path in the message
  b.seal();
  EXPECT_EQ(*b.find(ip("198.51.100.9")), "netmeter_bl_test");
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace netmeter::alerts
