// The parsers run on the worker's packet path: they must not allocate. This file replaces the global
// allocation functions of the test binary to count calls, and checks that parsing makes none.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "allocation_counter.hpp"
#include "l7/dhcp_parser.hpp"
#include "l7/dns_parser.hpp"
#include "l7/http_parser.hpp"
#include "l7/tls_parser.hpp"
#include "l7_test_util.hpp"
#include "real_payloads.hpp"

namespace netmeter::l7 {
namespace {

using test::from_text;
using test::Message;

// Runs every parser over every prefix of `m` and returns how many allocations that made.
long allocations_parsing(const Message& m) {
  std::span<const uint8_t> all(m);
  netmeter::test::AllocationScope scope;
  size_t results = 0;  // keeps the calls from being optimised away
  for (size_t n = 0; n <= all.size(); ++n) {
    auto prefix = all.first(n);
    results += parse_dns(prefix).has_value();
    results += parse_dns_tcp(prefix).has_value();
    results += parse_dhcp(prefix).has_value();
    results += parse_http(prefix).has_value();
    results += looks_like_http(prefix);
    results += parse_tls_handshake(prefix).has_value();
    results += looks_like_tls_handshake(prefix);
  }
  results += dns_type_name(65).size() + dns_type_text(999).length + dns_rcode_name(3).size();
  long made = scope.allocations();
  EXPECT_GT(results, 0u);
  return made;
}

TEST(NoAllocation, TheCounterWorks) {
  netmeter::test::AllocationScope scope;
  auto s = std::make_unique<std::string>(100, 'x');
  EXPECT_GT(scope.allocations(), 0);
}

TEST(NoAllocation, DnsMessage) {
  Message m = test::kakao_dns_response();
  EXPECT_EQ(allocations_parsing(m), 0);
}

TEST(NoAllocation, DhcpMessage) {
  Message m = test::alexa_dhcp_request();
  EXPECT_EQ(allocations_parsing(m), 0);
}

TEST(NoAllocation, HttpMessages) {
  EXPECT_EQ(allocations_parsing(from_text("GET /" + std::string(300, 'u') +
                                          " HTTP/1.1\r\nHost: example.com\r\nUser-Agent: " +
                                          std::string(300, 'a') + "\r\nContent-Type: text/plain\r\n\r\n")),
            0);
  EXPECT_EQ(allocations_parsing(from_text("HTTP/1.1 200 OK\r\nServer: x\r\nContent-Type: y\r\n\r\n")), 0);
}

TEST(NoAllocation, TlsHellos) {
  EXPECT_EQ(allocations_parsing(test::firefox_client_hello()), 0);
  EXPECT_EQ(allocations_parsing(test::hello_retry_request()), 0);
}

}  // namespace
}  // namespace netmeter::l7
