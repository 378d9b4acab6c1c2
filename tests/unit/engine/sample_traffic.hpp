#pragma once

// A small conversation shared by the worker and engine tests: an HTTP request over a complete TCP
// handshake, and a DNS query with its answer.

#include <vector>

#include "core/timestamp.hpp"
#include "packet_builder.hpp"

namespace netmeter::test {

struct TimedFrame {
  core::Timestamp ts;
  Frame bytes;
};

inline constexpr int64_t kMs = 1'000'000;
inline constexpr core::Timestamp kStart = core::Timestamp::from_seconds(1'700'000'000);

inline const char* const kHttpRequest = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";    // 37 bytes
inline const char* const kHttpResponse = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";  // 38 bytes

inline Frame dns_question() {
  return Writer().u8(7).raw(text("example")).u8(3).raw(text("com")).u8(0).be16(1).be16(1).take();
}
inline Frame dns_query(uint16_t id) {
  return Writer().be16(id).be16(0x0100).be16(1).be16(0).be16(0).be16(0).raw(dns_question()).take();
}
inline Frame dns_response(uint16_t id) {
  return Writer()
      .be16(id)
      .be16(0x8180)
      .be16(1)
      .be16(1)
      .be16(0)
      .be16(0)
      .raw(dns_question())
      .be16(0xC00C)  // the name of the question
      .be16(1)
      .be16(1)
      .be32(300)
      .be16(4)
      .raw({93, 184, 216, 34})
      .take();
}

/// Client 10.0.0.1:40000 -> server 10.0.0.2:80, and 10.0.0.1:53000 -> resolver 10.0.0.53:53.
inline std::vector<TimedFrame> http_and_dns() {
  using namespace decode::tcp_flag;
  const auto client = ip("10.0.0.1"), server = ip("10.0.0.2"), resolver = ip("10.0.0.53");
  auto c2s = [&](const Tcp& h, const Frame& body = {}) {
    return ethernet(0x0800, ipv4({.src = client, .dst = server}, tcp(h, body)), kMacB, kMacA);
  };
  auto s2c = [&](Tcp h, const Frame& body = {}) {
    h.sport = 80;
    h.dport = 40000;
    return ethernet(0x0800, ipv4({.src = server, .dst = client}, tcp(h, body)), kMacA, kMacB);
  };
  auto dns = [&](bool query, const Frame& body) {
    Ipv4 h{
        .src = query ? client : resolver, .dst = query ? resolver : client, .proto = decode::ip_proto::kUdp};
    return ethernet(0x0800, ipv4(h, query ? udp(53000, 53, body) : udp(53, 53000, body)));
  };
  return {
      {kStart, c2s({.seq = 100, .flags = kSyn})},
      {kStart + 30 * kMs, s2c({.seq = 5000, .ack = 101, .flags = kSyn | kAck})},
      {kStart + 35 * kMs, c2s({.seq = 101, .ack = 5001, .flags = kAck})},
      {kStart + 40 * kMs, c2s({.seq = 101, .ack = 5001, .flags = kAck | kPsh}, text(kHttpRequest))},
      {kStart + 70 * kMs, s2c({.seq = 5001, .ack = 138, .flags = kAck | kPsh}, text(kHttpResponse))},
      {kStart + 75 * kMs, c2s({.seq = 138, .ack = 5039, .flags = kAck})},
      {kStart + 100 * kMs, dns(true, dns_query(0x4242))},
      {kStart + 120 * kMs, dns(false, dns_response(0x4242))},
  };
}

}  // namespace netmeter::test
