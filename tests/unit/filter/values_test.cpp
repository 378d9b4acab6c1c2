#include <gtest/gtest.h>

#include "filter/l4_protocol.hpp"
#include "filter/mac_address.hpp"
#include "filter/value.hpp"
#include "filter_test_util.hpp"

namespace netmeter::filter {
namespace {

using test::ip;

TEST(FilterValues, MacAddressForms) {
  const MacAddress expected{{0x00, 0x1b, 0x2c, 0x0d, 0xee, 0xff}};
  for (const char* text : {"00:1b:2c:0d:ee:ff", "00-1B-2C-0D-EE-FF", "0:1b:2c:d:ee:ff", "001b.2c0d.eeff"})
    EXPECT_EQ(MacAddress::parse(text), expected) << text;
  for (const char* text : {"", "00:1b:2c:0d:ee", "00:1b:2c:0d:ee:ff:00", "00:1b-2c:0d:ee:ff",
                           "001:b2:c0:de:ef:f0", "00:1b:2c:0d:ee:fg", "00:1b:2c:0d:ee:", ":1b:2c:0d:ee:ff",
                           "001b.2c0d.eef", "001b.2c0d.eeffa", "001b:2c0d:eeff", "001b2c0deeff"})
    EXPECT_FALSE(MacAddress::parse(text)) << text;
  EXPECT_EQ(expected.to_string(), "00:1b:2c:0d:ee:ff");
}

TEST(FilterValues, IpValueForms) {
  auto v = [](const char* text) { return IpValue::parse(text); };
  ASSERT_TRUE(v("10.0.0.1"));
  EXPECT_EQ(v("10.0.0.1")->network.prefix, 32);
  EXPECT_FALSE(v("10.0.0.1")->port);
  EXPECT_EQ(v("10.0.0.1:8080")->port, 8080);
  EXPECT_EQ(v("10.0.0.1:8080")->network.network, ip("10.0.0.1"));
  EXPECT_EQ(v("10.1.2.3/8")->network.network, ip("10.0.0.0"));  // host bits are cleared
  EXPECT_EQ(v("10.0.0.0/8:53")->port, 53);
  EXPECT_EQ(v("2001:db8::1")->network.prefix, 128);
  EXPECT_EQ(v("[2001:db8::1]")->network.network, ip("2001:db8::1"));
  EXPECT_EQ(v("[2001:db8::1]:443")->port, 443);
  EXPECT_EQ(v("[2001:db8::/32]:443")->network.prefix, 32);
  // Without brackets every colon belongs to the IPv6 address.
  EXPECT_EQ(v("::1:80")->network.network, ip("::1:80"));
  EXPECT_FALSE(v("::1:80")->port);
  for (const char* text : {"", "10.0.0", "10.0.0.256", "10.0.0.1:", "10.0.0.1:65536", "10.0.0.1:-1",
                           "10.0.0.1/33", "10.0.0.1/", "[2001:db8::1", "[2001:db8::1]443", "[2001:db8::1]:",
                           "2001:db8::/129", "host.example", "10.0.0.1 ", "[10.0.0.1 ]", "10.0.0.1/8/8"})
    EXPECT_FALSE(v(text)) << text;
  EXPECT_EQ(v("10.0.0.1:080")->port, 80);
}

TEST(FilterValues, PortLists) {
  auto p = [](const char* text) { return PortListValue::parse(text); };
  EXPECT_EQ(p("80")->ranges, (std::vector<PortRange>{{80, 80}}));
  EXPECT_EQ(p("-10")->ranges, (std::vector<PortRange>{{0, 10}}));
  EXPECT_EQ(p("65000-")->ranges, (std::vector<PortRange>{{65000, 65535}}));
  EXPECT_EQ(p("0-65535")->ranges, (std::vector<PortRange>{{0, 65535}}));
  EXPECT_EQ(p(" 80 , 90-91 ")->ranges, (std::vector<PortRange>{{80, 80}, {90, 91}}));
  EXPECT_EQ(p("5-5")->ranges, (std::vector<PortRange>{{5, 5}}));
  for (const char* text :
       {"", ",", "80,", ",80", "80,,90", "-", "1-2-3", "10-9", "65536", "1-65536", "a", "8 0", "+8"})
    EXPECT_FALSE(p(text)) << text;
}

TEST(FilterValues, L4ProtocolNamesAndNumbers) {
  EXPECT_EQ(l4_protocol_from_text("TCP"), 6);
  EXPECT_EQ(l4_protocol_from_text("udp"), 17);
  EXPECT_EQ(l4_protocol_from_text("Icmp"), 1);
  EXPECT_EQ(l4_protocol_from_text("ICMPv6"), 58);
  EXPECT_EQ(l4_protocol_from_text("sctp"), 132);
  EXPECT_EQ(l4_protocol_from_text("GRE"), 47);
  EXPECT_EQ(l4_protocol_from_text("0"), 0);
  EXPECT_EQ(l4_protocol_from_text("255"), 255);
  EXPECT_FALSE(l4_protocol_from_text("256"));
  EXPECT_FALSE(l4_protocol_from_text("tcp6"));
  EXPECT_FALSE(l4_protocol_from_text(""));
  EXPECT_EQ(l4_protocol_name(58), "ICMPv6");
  EXPECT_EQ(l4_protocol_name(253), "");
  // Every listed name reads back as itself.
  std::string_view list = l4_protocol_list();
  while (!list.empty()) {
    const size_t comma = list.find(", ");
    const std::string_view name = list.substr(0, comma);
    ASSERT_TRUE(l4_protocol_from_text(name)) << name;
    EXPECT_EQ(l4_protocol_name(*l4_protocol_from_text(name)), name);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 2);
  }
}

TEST(FilterValues, EveryListedFieldNameParses) {
  std::string_view list = field_list();
  int count = 0;
  while (!list.empty()) {
    const size_t comma = list.find(", ");
    const std::string_view name = list.substr(0, comma);
    auto f = field_from_name(name);
    ASSERT_TRUE(f) << name;
    EXPECT_EQ(field_name(f->field, f->side), name);
    ++count;
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 2);
  }
  EXPECT_EQ(count, 15);
}

}  // namespace
}  // namespace netmeter::filter
