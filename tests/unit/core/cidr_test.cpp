#include "core/cidr.hpp"

#include <gtest/gtest.h>

namespace netmeter::core {
namespace {

IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}
Cidr cidr(const char* text) {
  return *Cidr::parse(text);
}

TEST(Cidr, ParseClearsHostBits) {
  EXPECT_EQ(cidr("192.168.1.77/24").to_string(), "192.168.1.0/24");
  EXPECT_EQ(cidr("2001:db8::1/32").to_string(), "2001:db8::/32");
  EXPECT_EQ(cidr("10.1.2.3").prefix, 32);
  EXPECT_FALSE(Cidr::parse("10.0.0.0/33"));
  EXPECT_FALSE(Cidr::parse("10.0.0.0/"));
  EXPECT_FALSE(Cidr::parse("::/129"));
}

TEST(Cidr, ContainsIpv4AtEveryKindOfPrefix) {
  EXPECT_TRUE(cidr("0.0.0.0/0").contains(ip("203.0.113.9")));
  EXPECT_TRUE(cidr("10.0.0.0/8").contains(ip("10.255.1.2")));
  EXPECT_FALSE(cidr("10.0.0.0/8").contains(ip("11.0.0.1")));
  EXPECT_TRUE(cidr("192.168.0.0/23").contains(ip("192.168.1.255")));
  EXPECT_FALSE(cidr("192.168.0.0/23").contains(ip("192.168.2.0")));
  EXPECT_TRUE(cidr("172.16.0.0/12").contains(ip("172.31.255.255")));
  EXPECT_FALSE(cidr("172.16.0.0/12").contains(ip("172.32.0.0")));
  EXPECT_TRUE(cidr("10.1.2.3/32").contains(ip("10.1.2.3")));
  EXPECT_FALSE(cidr("10.1.2.3/32").contains(ip("10.1.2.2")));
}

TEST(Cidr, ContainsIpv6AcrossTheTwoHalves) {
  EXPECT_TRUE(cidr("::/0").contains(ip("2001:db8::1")));
  EXPECT_TRUE(cidr("fe80::/10").contains(ip("febf::1")));
  EXPECT_FALSE(cidr("fe80::/10").contains(ip("fec0::1")));
  EXPECT_TRUE(cidr("2001:db8:1:2::/64").contains(ip("2001:db8:1:2:ffff::1")));
  EXPECT_FALSE(cidr("2001:db8:1:2::/64").contains(ip("2001:db8:1:3::1")));
  EXPECT_TRUE(cidr("2001:db8:1:2:8000::/65").contains(ip("2001:db8:1:2:ffff::1")));
  EXPECT_FALSE(cidr("2001:db8:1:2:8000::/65").contains(ip("2001:db8:1:2:7fff::1")));
  EXPECT_TRUE(cidr("2001:db8::1/128").contains(ip("2001:db8::1")));
  EXPECT_FALSE(cidr("2001:db8::1/128").contains(ip("2001:db8::2")));
}

TEST(Cidr, NeverMatchesTheOtherIpVersion) {
  EXPECT_FALSE(cidr("0.0.0.0/0").contains(ip("::1")));
  EXPECT_FALSE(cidr("::/0").contains(ip("127.0.0.1")));
  EXPECT_FALSE(cidr("::/0").contains(IpAddress{}));
}

TEST(Cidr, InAnyOfAList) {
  auto list = *parse_cidr_list("192.168.1.0/24, 127.0.0.0/8,fe80::/10");
  EXPECT_TRUE(in_any(list, ip("127.0.0.1")));
  EXPECT_TRUE(in_any(list, ip("fe80::2")));
  EXPECT_FALSE(in_any(list, ip("192.168.2.1")));
  EXPECT_FALSE(in_any({}, ip("192.168.1.1")));
  EXPECT_FALSE(parse_cidr_list("10.0.0.0/8,nonsense"));
}

}  // namespace
}  // namespace netmeter::core
