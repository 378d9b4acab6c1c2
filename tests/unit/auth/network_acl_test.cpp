#include "auth/network_acl.hpp"

#include <gtest/gtest.h>

namespace netmeter::auth {
namespace {

core::IpAddress ip(const char* text) {
  return *core::IpAddress::parse(text);
}

TEST(Cidr, ParsesAndCanonicalizes) {
  EXPECT_EQ(Cidr::parse("192.168.1.77/24")->to_string(), "192.168.1.0/24");
  EXPECT_EQ(Cidr::parse(" 10.0.0.0/8 ")->to_string(), "10.0.0.0/8");
  EXPECT_EQ(Cidr::parse("10.1.2.3")->to_string(), "10.1.2.3/32");
  EXPECT_EQ(Cidr::parse("fe80::1/10")->to_string(), "fe80::/10");
  EXPECT_EQ(Cidr::parse("2001:db8::1")->to_string(), "2001:db8::1/128");
  EXPECT_EQ(Cidr::parse("0.0.0.0/0")->to_string(), "0.0.0.0/0");
  EXPECT_EQ(Cidr::parse("10.0.0.0/12")->to_string(), "10.0.0.0/12");
}

TEST(Cidr, RejectsMalformed) {
  for (const char* bad : {"", "/8", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/+8",
                          "10.0.0.0/8x", "10.0.0/8", "host.example/8", "10.0.0.0/0008"}) {
    EXPECT_FALSE(Cidr::parse(bad).has_value()) << bad;
  }
}

TEST(Cidr, Contains) {
  auto net = *Cidr::parse("192.168.0.0/16");
  EXPECT_TRUE(net.contains(ip("192.168.255.1")));
  EXPECT_FALSE(net.contains(ip("192.169.0.1")));
  EXPECT_FALSE(net.contains(ip("::ffff:192.168.0.1")));  // other family
  auto v6 = *Cidr::parse("2001:db8::/32");
  EXPECT_TRUE(v6.contains(ip("2001:db8:ffff::1")));
  EXPECT_FALSE(v6.contains(ip("2001:db9::1")));
  EXPECT_TRUE(Cidr::parse("0.0.0.0/0")->contains(ip("8.8.8.8")));
}

TEST(NetworkAcl, EmptyMeansEverything) {
  NetworkAcl acl;
  EXPECT_TRUE(acl.unrestricted());
  EXPECT_TRUE(acl.allows(ip("1.2.3.4")));
}

TEST(NetworkAcl, RestrictedListAndFailClosed) {
  NetworkAcl acl({"10.0.0.0/8", "fe80::/10"});
  EXPECT_TRUE(acl.allows(ip("10.9.8.7")));
  EXPECT_TRUE(acl.allows(ip("fe80::abcd")));
  EXPECT_FALSE(acl.allows(ip("11.0.0.1")));
  NetworkAcl broken({"not-a-network"});
  EXPECT_FALSE(broken.unrestricted());
  EXPECT_FALSE(broken.allows(ip("10.0.0.1")));
}

TEST(NetworkAcl, ParseList) {
  auto list = parse_cidr_list({"10.0.0.1/8", "::/0"});
  ASSERT_TRUE(list.has_value());
  EXPECT_EQ((*list)[0].to_string(), "10.0.0.0/8");
  EXPECT_FALSE(parse_cidr_list({"10.0.0.0/8", "bad"}).has_value());
}

}  // namespace
}  // namespace netmeter::auth
