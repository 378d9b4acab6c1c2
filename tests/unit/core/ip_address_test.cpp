#include "core/ip_address.hpp"

#include <gtest/gtest.h>

namespace netmeter::core {
namespace {

TEST(IpAddress, ParsesIpv4) {
  auto a = IpAddress::parse("192.0.2.33");
  ASSERT_TRUE(a.has_value());
  EXPECT_TRUE(a->is_v4());
  EXPECT_EQ(a->version(), 4);
  const std::array<uint8_t, 16> expected{192, 0, 2, 33};  // the other twelve bytes stay zero
  EXPECT_EQ(a->bytes(), expected);
  EXPECT_EQ(a->to_string(), "192.0.2.33");
}

TEST(IpAddress, ParsesIpv6) {
  auto a = IpAddress::parse("2001:db8::1");
  ASSERT_TRUE(a.has_value());
  EXPECT_TRUE(a->is_v6());
  EXPECT_EQ(a->bytes()[0], 0x20);
  EXPECT_EQ(a->bytes()[1], 0x01);
  EXPECT_EQ(a->bytes()[15], 0x01);
  EXPECT_EQ(a->to_string(), "2001:db8::1");
}

TEST(IpAddress, ToStringIsCanonical) {
  EXPECT_EQ(IpAddress::parse("2001:0DB8:0000:0000:0000:0000:0000:0001")->to_string(), "2001:db8::1");
  EXPECT_EQ(IpAddress::parse("::")->to_string(), "::");
  EXPECT_EQ(IpAddress::parse("::ffff:10.0.0.1")->to_string(), "::ffff:10.0.0.1");
  EXPECT_EQ(IpAddress::parse("0.0.0.0")->to_string(), "0.0.0.0");
}

TEST(IpAddress, RejectsMalformedText) {
  for (const char* text :
       {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "10.0.0.1/24", "2001:db8:::1", "hello", " 1.2.3.4"}) {
    EXPECT_FALSE(IpAddress::parse(text).has_value()) << text;
  }
}

TEST(IpAddress, ParseIgnoresBytesAfterTheView) {
  std::string_view text = std::string_view("10.1.2.3999").substr(0, 8);
  EXPECT_EQ(IpAddress::parse(text)->to_string(), "10.1.2.3");
}

TEST(IpAddress, EmptyByDefault) {
  IpAddress a;
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(a.version(), 0);
  EXPECT_EQ(a.to_string(), "");
}

TEST(IpAddress, FromRawBytes) {
  const uint8_t v4[] = {10, 20, 30, 40};
  EXPECT_EQ(IpAddress::v4(v4).to_string(), "10.20.30.40");
  uint8_t v6[16] = {0xfe, 0x80};
  v6[15] = 7;
  EXPECT_EQ(IpAddress::v6(v6).to_string(), "fe80::7");
}

TEST(IpAddress, EqualityAndOrder) {
  auto a = *IpAddress::parse("10.0.0.1");
  auto b = *IpAddress::parse("10.0.0.2");
  auto c = *IpAddress::parse("::a00:1");
  EXPECT_EQ(a, *IpAddress::parse("10.0.0.1"));
  EXPECT_NE(a, b);
  EXPECT_LT(a, b);
  EXPECT_LT(a, c);  // every IPv4 address sorts before every IPv6 address
  EXPECT_LT(b, c);
  EXPECT_LT(IpAddress{}, a);
}

TEST(IpAddress, Ipv4AndItsMappedIpv6AreDifferent) {
  EXPECT_NE(*IpAddress::parse("10.0.0.1"), *IpAddress::parse("::ffff:10.0.0.1"));
}

TEST(IpAddress, MulticastAndLimitedBroadcast) {
  for (const char* m : {"224.0.0.1", "239.255.255.250", "ff02::1", "ff05::1:3"})
    EXPECT_TRUE(IpAddress::parse(m)->is_multicast()) << m;
  for (const char* u : {"223.255.255.255", "240.0.0.1", "255.255.255.255", "fe80::1", "::ffff:224.0.0.1"})
    EXPECT_FALSE(IpAddress::parse(u)->is_multicast()) << u;
  EXPECT_FALSE(IpAddress{}.is_multicast());
  EXPECT_TRUE(IpAddress::parse("255.255.255.255")->is_limited_broadcast());
  for (const char* u : {"192.168.1.255", "255.255.255.254", "ff02::1", "::ffff:255.255.255.255"})
    EXPECT_FALSE(IpAddress::parse(u)->is_limited_broadcast()) << u;
}

}  // namespace
}  // namespace netmeter::core
