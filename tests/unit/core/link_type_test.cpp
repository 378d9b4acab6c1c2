#include "core/link_type.hpp"

#include <gtest/gtest.h>

#include <set>

namespace netmeter::core {
namespace {

TEST(LinkType, FromDlt) {
  const std::pair<int, LinkType> known[] = {
      {0, LinkType::Null},        {1, LinkType::Ethernet},      {9, LinkType::Ppp},
      {12, LinkType::Raw},        {14, LinkType::Raw},          {101, LinkType::Raw},
      {104, LinkType::CiscoHdlc}, {105, LinkType::Ieee80211},   {108, LinkType::Loop},
      {113, LinkType::LinuxSll},  {127, LinkType::Radiotap},    {228, LinkType::Ipv4},
      {229, LinkType::Ipv6},      {276, LinkType::LinuxSll2},   {10, LinkType::Fddi},
      {50, LinkType::Ppp},        {51, LinkType::PppoeSession}, {109, LinkType::Enc},
      {117, LinkType::Pflog},     {239, LinkType::Nflog},       {242, LinkType::Ipoib},
  };
  for (auto [dlt, type] : known) {
    auto mapped = link_type_from_dlt(dlt);
    ASSERT_TRUE(mapped.has_value()) << dlt;
    EXPECT_EQ(*mapped, type) << dlt;
  }
}

TEST(LinkType, UnsupportedDlts) {
  for (int dlt : {-1, 2, 6, 107, 119, 147, 192, 220, 1000}) {
    EXPECT_FALSE(link_type_from_dlt(dlt).has_value()) << dlt;
  }
}

TEST(LinkType, NamesAreUnique) {
  std::set<std::string_view> names;
  for (int t = 0; t <= static_cast<int>(kLastLinkType); ++t) {
    auto name = link_type_name(static_cast<LinkType>(t));
    EXPECT_NE(name, "unknown") << t;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), 18u);
  EXPECT_EQ(link_type_name(LinkType::Ethernet), "ethernet");
  EXPECT_EQ(link_type_name(LinkType::Radiotap), "radiotap_80211");
}

}  // namespace
}  // namespace netmeter::core
