#include "l7/tls_parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "l7_test_util.hpp"
#include "real_payloads.hpp"

namespace netmeter::l7 {
namespace {

using test::append;
using test::for_each_prefix;
using test::from_hex;
using test::Message;
using test::put16;
using test::put24;
using test::put8;

Message extension(uint16_t type, const Message& data) {
  Message m;
  put16(m, type);
  put16(m, data.size());
  append(m, data);
  return m;
}

Message sni(std::string_view host) {
  Message m;
  put16(m, host.size() + 3);
  put8(m, 0);
  put16(m, host.size());
  append(m, host);
  return extension(0, m);
}

Message alpn(const std::vector<std::string_view>& protocols) {
  Message list;
  for (auto p : protocols) {
    put8(list, p.size());
    append(list, p);
  }
  Message m;
  put16(m, list.size());
  append(m, list);
  return extension(16, m);
}

Message client_versions(const std::vector<uint16_t>& versions) {
  Message m;
  put8(m, versions.size() * 2);
  for (uint16_t v : versions)
    put16(m, v);
  return extension(43, m);
}

Message server_version(uint16_t v) {
  Message m;
  put16(m, v);
  return extension(43, m);
}

// A handshake message in one record.
Message record(uint8_t type, const Message& body, uint16_t record_version = 0x0301) {
  Message m = {22};
  put16(m, record_version);
  put16(m, body.size() + 4);
  put8(m, type);
  put24(m, body.size());
  append(m, body);
  return m;
}

Message client_hello(const std::vector<Message>& extensions, uint16_t legacy = 0x0303, int suites = 3) {
  Message b;
  put16(b, legacy);
  b.resize(b.size() + 32, 0xAA);  // random
  put8(b, 32);                    // session id
  b.resize(b.size() + 32, 0xBB);
  put16(b, suites * 2);
  for (int i = 0; i < suites; ++i)
    put16(b, 0x1301 + i);
  put8(b, 1);  // compression: null
  put8(b, 0);
  if (!extensions.empty()) {
    Message all;
    for (const Message& e : extensions)
      append(all, e);
    put16(b, all.size());
    append(b, all);
  }
  return record(1, b);
}

Message server_hello(const std::vector<Message>& extensions, uint16_t suite, uint16_t legacy = 0x0303) {
  Message b;
  put16(b, legacy);
  b.resize(b.size() + 32, 0x11);
  put8(b, 0);
  put16(b, suite);
  put8(b, 0);
  Message all;
  for (const Message& e : extensions)
    append(all, e);
  put16(b, all.size());
  append(b, all);
  return record(2, b, 0x0303);
}

const Message kFirefoxHello = test::firefox_client_hello();  // see real_payloads.hpp

TEST(TlsParser, RealClientHello) {
  auto hs = parse_tls_handshake(kFirefoxHello);
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->status, ParseStatus::Ok);
  EXPECT_EQ(hs->type, TlsHandshakeType::ClientHello);
  EXPECT_EQ(hs->record_version, 0x0301);
  EXPECT_EQ(hs->legacy_version, 0x0303);
  EXPECT_EQ(hs->version, 0x0304);
  EXPECT_TRUE(hs->has_supported_versions);
  EXPECT_EQ(hs->cipher_suite_count, 19);
  EXPECT_EQ(hs->server_name.view(), "jp.tiar.app");
  EXPECT_EQ(hs->alpn.view(), "h2");
  EXPECT_EQ(tls_version_name(hs->version), "TLSv1.3");
}

TEST(TlsParser, RealTls12ClientHello) {
  Message m = test::zattoo_client_hello();
  auto hs = parse_tls_handshake(m);
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->status, ParseStatus::Ok);
  EXPECT_EQ(hs->version, 0x0303);
  EXPECT_FALSE(hs->has_supported_versions);
  EXPECT_EQ(hs->cipher_suite_count, 2);
  EXPECT_EQ(hs->server_name.view(), "zattoo.com");
  EXPECT_TRUE(hs->alpn.empty());
}

TEST(TlsParser, RealHelloRetryRequest) {
  Message m = test::hello_retry_request();
  auto hs = parse_tls_handshake(m);
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->status, ParseStatus::Ok);
  EXPECT_EQ(hs->type, TlsHandshakeType::ServerHello);
  EXPECT_EQ(hs->record_version, 0x0303);
  EXPECT_EQ(hs->legacy_version, 0x0303);
  EXPECT_EQ(hs->version, 0x0304);
  EXPECT_EQ(hs->cipher_suite, 0x1302);
  EXPECT_TRUE(hs->hello_retry_request);
  EXPECT_EQ(hs->cipher_suite_count, 0);
}

TEST(TlsParser, ServerHelloTls12WithAlpn) {
  auto hs = parse_tls_handshake(server_hello({alpn({"http/1.1"})}, 0xC02F));
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->status, ParseStatus::Ok);
  EXPECT_EQ(hs->version, 0x0303);
  EXPECT_FALSE(hs->has_supported_versions);
  EXPECT_EQ(hs->cipher_suite, 0xC02F);
  EXPECT_EQ(hs->alpn.view(), "http/1.1");
  EXPECT_FALSE(hs->hello_retry_request);
}

TEST(TlsParser, ServerHelloSupportedVersions) {
  auto hs = parse_tls_handshake(server_hello({server_version(0x0304)}, 0x1301));
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->version, 0x0304);
  EXPECT_EQ(hs->legacy_version, 0x0303);
  EXPECT_TRUE(hs->has_supported_versions);

  Message bad = {0x00, 0x2b, 0x00, 0x03, 0x03, 0x04, 0x00};  // three bytes
  hs = parse_tls_handshake(server_hello({bad}, 0x1301));
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->status, ParseStatus::Malformed);
  EXPECT_EQ(hs->version, 0x0303);
}

TEST(TlsParser, GreaseAndDraftVersions) {
  auto hs = parse_tls_handshake(client_hello({client_versions({0x3A3A, 0x0303, 0x0304, 0x0302})}));
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->version, 0x0304);

  hs = parse_tls_handshake(client_hello({client_versions({0x7F1C, 0x0303})}));
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->version, 0x7F1C);
  EXPECT_EQ(tls_version_name(hs->version), "TLSv1.3-draft");

  hs = parse_tls_handshake(client_hello({client_versions({0x7F1C, 0x0304, 0xFB1A})}));
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->version, 0x0304);

  // Nothing usable: the legacy version stands.
  hs = parse_tls_handshake(client_hello({client_versions({0x0A0A})}, 0x0301));
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->version, 0x0301);
  EXPECT_FALSE(hs->has_supported_versions);
}

TEST(TlsParser, SniIsLowerCasedAndPrintable) {
  auto hs = parse_tls_handshake(client_hello({sni("WWW.Example.ORG\x01\xff")}));
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->status, ParseStatus::Ok);
  EXPECT_EQ(hs->server_name.view(), "www.example.org??");
}

TEST(TlsParser, LongSniAndAlpnAreBounded) {
  std::string host(300, 'h');
  std::string proto(100, 'p');
  auto hs = parse_tls_handshake(client_hello({sni(host), alpn({proto, "h2"})}));
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->status, ParseStatus::Ok);
  EXPECT_EQ(hs->server_name.length, 255);
  EXPECT_TRUE(hs->server_name.truncated);
  EXPECT_EQ(hs->alpn.length, 64);
  EXPECT_TRUE(hs->alpn.truncated);
}

TEST(TlsParser, NotAHandshakeRecord) {
  EXPECT_FALSE(parse_tls_handshake({}));
  EXPECT_FALSE(parse_tls_handshake(from_hex("1603010005")));    // no handshake type byte
  EXPECT_FALSE(parse_tls_handshake(from_hex("170303001001")));  // application data
  EXPECT_FALSE(parse_tls_handshake(from_hex("160200000501")));  // SSL 2 version
  EXPECT_FALSE(parse_tls_handshake(from_hex("160305000501")));  // version 3.5
  EXPECT_FALSE(parse_tls_handshake(from_hex("160301000001")));  // empty record
  EXPECT_FALSE(parse_tls_handshake(from_hex("160301480101")));  // record longer than TLS allows
  EXPECT_FALSE(parse_tls_handshake(test::from_text("GET / HTTP/1.1\r\n")));
  EXPECT_FALSE(looks_like_tls_handshake(from_hex("1603")));
  EXPECT_TRUE(looks_like_tls_handshake(from_hex("160301")));
  EXPECT_TRUE(looks_like_tls_handshake(kFirefoxHello));
}

TEST(TlsParser, OtherHandshakeTypes) {
  auto hs = parse_tls_handshake(record(11, Message(40, 0)));
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->type, TlsHandshakeType::Certificate);
  EXPECT_EQ(hs->status, ParseStatus::Ok);
  EXPECT_EQ(hs->version, 0);
  EXPECT_EQ(tls_handshake_type_name(hs->type), "Certificate");

  // A record too short for the handshake header.
  hs = parse_tls_handshake(from_hex("16030300020e00"));
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->type, TlsHandshakeType::ServerHelloDone);
  EXPECT_EQ(hs->status, ParseStatus::Malformed);
}

TEST(TlsParser, MalformedLengths) {
  // Session id longer than 32 bytes.
  Message m = client_hello({sni("a.example")});
  m[5 + 4 + 34] = 33;
  auto hs = parse_tls_handshake(m);
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->status, ParseStatus::Malformed);
  EXPECT_EQ(hs->version, 0x0303);
  EXPECT_TRUE(hs->server_name.empty());

  // An odd cipher-suite length.
  m = client_hello({sni("a.example")});
  m[5 + 4 + 35 + 32 + 1] = 5;
  hs = parse_tls_handshake(m);
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->status, ParseStatus::Malformed);
  EXPECT_EQ(hs->cipher_suite_count, 0);

  // An extension longer than the extensions block.
  Message ext = sni("a.example");
  ext[3] += 1;
  hs = parse_tls_handshake(client_hello({ext}));
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->status, ParseStatus::Malformed);

  // An SNI list length that disagrees with the extension: malformed, the other extensions still count.
  ext = sni("a.example");
  ext[5] += 1;
  hs = parse_tls_handshake(client_hello({ext, alpn({"h2"})}));
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->status, ParseStatus::Malformed);
  EXPECT_TRUE(hs->server_name.empty());
  EXPECT_EQ(hs->alpn.view(), "h2");

  // An empty ALPN protocol name.
  hs = parse_tls_handshake(client_hello({extension(16, {0x00, 0x01, 0x00})}));
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->status, ParseStatus::Malformed);
}

TEST(TlsParser, HandshakeLongerThanItsRecordIsTruncated) {
  // The hello continues in a second record: the first holds the fixed part and part of the extensions.
  Message whole = client_hello({sni("split.example"), alpn({"h2"})});
  size_t keep = whole.size() - 8;
  Message first(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(keep));
  size_t record_length = keep - 5;
  first[3] = static_cast<uint8_t>(record_length >> 8);
  first[4] = static_cast<uint8_t>(record_length);
  append(first, from_hex("16030100080000000000000000"));  // the next record, not read
  auto hs = parse_tls_handshake(first);
  ASSERT_TRUE(hs);
  EXPECT_EQ(hs->status, ParseStatus::Truncated);
  EXPECT_EQ(hs->server_name.view(), "split.example");
  EXPECT_TRUE(hs->alpn.empty());
  EXPECT_EQ(hs->cipher_suite_count, 3);
}

TEST(TlsParser, EveryPrefixOfTheRealClientHello) {
  const Message& full = kFirefoxHello;
  // Offsets in the segment: record header 5, handshake header 4, version 2, random 32, session id
  // 1 + 32, cipher suites length at 76.
  constexpr size_t kVersionEnd = 11;
  constexpr size_t kSuitesLengthEnd = 78;
  constexpr size_t kSniEnd = 5 + 4 + 2 + 32 + 33 + 2 + 38 + 2 + 2 + 4 + 16;  // the first extension
  size_t sni_seen_from = 0;
  for_each_prefix(full, [&](std::span<const uint8_t> prefix, size_t n) {
    auto hs = parse_tls_handshake(prefix);
    if (n < 6) {
      EXPECT_FALSE(hs) << n;
      return;
    }
    ASSERT_TRUE(hs) << n;
    EXPECT_EQ(hs->type, TlsHandshakeType::ClientHello);
    EXPECT_EQ(hs->status, n == full.size() ? ParseStatus::Ok : ParseStatus::Truncated) << n;
    EXPECT_EQ(hs->legacy_version, n >= kVersionEnd ? 0x0303 : 0) << n;
    EXPECT_EQ(hs->cipher_suite_count, n >= kSuitesLengthEnd ? 19 : 0) << n;
    if (!hs->server_name.empty()) {
      EXPECT_EQ(hs->server_name.view(), "jp.tiar.app");
      if (sni_seen_from == 0) sni_seen_from = n;
    }
    // Only the 42-byte key_share follows supported_versions: until then the version is the legacy one.
    if (n < full.size() - 42) {
      EXPECT_EQ(hs->version, hs->legacy_version) << n;
    }
  });
  EXPECT_EQ(sni_seen_from, kSniEnd);
}

TEST(TlsParser, VersionAndTypeNames) {
  EXPECT_EQ(tls_version_name(0x0300), "SSLv3");
  EXPECT_EQ(tls_version_name(0x0301), "TLSv1.0");
  EXPECT_EQ(tls_version_name(0x0302), "TLSv1.1");
  EXPECT_EQ(tls_version_name(0x0303), "TLSv1.2");
  EXPECT_EQ(tls_version_name(0x0304), "TLSv1.3");
  EXPECT_EQ(tls_version_name(0x7F17), "TLSv1.3-draft");
  EXPECT_EQ(tls_version_name(0x2A2A), "GREASE");
  EXPECT_EQ(tls_version_name(0x0200), "unknown");
  EXPECT_EQ(tls_version_name(0xFB1A), "unknown");
  EXPECT_EQ(tls_handshake_type_name(TlsHandshakeType::ClientHello), "ClientHello");
  EXPECT_EQ(tls_handshake_type_name(TlsHandshakeType::ServerHello), "ServerHello");
  EXPECT_EQ(tls_handshake_type_name(TlsHandshakeType::Finished), "Finished");
  EXPECT_EQ(tls_handshake_type_name(static_cast<TlsHandshakeType>(99)), "other");
}

}  // namespace
}  // namespace netmeter::l7
