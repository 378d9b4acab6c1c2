#include "l7/dhcp_parser.hpp"

#include <gtest/gtest.h>

#include <string>

#include "l7_test_util.hpp"
#include "real_payloads.hpp"

namespace netmeter::l7 {
namespace {

using test::for_each_prefix;
using test::from_hex;
using test::Message;
using test::put16;
using test::put32;
using test::put8;

constexpr size_t kSnameAt = 44;
constexpr size_t kFileAt = 108;

// The fixed 236-byte BOOTP header: Ethernet client 02:00:5e:10:20:30, all addresses zero.
Message bootp(uint8_t op, uint32_t xid) {
  Message m;
  put8(m, op);
  put8(m, 1);  // htype Ethernet
  put8(m, 6);  // hlen
  put8(m, 0);  // hops
  put32(m, xid);
  put16(m, 3);       // secs
  put16(m, 0x8000);  // broadcast flag
  m.resize(28, 0);   // ciaddr, yiaddr, siaddr, giaddr
  for (uint8_t b : {0x02, 0x00, 0x5e, 0x10, 0x20, 0x30})
    put8(m, b);
  m.resize(236, 0);  // chaddr padding, sname, file
  return m;
}

Message dhcp(uint8_t op, uint32_t xid) {
  Message m = bootp(op, xid);
  put32(m, 0x63825363);
  return m;
}

void option(Message& m, uint8_t code, const Message& value) {
  put8(m, code);
  put8(m, value.size());
  test::append(m, value);
}

void text_option(Message& m, uint8_t code, std::string_view text) {
  option(m, code, test::from_text(text));
}

void set_address(Message& m, size_t offset, std::array<uint8_t, 4> a) {
  std::copy(a.begin(), a.end(), m.begin() + static_cast<std::ptrdiff_t>(offset));
}

TEST(DhcpParser, Discover) {
  Message m = dhcp(1, 0xDEADBEEF);
  option(m, 53, {1});
  put8(m, 0);  // pad
  text_option(m, 12, "laptop-7");
  option(m, 50, {192, 168, 1, 77});
  text_option(m, 60, "MSFT 5.0");
  option(m, 55, {1, 3, 6, 15});
  put8(m, 255);
  put8(m, 0);  // padding after End is ignored
  auto msg = parse_dhcp(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Ok);
  EXPECT_EQ(msg->op, 1);
  EXPECT_EQ(msg->xid, 0xDEADBEEFu);
  EXPECT_EQ(msg->secs, 3);
  EXPECT_EQ(msg->flags, 0x8000);
  EXPECT_TRUE(msg->has_magic_cookie);
  ASSERT_TRUE(msg->has_mac);
  EXPECT_EQ(msg->chaddr, (std::array<uint8_t, 6>{0x02, 0x00, 0x5e, 0x10, 0x20, 0x30}));
  EXPECT_EQ(msg->message_type, DhcpMessageType::Discover);
  EXPECT_EQ(dhcp_message_type_name(msg->message_type), "DISCOVER");
  EXPECT_EQ(msg->host_name.view(), "laptop-7");
  EXPECT_EQ(msg->vendor_class.view(), "MSFT 5.0");
  ASSERT_TRUE(msg->requested_ip);
  EXPECT_EQ(msg->requested_ip->to_string(), "192.168.1.77");
  EXPECT_FALSE(msg->server_id);
  EXPECT_FALSE(msg->lease_time);
  EXPECT_TRUE(msg->yiaddr.is_v4());
  EXPECT_EQ(msg->yiaddr.to_string(), "0.0.0.0");
}

TEST(DhcpParser, AckWithAddresses) {
  Message m = dhcp(2, 7);
  set_address(m, 12, {10, 0, 0, 5});
  set_address(m, 16, {10, 0, 0, 9});
  set_address(m, 20, {10, 0, 0, 1});
  set_address(m, 24, {10, 1, 0, 1});
  option(m, 53, {5});
  option(m, 54, {10, 0, 0, 1});
  option(m, 51, {0, 1, 0x51, 0x80});
  put8(m, 255);
  auto msg = parse_dhcp(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Ok);
  EXPECT_EQ(msg->op, 2);
  EXPECT_EQ(msg->message_type, DhcpMessageType::Ack);
  EXPECT_EQ(msg->ciaddr.to_string(), "10.0.0.5");
  EXPECT_EQ(msg->yiaddr.to_string(), "10.0.0.9");
  EXPECT_EQ(msg->siaddr.to_string(), "10.0.0.1");
  EXPECT_EQ(msg->giaddr.to_string(), "10.1.0.1");
  ASSERT_TRUE(msg->server_id);
  EXPECT_EQ(msg->server_id->to_string(), "10.0.0.1");
  EXPECT_EQ(msg->lease_time, 86400u);
}

TEST(DhcpParser, MessageTypeNames) {
  const char* names[] = {"none", "DISCOVER", "OFFER",   "REQUEST", "DECLINE",
                         "ACK",  "NAK",      "RELEASE", "INFORM"};
  for (int i = 0; i <= 8; ++i)
    EXPECT_EQ(dhcp_message_type_name(static_cast<DhcpMessageType>(i)), names[i]);
  EXPECT_EQ(dhcp_message_type_name(static_cast<DhcpMessageType>(9)), "other");
  EXPECT_EQ(dhcp_message_type_name(static_cast<DhcpMessageType>(255)), "other");
}

TEST(DhcpParser, NotBootp) {
  EXPECT_FALSE(parse_dhcp({}));
  Message m = dhcp(1, 1);
  m.resize(235);
  EXPECT_FALSE(parse_dhcp(m));
  Message bad_op = dhcp(3, 1);
  put8(bad_op, 255);
  EXPECT_FALSE(parse_dhcp(bad_op));
  bad_op[0] = 0;
  EXPECT_FALSE(parse_dhcp(bad_op));
}

TEST(DhcpParser, PlainBootpHasNoOptions) {
  Message m = bootp(1, 42);
  m.resize(300, 0);  // a vendor area without the cookie
  m[240] = 53;
  m[241] = 1;
  m[242] = 1;
  auto msg = parse_dhcp(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Ok);
  EXPECT_FALSE(msg->has_magic_cookie);
  EXPECT_EQ(msg->message_type, DhcpMessageType::None);
  EXPECT_EQ(msg->xid, 42u);
}

TEST(DhcpParser, CookieCutIsTruncated) {
  for (size_t n = 236; n < 240; ++n) {
    Message m = dhcp(1, 1);
    m.resize(n);
    auto msg = parse_dhcp(m);
    ASSERT_TRUE(msg) << n;
    EXPECT_EQ(msg->status, ParseStatus::Truncated) << n;
    EXPECT_FALSE(msg->has_magic_cookie);
    EXPECT_TRUE(msg->has_mac);
  }
}

TEST(DhcpParser, MissingEndOrLongOptionIsTruncated) {
  Message m = dhcp(1, 1);
  option(m, 53, {3});
  auto msg = parse_dhcp(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Truncated);
  EXPECT_EQ(msg->message_type, DhcpMessageType::Request);

  put8(m, 12);
  put8(m, 20);  // host name of 20 bytes, 3 present
  test::append(m, "abc");
  msg = parse_dhcp(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Truncated);
  EXPECT_EQ(msg->message_type, DhcpMessageType::Request);
  EXPECT_TRUE(msg->host_name.empty());

  Message only_code = dhcp(1, 1);
  put8(only_code, 12);  // the length byte is missing
  msg = parse_dhcp(only_code);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Truncated);
}

TEST(DhcpParser, WrongLengthsAreMalformedAndIgnored) {
  Message m = dhcp(1, 1);
  option(m, 53, {1, 2});
  option(m, 50, {10, 0, 0});
  option(m, 54, {10, 0, 0, 1, 2});
  option(m, 51, {});
  option(m, 53, {8});  // a later, well-formed one is taken
  put8(m, 255);
  auto msg = parse_dhcp(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Malformed);
  EXPECT_EQ(msg->message_type, DhcpMessageType::Inform);
  EXPECT_FALSE(msg->requested_ip);
  EXPECT_FALSE(msg->server_id);
  EXPECT_FALSE(msg->lease_time);
}

TEST(DhcpParser, FirstOccurrenceWins) {
  Message m = dhcp(1, 1);
  option(m, 53, {1});
  option(m, 53, {3});
  text_option(m, 12, "first");
  text_option(m, 12, "second");
  put8(m, 255);
  auto msg = parse_dhcp(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->message_type, DhcpMessageType::Discover);
  EXPECT_EQ(msg->host_name.view(), "first");
}

TEST(DhcpParser, TextIsBoundedAndPrintable) {
  Message m = dhcp(1, 1);
  option(m, 12, {'p', 'c', 0x00, 0x1B, '[', '2', 'J', 0xFF});
  text_option(m, 60, std::string(200, 'v'));
  put8(m, 255);
  auto msg = parse_dhcp(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->host_name.view(), "pc??[2J?");
  EXPECT_FALSE(msg->host_name.truncated);
  EXPECT_EQ(msg->vendor_class.view(), std::string(64, 'v'));
  EXPECT_TRUE(msg->vendor_class.truncated);
}

TEST(DhcpParser, NonEthernetHardwareAddress) {
  Message m = dhcp(1, 1);
  m[1] = 6;  // IEEE 802
  put8(m, 255);
  auto msg = parse_dhcp(m);
  ASSERT_TRUE(msg);
  EXPECT_FALSE(msg->has_mac);
  m[1] = 1;
  m[2] = 16;
  msg = parse_dhcp(m);
  ASSERT_TRUE(msg);
  EXPECT_FALSE(msg->has_mac);
}

TEST(DhcpParser, OptionOverload) {
  Message m = dhcp(2, 9);
  option(m, 52, {3});  // file and sname carry options
  put8(m, 255);
  // file: the message type and a nested overload, which must not be honoured again.
  m[kFileAt] = 53;
  m[kFileAt + 1] = 1;
  m[kFileAt + 2] = 2;
  m[kFileAt + 3] = 52;
  m[kFileAt + 4] = 1;
  m[kFileAt + 5] = 3;
  m[kFileAt + 6] = 255;
  // sname: the server identifier, without an End option (tolerated inside the fixed header).
  m[kSnameAt] = 54;
  m[kSnameAt + 1] = 4;
  set_address(m, kSnameAt + 2, {172, 16, 0, 1});
  auto msg = parse_dhcp(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Ok);
  EXPECT_EQ(msg->overload, 3);
  EXPECT_EQ(msg->message_type, DhcpMessageType::Offer);
  ASSERT_TRUE(msg->server_id);
  EXPECT_EQ(msg->server_id->to_string(), "172.16.0.1");
}

TEST(DhcpParser, OverloadOfSnameOnly) {
  Message m = dhcp(2, 9);
  option(m, 52, {2});
  put8(m, 255);
  m[kFileAt] = 53;  // not options: file is not overloaded
  m[kFileAt + 1] = 1;
  m[kFileAt + 2] = 2;
  m[kSnameAt] = 53;
  m[kSnameAt + 1] = 1;
  m[kSnameAt + 2] = 6;
  auto msg = parse_dhcp(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->message_type, DhcpMessageType::Nak);
}

TEST(DhcpParser, RealRequest) {
  Message m = test::alexa_dhcp_request();
  EXPECT_EQ(m.size(), 315u);
  auto msg = parse_dhcp(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Ok);
  EXPECT_EQ(msg->xid, 0x7c6d7f31u);
  EXPECT_EQ(msg->message_type, DhcpMessageType::Request);
  ASSERT_TRUE(msg->requested_ip);
  EXPECT_EQ(msg->requested_ip->to_string(), "172.16.42.216");
  EXPECT_FALSE(msg->server_id);
  EXPECT_EQ(msg->host_name.view(), "android-1c1335ec95a27318");
  EXPECT_EQ(msg->vendor_class.view(), "dhcpcd-5.5.6");
  EXPECT_TRUE(msg->has_mac);
  EXPECT_EQ(msg->chaddr, (std::array<uint8_t, 6>{0x78, 0xf8, 0x82, 0xd3, 0xfb, 0xc2}));
}

TEST(DhcpParser, RealAck) {
  Message m = test::kxun_dhcp_ack();
  auto msg = parse_dhcp(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Ok);
  EXPECT_EQ(msg->xid, 0xc0912052u);
  EXPECT_EQ(msg->message_type, DhcpMessageType::Ack);
  EXPECT_EQ(msg->yiaddr.to_string(), "192.168.5.36");
  EXPECT_EQ(msg->server_id->to_string(), "192.168.119.1");
  EXPECT_EQ(msg->lease_time, 60u);
}

TEST(DhcpParser, EveryPrefix) {
  Message full = test::alexa_dhcp_request();
  for_each_prefix(full, [&](std::span<const uint8_t> prefix, size_t n) {
    auto msg = parse_dhcp(prefix);
    if (n < 236) {
      EXPECT_FALSE(msg) << n;
      return;
    }
    ASSERT_TRUE(msg) << n;
    EXPECT_EQ(msg->xid, 0x7c6d7f31u);
    EXPECT_EQ(msg->status, n == full.size() ? ParseStatus::Ok : ParseStatus::Truncated) << n;
    // Options appear whole or not at all.
    if (!msg->host_name.empty()) {
      EXPECT_EQ(msg->host_name.view(), "android-1c1335ec95a27318") << n;
    }
    if (msg->requested_ip) {
      EXPECT_EQ(msg->requested_ip->to_string(), "172.16.42.216") << n;
    }
    EXPECT_EQ(msg->message_type == DhcpMessageType::Request, n >= 243) << n;
  });
}

}  // namespace
}  // namespace netmeter::l7
