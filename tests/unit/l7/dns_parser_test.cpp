#include "l7/dns_parser.hpp"

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

constexpr uint16_t kTypeNs = 2;
constexpr uint16_t kTypeMx = 15;

Message header(uint16_t id, uint16_t flags, uint16_t qd, uint16_t an, uint16_t ns = 0, uint16_t ar = 0) {
  Message m;
  put16(m, id);
  put16(m, flags);
  put16(m, qd);
  put16(m, an);
  put16(m, ns);
  put16(m, ar);
  return m;
}

// Labels of a dotted name, without the terminating zero (so a pointer can follow).
void put_labels(Message& m, std::string_view dotted) {
  while (!dotted.empty()) {
    size_t dot = dotted.find('.');
    std::string_view label = dotted.substr(0, dot);
    put8(m, label.size());
    test::append(m, label);
    dotted = dot == std::string_view::npos ? std::string_view() : dotted.substr(dot + 1);
  }
}

void put_name(Message& m, std::string_view dotted) {
  put_labels(m, dotted);
  put8(m, 0);
}

void put_pointer(Message& m, uint16_t offset) {
  put16(m, 0xC000 | offset);
}

void put_question(Message& m, std::string_view name, uint16_t qtype, uint16_t qclass = 1) {
  put_name(m, name);
  put16(m, qtype);
  put16(m, qclass);
}

// Type, class, TTL and rdata of a record whose owner name the caller has written.
void put_record_body(Message& m, uint16_t type, uint32_t ttl, const Message& rdata, uint16_t rclass = 1) {
  put16(m, type);
  put16(m, rclass);
  put32(m, ttl);
  put16(m, rdata.size());
  test::append(m, rdata);
}

// A response: www.Example.com A? -> CNAME edge.example.net, then two A records and one AAAA for it.
Message cname_response() {
  Message m = header(0xBEEF, 0x8180, 1, 4);
  put_question(m, "www.Example.com", dns_type::kA);  // name at offset 12
  put_pointer(m, 12);
  size_t cname_rdata_at = m.size() + 10;
  Message cname;
  put_labels(cname, "edge");
  put_pointer(cname, 16);  // "example.com" inside the question name
  put_record_body(m, dns_type::kCname, 300, cname);
  for (uint8_t last : {1, 2}) {
    put_pointer(m, static_cast<uint16_t>(cname_rdata_at));
    put_record_body(m, dns_type::kA, 60, {192, 0, 2, last});
  }
  put_pointer(m, static_cast<uint16_t>(cname_rdata_at));
  put_record_body(m, dns_type::kAaaa, 30, {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01});
  return m;
}

TEST(DnsParser, QueryHeaderAndQuestion) {
  Message m = header(0x1234, 0x0100, 1, 0, 0, 1);  // RD
  put_question(m, "WWW.Example.COM", dns_type::kAaaa);
  auto msg = parse_dns(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Ok);
  EXPECT_EQ(msg->header.id, 0x1234);
  EXPECT_FALSE(msg->header.qr);
  EXPECT_EQ(msg->header.opcode, 0);
  EXPECT_TRUE(msg->header.rd);
  EXPECT_FALSE(msg->header.aa);
  EXPECT_FALSE(msg->header.tc);
  EXPECT_FALSE(msg->header.ra);
  EXPECT_EQ(msg->header.qdcount, 1);
  EXPECT_EQ(msg->header.ancount, 0);
  EXPECT_EQ(msg->header.arcount, 1);  // not read: the additional section is ignored
  ASSERT_TRUE(msg->has_question);
  EXPECT_EQ(msg->question.name.view(), "www.example.com");
  EXPECT_EQ(msg->question.qtype, dns_type::kAaaa);
  EXPECT_EQ(msg->question.qclass, 1);
  EXPECT_EQ(msg->address_count, 0);
}

TEST(DnsParser, HeaderFlags) {
  // QR, opcode 5 (UPDATE), AA, TC, RD, RA, rcode 3 (NXDOMAIN).
  Message m = header(1, 0x8000 | (5 << 11) | 0x0400 | 0x0200 | 0x0100 | 0x0080 | 3, 0, 0);
  auto msg = parse_dns(m);
  ASSERT_TRUE(msg);
  EXPECT_TRUE(msg->header.qr);
  EXPECT_EQ(msg->header.opcode, 5);
  EXPECT_TRUE(msg->header.aa);
  EXPECT_TRUE(msg->header.tc);
  EXPECT_TRUE(msg->header.rd);
  EXPECT_TRUE(msg->header.ra);
  EXPECT_EQ(msg->header.rcode, 3);
  EXPECT_FALSE(msg->has_question);
  EXPECT_EQ(msg->status, ParseStatus::Ok);
}

TEST(DnsParser, CompressedAnswersGiveAddressesAndOwners) {
  auto msg = parse_dns(cname_response());
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Ok);
  EXPECT_EQ(msg->question.name.view(), "www.example.com");
  EXPECT_EQ(msg->answers_read, 4);
  EXPECT_EQ(msg->cname_count, 1);
  EXPECT_EQ(msg->address_records, 3);
  ASSERT_EQ(msg->address_count, 3);
  EXPECT_EQ(msg->addresses[0].owner.view(), "edge.example.com");
  EXPECT_EQ(msg->addresses[0].address.to_string(), "192.0.2.1");
  EXPECT_EQ(msg->addresses[0].ttl, 60u);
  EXPECT_EQ(msg->addresses[1].address.to_string(), "192.0.2.2");
  EXPECT_EQ(msg->addresses[2].owner.view(), "edge.example.com");
  EXPECT_TRUE(msg->addresses[2].address.is_v6());
  EXPECT_EQ(msg->addresses[2].address.to_string(), "2001:db8::1");
  EXPECT_EQ(msg->address_list().size(), 3u);
}

TEST(DnsParser, RootName) {
  Message m = header(7, 0, 1, 0);
  put_question(m, "", kTypeNs);
  auto msg = parse_dns(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->question.name.view(), ".");
  EXPECT_EQ(msg->question.qtype, kTypeNs);
}

TEST(DnsParser, ShorterThanHeaderIsNotDns) {
  Message m = header(1, 0, 0, 0);
  EXPECT_TRUE(parse_dns(m));
  m.pop_back();
  EXPECT_FALSE(parse_dns(m));
  EXPECT_FALSE(parse_dns({}));
}

TEST(DnsParser, PointerToItselfIsMalformed) {
  Message m = header(1, 0, 1, 0);
  put_pointer(m, 12);
  put16(m, 1);
  put16(m, 1);
  auto msg = parse_dns(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Malformed);
  EXPECT_FALSE(msg->has_question);
}

TEST(DnsParser, TwoPointerLoopIsMalformed) {
  Message m = header(1, 0, 1, 0);
  put_pointer(m, 14);
  put_pointer(m, 12);
  auto msg = parse_dns(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Malformed);
}

TEST(DnsParser, LoopThroughLabelsHitsTheLengthLimit) {
  // "a" then a pointer back to "a": a.a.a.a... until the 255-byte limit.
  Message m = header(1, 0, 1, 0);
  put_labels(m, "a");
  put_pointer(m, 12);
  auto msg = parse_dns(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Malformed);
}

TEST(DnsParser, PointerChainHopLimit) {
  // A TXT record whose rdata holds a name and a chain of pointers, each to the one before; then an A
  // record whose owner is a pointer to the end of the chain.
  auto chain = [](int pointers) {
    Message m = header(1, 0, 0, 2);
    put8(m, 0);
    put16(m, 16);
    put16(m, 1);
    put32(m, 0);
    size_t rdlength_at = m.size();
    put16(m, 0);
    size_t target = m.size();
    put_name(m, "x.example");
    for (int i = 0; i < pointers; ++i) {
      size_t here = m.size();
      put_pointer(m, static_cast<uint16_t>(target));
      target = here;
    }
    size_t rdlength = m.size() - rdlength_at - 2;
    m[rdlength_at] = static_cast<uint8_t>(rdlength >> 8);
    m[rdlength_at + 1] = static_cast<uint8_t>(rdlength);
    put_pointer(m, static_cast<uint16_t>(target));  // one more hop
    put_record_body(m, dns_type::kA, 1, {10, 0, 0, 1});
    return m;
  };
  auto ok = parse_dns(chain(kMaxDnsPointerHops - 1));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, ParseStatus::Ok);
  ASSERT_EQ(ok->address_count, 1);
  EXPECT_EQ(ok->addresses[0].owner.view(), "x.example");

  auto too_long = parse_dns(chain(kMaxDnsPointerHops));
  ASSERT_TRUE(too_long);
  EXPECT_EQ(too_long->status, ParseStatus::Malformed);
  EXPECT_EQ(too_long->address_count, 0);
}

TEST(DnsParser, PointerPastTheEndIsMalformed) {
  Message m = header(1, 0, 1, 0);
  put_pointer(m, 0x3FFF);
  put16(m, 1);
  put16(m, 1);
  auto msg = parse_dns(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Malformed);
}

TEST(DnsParser, ExtendedLabelTypesAreMalformed) {
  for (uint8_t first : {0x40, 0x80}) {
    Message m = header(1, 0, 1, 0);
    put8(m, first | 1);
    put8(m, 'a');
    put8(m, 0);
    put16(m, 1);
    put16(m, 1);
    auto msg = parse_dns(m);
    ASSERT_TRUE(msg);
    EXPECT_EQ(msg->status, ParseStatus::Malformed) << int(first);
  }
}

TEST(DnsParser, NameLengthLimit) {
  // 4 labels of 63 bytes are 256 bytes with their length bytes, 257 with the root: too long.
  // 3 of 63 and one of 61: 255 bytes on the wire, 253 characters, the longest legal name.
  auto name_of = [](int last_label) {
    std::string name;
    for (int i = 0; i < 3; ++i)
      name += std::string(63, static_cast<char>('a' + i)) + ".";
    return name + std::string(last_label, 'd');
  };
  Message longest = header(1, 0, 1, 0);
  put_question(longest, name_of(61), dns_type::kA);
  auto ok = parse_dns(longest);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, ParseStatus::Ok);
  EXPECT_EQ(ok->question.name.length, 253);
  EXPECT_EQ(ok->question.name.view(), name_of(61));
  EXPECT_FALSE(ok->question.name.truncated);

  Message too_long = header(1, 0, 1, 0);
  put_question(too_long, name_of(62), dns_type::kA);
  auto bad = parse_dns(too_long);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, ParseStatus::Malformed);
  EXPECT_FALSE(bad->has_question);
}

TEST(DnsParser, UnprintableBytesBecomeQuestionMarks) {
  Message m = header(1, 0, 1, 0);
  put8(m, 6);
  test::append(m, Message{'a', 0x00, 0x1B, 0x7F, 0xC3, 'Z'});
  put8(m, 3);
  test::append(m, "com");
  put8(m, 0);
  put16(m, 1);
  put16(m, 1);
  auto msg = parse_dns(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->question.name.view(), "a????z.com");
}

TEST(DnsParser, AtMostEightAddressesAreKept) {
  Message m = header(2, 0x8180, 1, 10);
  put_question(m, "many.example", dns_type::kA);
  for (uint8_t i = 0; i < 10; ++i) {
    put_pointer(m, 12);
    put_record_body(m, dns_type::kA, 5, {198, 51, 100, i});
  }
  auto msg = parse_dns(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Ok);
  EXPECT_EQ(msg->address_records, 10);
  ASSERT_EQ(msg->address_count, DnsMessage::kMaxAddresses);
  EXPECT_EQ(msg->addresses[7].address.to_string(), "198.51.100.7");
  EXPECT_EQ(msg->answers_read, 10);
}

TEST(DnsParser, AddressRecordWithWrongLengthIsMalformedButReadingGoesOn) {
  Message m = header(3, 0x8180, 1, 2);
  put_question(m, "odd.example", dns_type::kA);
  put_pointer(m, 12);
  put_record_body(m, dns_type::kA, 5, {1, 2, 3, 4, 5});
  put_pointer(m, 12);
  put_record_body(m, dns_type::kA, 5, {1, 2, 3, 4});
  auto msg = parse_dns(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Malformed);
  ASSERT_EQ(msg->address_count, 1);
  EXPECT_EQ(msg->addresses[0].address.to_string(), "1.2.3.4");
  EXPECT_EQ(msg->answers_read, 2);
}

TEST(DnsParser, OtherRecordTypesAndClassesAreSkipped) {
  Message m = header(4, 0x8180, 1, 3);
  put_question(m, "mail.example", kTypeMx);
  put_pointer(m, 12);
  Message mx;
  put16(mx, 10);
  put_labels(mx, "mx");
  put_pointer(mx, 12);
  put_record_body(m, kTypeMx, 5, mx);
  put_pointer(m, 12);
  put_record_body(m, dns_type::kA, 5, {10, 0, 0, 1}, /*rclass=*/3);  // CHAOS: not an address
  put_pointer(m, 12);
  put_record_body(m, dns_type::kA, 5, {10, 0, 0, 2}, /*rclass=*/0x8001);  // mDNS cache-flush bit
  auto msg = parse_dns(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Ok);
  EXPECT_EQ(msg->answers_read, 3);
  ASSERT_EQ(msg->address_count, 1);
  EXPECT_EQ(msg->addresses[0].address.to_string(), "10.0.0.2");
}

TEST(DnsParser, AnswersWithoutQuestion) {
  Message m = header(5, 0x8400, 0, 1);  // mDNS announcements carry no question
  put_name(m, "printer.local");
  put_record_body(m, dns_type::kA, 120, {192, 168, 1, 20}, 0x8001);
  auto msg = parse_dns(m);
  ASSERT_TRUE(msg);
  EXPECT_FALSE(msg->has_question);
  ASSERT_EQ(msg->address_count, 1);
  EXPECT_EQ(msg->addresses[0].owner.view(), "printer.local");
}

TEST(DnsParser, HugeCountsInATinyMessageStopQuickly) {
  Message m = header(6, 0x8180, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF);
  put_question(m, "a", 1);
  auto msg = parse_dns(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Truncated);
  EXPECT_TRUE(msg->has_question);

  Message answers = header(6, 0x8180, 0, 0xFFFF);
  for (int i = 0; i < 100; ++i) {
    put8(answers, 0);  // root owner
    put_record_body(answers, 16, 0, {});
  }
  msg = parse_dns(answers);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Truncated);
  EXPECT_EQ(msg->answers_read, 100);
}

TEST(DnsParser, EveryPrefixOfAResponse) {
  Message full = cname_response();
  auto whole = parse_dns(full);
  ASSERT_TRUE(whole);
  size_t question_end = 12 + 17 + 4;  // www.example.com: 17 bytes on the wire
  int last_addresses = 0;
  for_each_prefix(full, [&](std::span<const uint8_t> prefix, size_t n) {
    auto msg = parse_dns(prefix);
    if (n < 12) {
      EXPECT_FALSE(msg) << n;
      return;
    }
    ASSERT_TRUE(msg) << n;
    EXPECT_EQ(msg->header.id, 0xBEEF);
    EXPECT_EQ(msg->status, n == full.size() ? ParseStatus::Ok : ParseStatus::Truncated) << n;
    EXPECT_EQ(msg->has_question, n >= question_end) << n;
    if (msg->has_question) {
      EXPECT_EQ(msg->question.name.view(), "www.example.com");
    }
    // Addresses appear one by one, each as in the whole message.
    EXPECT_GE(msg->address_count, last_addresses) << n;
    last_addresses = msg->address_count;
    for (int i = 0; i < msg->address_count; ++i) {
      EXPECT_EQ(msg->addresses[i].address, whole->addresses[i].address) << n;
      EXPECT_EQ(msg->addresses[i].owner.view(), whole->addresses[i].owner.view()) << n;
    }
  });
  EXPECT_EQ(last_addresses, 3);
}

TEST(DnsParser, EveryPrefixOfARealResponse) {
  Message full = test::kakao_dns_response();  // see real_payloads.hpp
  auto msg = parse_dns(full);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Ok);
  EXPECT_EQ(msg->header.id, 0x5102);
  EXPECT_EQ(msg->header.rcode, 0);
  EXPECT_EQ(msg->question.name.view(), "katalk.kakao.com");
  EXPECT_EQ(msg->question.qtype, dns_type::kA);
  EXPECT_EQ(msg->cname_count, 1);
  ASSERT_EQ(msg->address_count, 4);
  const char* expected[] = {"110.76.142.34", "1.201.0.61", "1.201.0.63", "110.76.141.37"};  // as tshark
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(msg->addresses[i].address.to_string(), expected[i]);
    EXPECT_EQ(msg->addresses[i].owner.view(), "katalk.gl.kakao.com");
    EXPECT_EQ(msg->addresses[i].ttl, 122u);
  }
  for_each_prefix(full, [&](std::span<const uint8_t> prefix, size_t n) {
    auto p = parse_dns(prefix);
    ASSERT_EQ(p.has_value(), n >= 12);
    if (p && n < full.size()) {
      EXPECT_NE(p->status, ParseStatus::Ok) << n;
    }
  });
}

TEST(DnsParser, RealAaaaResponse) {
  Message m = test::alexa_aaaa_response();
  auto msg = parse_dns(m);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Ok);
  EXPECT_EQ(msg->question.name.view(), "connectivitycheck.android.com");
  EXPECT_EQ(msg->question.qtype, dns_type::kAaaa);
  ASSERT_EQ(msg->address_count, 1);
  EXPECT_EQ(msg->addresses[0].address.to_string(), "2607:f8b0:4000:813::200e");
  EXPECT_EQ(msg->addresses[0].owner.view(), "connectivitycheck.android.com");
}

TEST(DnsParser, OverTcp) {
  Message segment = test::weberlab_dns_tcp_query();
  auto msg = parse_dns_tcp(segment);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Ok);
  EXPECT_EQ(msg->header.id, 0x80e4);
  EXPECT_EQ(msg->question.name.view(), "weberlab.de");
  EXPECT_EQ(msg->question.qtype, 48);  // DNSKEY
  EXPECT_EQ(dns_type_name(msg->question.qtype), "DNSKEY");

  // Two messages in one segment: the first is read, and only within its length.
  Message first = header(1, 0x8180, 0, 1);
  put8(first, 0);
  put_record_body(first, dns_type::kA, 1, {10, 0, 0, 1});
  Message two;
  put16(two, first.size());
  test::append(two, first);
  put16(two, first.size());
  test::append(two, first);
  msg = parse_dns_tcp(two);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Ok);
  EXPECT_EQ(msg->address_count, 1);

  // The length says more than the segment holds.
  Message cut(two.begin(), two.begin() + 2 + first.size() - 1);
  msg = parse_dns_tcp(cut);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->status, ParseStatus::Truncated);

  EXPECT_FALSE(parse_dns_tcp(from_hex("00")));
  EXPECT_FALSE(parse_dns_tcp(from_hex("000b 0000 0000 0000 0000 0000 00")));  // length 11
  EXPECT_FALSE(parse_dns_tcp(from_hex("0020 0000 0000 0000 0000 00")));       // header cut
}

TEST(DnsTypeNames, CommonTypes) {
  EXPECT_EQ(dns_type_name(1), "A");
  EXPECT_EQ(dns_type_name(2), "NS");
  EXPECT_EQ(dns_type_name(5), "CNAME");
  EXPECT_EQ(dns_type_name(6), "SOA");
  EXPECT_EQ(dns_type_name(12), "PTR");
  EXPECT_EQ(dns_type_name(15), "MX");
  EXPECT_EQ(dns_type_name(16), "TXT");
  EXPECT_EQ(dns_type_name(28), "AAAA");
  EXPECT_EQ(dns_type_name(33), "SRV");
  EXPECT_EQ(dns_type_name(35), "NAPTR");
  EXPECT_EQ(dns_type_name(41), "OPT");
  EXPECT_EQ(dns_type_name(43), "DS");
  EXPECT_EQ(dns_type_name(46), "RRSIG");
  EXPECT_EQ(dns_type_name(48), "DNSKEY");
  EXPECT_EQ(dns_type_name(64), "SVCB");
  EXPECT_EQ(dns_type_name(65), "HTTPS");
  EXPECT_EQ(dns_type_name(255), "ANY");
  EXPECT_EQ(dns_type_name(257), "CAA");
  EXPECT_EQ(dns_type_name(0), "other");
  EXPECT_EQ(dns_type_name(3), "other");
  EXPECT_EQ(dns_type_name(65535), "other");
}

TEST(DnsTypeNames, TextForAnyType) {
  EXPECT_EQ(dns_type_text(28).view(), "AAAA");
  EXPECT_EQ(dns_type_text(0).view(), "TYPE0");
  EXPECT_EQ(dns_type_text(999).view(), "TYPE999");
  EXPECT_EQ(dns_type_text(65535).view(), "TYPE65535");
}

TEST(DnsTypeNames, Rcodes) {
  EXPECT_EQ(dns_rcode_name(0), "NOERROR");
  EXPECT_EQ(dns_rcode_name(2), "SERVFAIL");
  EXPECT_EQ(dns_rcode_name(3), "NXDOMAIN");
  EXPECT_EQ(dns_rcode_name(5), "REFUSED");
  EXPECT_EQ(dns_rcode_name(11), "other");
  EXPECT_EQ(parse_status_name(ParseStatus::Truncated), "truncated");
}

}  // namespace
}  // namespace netmeter::l7
