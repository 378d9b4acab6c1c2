#include "stats/broadcast_domains.hpp"

#include <gtest/gtest.h>

#include <string>

namespace netmeter::stats {
namespace {

core::IpAddress ip(const char* text) {
  return *core::IpAddress::parse(text);
}

std::string domain(const char* sender, const char* target) {
  auto d = broadcast_domain(ip(sender), ip(target));
  if (!d) return "none";
  return std::to_string(d->network >> 24) + "." + std::to_string((d->network >> 16) & 0xFF) + "." +
         std::to_string((d->network >> 8) & 0xFF) + "." + std::to_string(d->network & 0xFF) + "/" +
         std::to_string(d->prefix);
}

TEST(BroadcastDomain, SmallestNetworkHoldingBothAddressesAtMostA28) {
  EXPECT_EQ(domain("192.168.1.10", "192.168.1.1"), "192.168.1.0/28");
  EXPECT_EQ(domain("192.168.1.1", "192.168.1.10"), "192.168.1.0/28");  // either direction
  EXPECT_EQ(domain("192.168.1.100", "192.168.1.1"), "192.168.1.0/25");
  EXPECT_EQ(domain("192.168.1.200", "192.168.1.1"), "192.168.1.0/24");
  EXPECT_EQ(domain("10.0.255.255", "10.1.0.0"), "none");  // a /15: wider than a /16
  EXPECT_EQ(domain("10.1.255.255", "10.1.0.1"), "10.1.0.0/16");
}

TEST(BroadcastDomain, NoneForProbesSelfQueriesLinkLocalAndIpv6) {
  EXPECT_EQ(domain("0.0.0.0", "192.168.1.7"), "none");      // ARP probe
  EXPECT_EQ(domain("192.168.1.7", "192.168.1.7"), "none");  // gratuitous
  EXPECT_EQ(domain("169.254.3.4", "169.254.3.9"), "none");  // link-local
  EXPECT_EQ(domain("192.168.1.7", "169.254.3.9"), "none");
  EXPECT_EQ(domain("fe80::1", "fe80::2"), "none");
}

TEST(BroadcastDomains, CountsHitsAndRefusesBeyondItsBound) {
  BroadcastDomains t;
  t.add(domain_key({0x0A000000, 24}), 2);
  t.add(domain_key({0x0A000000, 24}), 3);
  EXPECT_EQ(t.hits().at(domain_key({0x0A000000, 24})), 5u);
  for (uint32_t i = 1; i < BroadcastDomains::kMax; ++i)
    t.add(domain_key({0x0A000000 + (i << 8), 24}), 1);
  EXPECT_EQ(t.hits().size(), BroadcastDomains::kMax);
  t.add(domain_key({0x0B000000, 24}), 4);
  EXPECT_EQ(t.hits().size(), BroadcastDomains::kMax);
  EXPECT_EQ(t.refused(), 4u);
  EXPECT_EQ(domain_of_key(domain_key({0xC0A80100, 24})), (BroadcastDomain{0xC0A80100, 24}));
}

}  // namespace
}  // namespace netmeter::stats
