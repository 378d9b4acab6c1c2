#include "l7/http_parser.hpp"

#include <gtest/gtest.h>

#include <string>

#include "l7_test_util.hpp"

namespace netmeter::l7 {
namespace {

using test::for_each_prefix;
using test::from_text;
using test::Message;

std::optional<HttpMessage> parse(std::string_view text) {
  Message m = from_text(text);
  return parse_http(m);
}

bool looks(std::string_view text) {
  Message m = from_text(text);
  return looks_like_http(m);
}

constexpr std::string_view kRequest =
    "GET /index.html?q=1 HTTP/1.1\r\n"
    "host:  WWW.Example.COM:8080 \r\n"
    "User-Agent: curl/8.5.0\r\n"
    "Accept: */*\r\n"
    "\r\n";

TEST(HttpParser, Request) {
  auto msg = parse(kRequest);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->kind, HttpMessageKind::Request);
  EXPECT_EQ(msg->method, HttpMethod::Get);
  EXPECT_EQ(msg->uri.view(), "/index.html?q=1");
  EXPECT_FALSE(msg->uri.truncated);
  EXPECT_EQ(msg->version_major, 1);
  EXPECT_EQ(msg->version_minor, 1);
  EXPECT_TRUE(msg->start_line_complete);
  EXPECT_TRUE(msg->headers_complete);
  EXPECT_EQ(msg->host.view(), "www.example.com:8080");
  EXPECT_EQ(msg->user_agent.view(), "curl/8.5.0");
  EXPECT_TRUE(msg->content_type.empty());
  EXPECT_EQ(msg->status_code, 0);
}

TEST(HttpParser, PostWithBodyAndBareLineFeeds) {
  auto msg = parse(
      "POST /api HTTP/1.0\n"
      "Content-Type: application/json; charset=utf-8\n"
      "Content-Length: 2\n"
      "\n"
      "{}");
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->method, HttpMethod::Post);
  EXPECT_EQ(msg->version_minor, 0);
  EXPECT_EQ(msg->content_type.view(), "application/json; charset=utf-8");
  EXPECT_TRUE(msg->headers_complete);
}

TEST(HttpParser, Response) {
  auto msg = parse(
      "HTTP/1.1 404 Not Found\r\n"
      "Server: nginx/1.24.0\r\n"
      "Content-Type: text/html\r\n"
      "\r\n");
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->kind, HttpMessageKind::Response);
  EXPECT_EQ(msg->status_code, 404);
  EXPECT_EQ(msg->version_major, 1);
  EXPECT_EQ(msg->version_minor, 1);
  EXPECT_EQ(msg->server.view(), "nginx/1.24.0");
  EXPECT_EQ(msg->content_type.view(), "text/html");
  EXPECT_TRUE(msg->uri.empty());
  EXPECT_TRUE(msg->headers_complete);
}

TEST(HttpParser, StatusCodes) {
  EXPECT_EQ(parse("HTTP/1.0 100 Continue\r\n\r\n")->status_code, 100);
  EXPECT_EQ(parse("HTTP/1.1 599 X\r\n")->status_code, 599);
  EXPECT_EQ(parse("HTTP/1.1 204\r\n\r\n")->status_code, 204);  // no reason phrase
  EXPECT_EQ(parse("HTTP/1.1 200")->status_code, 200);          // cut after the code
  EXPECT_FALSE(parse("HTTP/1.1 600 Nope\r\n"));
  EXPECT_FALSE(parse("HTTP/1.1 099 Nope\r\n"));
  EXPECT_FALSE(parse("HTTP/1.1 2000 OK\r\n"));
  EXPECT_FALSE(parse("HTTP/1.1 20"));
  EXPECT_FALSE(parse("HTTP/1.1 2x0 OK\r\n"));
  EXPECT_FALSE(parse("HTTP/1.1  200 OK\r\n"));
  EXPECT_FALSE(parse("HTTP/2 200\r\n"));
  EXPECT_FALSE(parse("HTTP/1.x 200 OK\r\n"));
}

TEST(HttpParser, AllKnownMethods) {
  const std::pair<const char*, HttpMethod> methods[] = {
      {"GET", HttpMethod::Get},       {"POST", HttpMethod::Post},       {"PUT", HttpMethod::Put},
      {"DELETE", HttpMethod::Delete}, {"HEAD", HttpMethod::Head},       {"OPTIONS", HttpMethod::Options},
      {"PATCH", HttpMethod::Patch},   {"CONNECT", HttpMethod::Connect}, {"TRACE", HttpMethod::Trace},
  };
  for (auto [name, method] : methods) {
    std::string line = std::string(name) + " /x HTTP/1.1\r\n\r\n";
    auto msg = parse(line);
    ASSERT_TRUE(msg) << name;
    EXPECT_EQ(msg->method, method);
    EXPECT_EQ(http_method_name(method), name);
    EXPECT_TRUE(looks(line)) << name;
  }
  EXPECT_EQ(http_method_name(HttpMethod::Other), "other");
}

TEST(HttpParser, ConnectTargetAndOtherMethods) {
  auto connect = parse("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
  ASSERT_TRUE(connect);
  EXPECT_EQ(connect->uri.view(), "example.com:443");

  auto propfind = parse("PROPFIND /dav/ HTTP/1.1\r\nHost: files\r\n\r\n");
  ASSERT_TRUE(propfind);
  EXPECT_EQ(propfind->method, HttpMethod::Other);
  EXPECT_EQ(propfind->uri.view(), "/dav/");
  EXPECT_EQ(propfind->host.view(), "files");
  EXPECT_FALSE(looks("PROPFIND /dav/ HTTP/1.1\r\n"));  // the per-packet check knows the common ones only

  // Other methods need a whole request line ending in a version.
  EXPECT_FALSE(parse("PROPFIND /dav/ HTTP/1.1"));
  EXPECT_FALSE(parse("PROPFIND /dav/\r\n"));
  EXPECT_FALSE(parse("Hello world\r\n"));
  EXPECT_FALSE(parse("SSH-2.0-OpenSSH_9.6\r\n"));
  // Methods are case-sensitive: "get" is some other method, accepted as Other with a whole request line.
  ASSERT_TRUE(parse("get / HTTP/1.1\r\n"));
  EXPECT_EQ(parse("get / HTTP/1.1\r\n")->method, HttpMethod::Other);
}

TEST(HttpParser, NotHttp) {
  EXPECT_FALSE(parse(""));
  EXPECT_FALSE(parse("GET"));
  EXPECT_FALSE(parse("GET  / HTTP/1.1\r\n"));
  EXPECT_FALSE(parse("GET \r\n"));
  EXPECT_FALSE(parse(" GET / HTTP/1.1\r\n"));
  EXPECT_FALSE(parse("GET / HTTP/1.1 extra\r\n"));
  EXPECT_FALSE(parse(std::string(30, 'A') + " / HTTP/1.1\r\n"));  // too long for a method
  Message binary = {0x16, 0x03, 0x01, 0x00, 0x20, 0x01};
  EXPECT_FALSE(parse_http(binary));
}

TEST(HttpParser, TargetWithSpaces) {
  // WebattackRCE.pcap (nDPI test captures): a Nikto probe whose target holds a space.
  auto msg = parse(
      "GET /cgi-bin/handler/netsonar;cat /etc/passwd|?data=Download HTTP/1.1\r\nConnection: Keep-Alive\r\n"
      "User-Agent: Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:001070)\r\nHost: 127.0.0.1\r\n\r\n");
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->uri.view(), "/cgi-bin/handler/netsonar;cat /etc/passwd|?data=Download");
  EXPECT_EQ(msg->version_minor, 1);
  EXPECT_EQ(msg->host.view(), "127.0.0.1");
  EXPECT_EQ(msg->user_agent.view(), "Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:001070)");
}

TEST(HttpParser, Http09) {
  auto msg = parse("GET /old\r\n");
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->uri.view(), "/old");
  EXPECT_EQ(msg->version_major, 0);
  EXPECT_EQ(msg->version_minor, 9);
  EXPECT_TRUE(msg->start_line_complete);
}

TEST(HttpParser, LongUriIsTruncated) {
  std::string uri = "/" + std::string(400, 'a');
  auto msg = parse("GET " + uri + " HTTP/1.1\r\nHost: h\r\n\r\n");
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->uri.length, 256);
  EXPECT_EQ(msg->uri.view(), uri.substr(0, 256));
  EXPECT_TRUE(msg->uri.truncated);
  EXPECT_EQ(msg->host.view(), "h");
}

TEST(HttpParser, RequestLineCutBySegment) {
  auto msg = parse("GET /very/long/pa");
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->method, HttpMethod::Get);
  EXPECT_EQ(msg->uri.view(), "/very/long/pa");
  EXPECT_TRUE(msg->uri.truncated);
  EXPECT_FALSE(msg->start_line_complete);
  EXPECT_EQ(msg->version_major, 0);
  EXPECT_EQ(msg->version_minor, 0);

  msg = parse("GET /a HTTP/1.1\r");
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->uri.view(), "/a");
  EXPECT_FALSE(msg->uri.truncated);
  EXPECT_EQ(msg->version_minor, 1);
  EXPECT_FALSE(msg->start_line_complete);
}

TEST(HttpParser, HeaderCutBySegment) {
  auto msg = parse("GET / HTTP/1.1\r\nUser-Agent: Mozilla/5.0\r\nHost: exam");
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->host.view(), "exam");
  EXPECT_TRUE(msg->host.truncated);
  EXPECT_FALSE(msg->user_agent.truncated);
  EXPECT_FALSE(msg->headers_complete);
}

TEST(HttpParser, HeaderRules) {
  auto msg = parse(
      "GET / HTTP/1.1\r\n"
      "X-Host: wrong\r\n"
      "Host : spaced-name-is-invalid\r\n"
      "Host:first\r\n"
      " folded: continuation\r\n"
      "HOST: second\r\n"
      "no colon here\r\n"
      "User-Agent: \tagent\x01\x7f\xc3\xa9 \t\r\n"
      "\r\n"
      "Server: in-the-body\r\n");
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->host.view(), "first");
  EXPECT_EQ(msg->user_agent.view(), "agent????");
  EXPECT_TRUE(msg->server.empty());  // after the header block
  EXPECT_TRUE(msg->headers_complete);
}

TEST(HttpParser, LooksLikeHttp) {
  EXPECT_TRUE(looks("GET / HTTP/1.1\r\n"));
  EXPECT_TRUE(looks("GET "));
  EXPECT_TRUE(looks("HTTP/1.1 200 OK\r\n"));
  EXPECT_TRUE(looks("HTTP/1.0"));
  EXPECT_FALSE(looks(""));
  EXPECT_FALSE(looks("GET"));
  EXPECT_FALSE(looks("GETX / HTTP/1.1"));
  EXPECT_FALSE(looks("get / HTTP/1.1"));
  EXPECT_FALSE(looks("HTTP/1"));
  EXPECT_FALSE(looks("HTTP/2 200"));
  EXPECT_FALSE(looks("PRI * HTTP/2.0\r\n"));
  EXPECT_FALSE(looks("\x16\x03\x01"));
}

TEST(HttpParser, EveryPrefixOfARequest) {
  Message full = from_text(kRequest);
  for_each_prefix(full, [&](std::span<const uint8_t> prefix, size_t n) {
    auto msg = parse_http(prefix);
    EXPECT_EQ(looks_like_http(prefix), n >= 4) << n;
    if (n < 4) {  // "GET " is the least that is recognised
      EXPECT_FALSE(msg) << n;
      return;
    }
    ASSERT_TRUE(msg) << n;
    EXPECT_EQ(msg->method, HttpMethod::Get);
    EXPECT_TRUE(std::string_view("/index.html?q=1").starts_with(msg->uri.view())) << n;
    EXPECT_TRUE(std::string_view("www.example.com:8080").starts_with(msg->host.view())) << n;
    EXPECT_EQ(msg->headers_complete, n == full.size()) << n;
  });
}

TEST(HttpParser, EveryPrefixOfAResponse) {
  Message full =
      from_text("HTTP/1.1 301 Moved Permanently\r\nServer: Apache\r\nContent-Type: text/html\r\n\r\n");
  for_each_prefix(full, [&](std::span<const uint8_t> prefix, size_t n) {
    auto msg = parse_http(prefix);
    if (n < 12) {
      EXPECT_FALSE(msg) << n;
      return;
    }
    ASSERT_TRUE(msg) << n;
    EXPECT_EQ(msg->status_code, 301);
    EXPECT_TRUE(std::string_view("Apache").starts_with(msg->server.view())) << n;
    EXPECT_EQ(msg->headers_complete, n == full.size()) << n;
  });
}

}  // namespace
}  // namespace netmeter::l7
