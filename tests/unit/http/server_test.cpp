// The server over real loopback sockets: framing, keep-alive, pipelining, errors, limits, timeouts, stop.

#include "http/server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "http/detail/connection_registry.hpp"
#include "test_client.hpp"
#include "test_support.hpp"

namespace netmeter::http::testing {
namespace {

using namespace std::chrono_literals;

TEST(Server, AnswersAndKeepsTheConnectionAlive) {
  RunningServer s;
  s.handler.on_request = [](Request& r) {
    Response res(200, "text/plain",
                 r.method + " " + r.path + " " + std::string(r.query_value("x").value_or("-")));
    res.set_header("X-Client", r.client_address);
    return res;
  };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->write(request_text("GET", "/a%20b?x=1%2B1")));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(r->body, "GET /a b 1+1");
  EXPECT_EQ(r->header("x-client"), "127.0.0.1");
  EXPECT_EQ(r->header("content-length"), "12");
  EXPECT_FALSE(r->header("connection"));

  ASSERT_TRUE(c->write(request_text("POST", "/second", "Content-Type: text/plain\r\n", "payload")));
  r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "POST /second -");
  ServerStats stats = s.server().stats();
  EXPECT_EQ(stats.connections_accepted, 1u);
  EXPECT_EQ(stats.requests, 2u);
}

TEST(Server, PipelinedRequestsAreAnsweredInOrder) {
  RunningServer s;
  s.handler.on_request = [](Request& r) {
    if (r.path == "/slow") std::this_thread::sleep_for(50ms);
    return Response(200, "text/plain", r.path + ":" + r.body);
  };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c);
  std::string batch = request_text("GET", "/slow") + request_text("POST", "/two", "", "body-2") +
                      request_text("GET", "/three") + request_text("HEAD", "/four");
  ASSERT_TRUE(c->write(batch));  // one write: all four arrive together
  for (std::string expected : {"/slow:", "/two:body-2", "/three:"}) {
    auto r = c->read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, expected);
  }
  auto head = c->read_response(true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("content-length"), "6");  // "/four:" is not sent for HEAD
  EXPECT_TRUE(c->pending().empty());
  EXPECT_EQ(s.server().stats().connections_accepted, 1u);
}

TEST(Server, Http10ClosesUnlessKeepAliveIsAsked) {
  RunningServer s;
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write("GET /old HTTP/1.0\r\n\r\n"));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status_line, "HTTP/1.0 200 OK");
  EXPECT_EQ(r->body, "GET /old");
  EXPECT_TRUE(c->closed_by_peer());

  c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("connection"), "keep-alive");
  ASSERT_TRUE(c->write("GET /b HTTP/1.0\r\n\r\n"));
  r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "GET /b");
  EXPECT_TRUE(c->closed_by_peer());
}

TEST(Server, ConnectionCloseIsHonoured) {
  RunningServer s;
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/", "Connection: close\r\n")));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_TRUE(c->closed_by_peer());
}

TEST(Server, MalformedRequestsGet400WithABody) {
  RunningServer s;
  s.handler.json_errors = true;
  s.start();
  for (std::string bad :
       {std::string("GARBAGE\r\n\r\n"), std::string("GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"),
        std::string("GET index.html HTTP/1.1\r\nHost: x\r\n\r\n"),
        std::string("GET / HTTP/1.1\r\n\r\n"),  // no Host
        std::string("GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n"),
        std::string("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
        std::string("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
        std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)}) {
    auto c = TestClient::connect(s.port());
    ASSERT_TRUE(c->write(bad));
    auto r = c->read_response();
    ASSERT_TRUE(r) << bad;
    EXPECT_EQ(r->status, 400) << bad;
    EXPECT_EQ(r->header("content-type"), "application/json");
    EXPECT_EQ(r->body.substr(0, 14), "{\"status\":400,");
    EXPECT_TRUE(c->closed_by_peer()) << bad;
  }
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write("GET / HTTP/1.1\r\nHost: x\r\n\r\n")) << "the server still works";
  EXPECT_EQ(c->read_response()->status, 200);
}

TEST(Server, HeaderTooLargeIs431) {
  RunningServer s;
  s.start([](ServerConfig& c) { c.limits.max_header_bytes = 4096; });
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/", "X-Big: " + std::string(5000, 'a') + "\r\n")));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_NE(r->body.find("4096"), std::string::npos);
  EXPECT_TRUE(c->closed_by_peer());

  c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/" + std::string(5000, 'u'))));
  EXPECT_EQ(c->read_response()->status, 431);
}

TEST(Server, BodyTooLargeIs413BeforeAndWhileReading) {
  RunningServer s;
  s.start([](ServerConfig& c) { c.limits.max_body_bytes = 1000; });
  // Announced too large: answered at once, nothing of the body is needed.
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n"));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_NE(r->body.find("1000 bytes"), std::string::npos);

  // Chunked: found out while reading.
  c = TestClient::connect(s.port());
  std::string chunked = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i)
    chunked += "200\r\n" + std::string(512, 'z') + "\r\n";
  chunked += "0\r\n\r\n";
  ASSERT_TRUE(c->write(chunked));
  r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_TRUE(c->closed_by_peer());

  // Within the limit, chunked.
  c = TestClient::connect(s.port());
  ASSERT_TRUE(
      c->write("POST /ok HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"));
  r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(s.server().stats().transport_errors, 2u);
}

TEST(Server, HandlerChoosesALargerLimitPerRequest) {
  RunningServer s;
  s.handler.policy = [](const RequestHead& h) {
    return h.path == "/big" ? BodyPolicy::in_memory(100000) : BodyPolicy::in_memory();
  };
  s.handler.on_request = [](Request& r) {
    return Response(200, "text/plain", std::to_string(r.body.size()));
  };
  s.start([](ServerConfig& c) { c.limits.max_body_bytes = 1000; });
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("POST", "/big", "", std::string(50000, 'b'))));
  EXPECT_EQ(c->read_response()->body, "50000");
  ASSERT_TRUE(c->write(request_text("POST", "/small", "", std::string(5000, 'b'))));
  EXPECT_EQ(c->read_response()->status, 413);
}

TEST(Server, Timeouts) {
  RunningServer s;
  s.start([](ServerConfig& c) {
    c.limits.header_timeout = 300ms;
    c.limits.keepalive_timeout = 300ms;
    c.limits.io_timeout = 300ms;
  });
  // Idle connection: closed without an answer.
  auto idle = TestClient::connect(s.port());
  // Half a head: 408.
  auto partial = TestClient::connect(s.port());
  ASSERT_TRUE(partial->write("GET / HTTP/1.1\r\nHost: x\r\n"));
  // Half a body: 408.
  auto body = TestClient::connect(s.port());
  ASSERT_TRUE(body->write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789"));

  auto start = std::chrono::steady_clock::now();
  auto r = partial->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 408);
  r = body->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 408);
  EXPECT_TRUE(idle->closed_by_peer());
  EXPECT_TRUE(idle->pending().empty());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);

  // A keep-alive connection that answered once also times out when idle.
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/")));
  ASSERT_TRUE(c->read_response());
  EXPECT_TRUE(c->closed_by_peer());
}

TEST(Server, HandlerExceptionsBecome500) {
  RunningServer s;
  s.handler.on_request = [](Request&) -> Response { throw std::runtime_error("boom"); };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/")));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  ASSERT_TRUE(c->write(request_text("GET", "/")));  // the connection survives a handler failure
  EXPECT_EQ(c->read_response()->status, 500);
}

// Connections that answered once and wait for more (keep-alive idle).
std::vector<std::unique_ptr<TestClient>> idle_clients(uint16_t port, int n,
                                                      const ClientOptions& options = {}) {
  std::vector<std::unique_ptr<TestClient>> out;
  for (int i = 0; i < n; ++i) {
    out.push_back(TestClient::connect(port, options));
    EXPECT_TRUE(out.back() && out.back()->write(request_text("GET", "/")));
    EXPECT_TRUE(out.back()->read_response());
  }
  return out;
}

TEST(Server, OldestIdleConnectionMakesRoomForANewClient) {
  RunningServer s;
  s.start([](ServerConfig& c) { c.limits.max_connections = 2; });
  // A client has its answer a moment before the server counts the connection idle again: wait for that
  // after each one, so that the first really is the oldest idle one (on a loaded machine the second
  // could otherwise be counted idle first).
  std::vector<std::unique_ptr<TestClient>> idle;
  for (int k = 0; k < 2; ++k) {
    auto one = idle_clients(s.port(), 1);
    idle.push_back(std::move(one.front()));
    for (int i = 0; i < 500 && s.server().stats().connections_busy > 0; ++i)
      std::this_thread::sleep_for(10ms);
  }
  auto fresh = TestClient::connect(s.port());
  ASSERT_TRUE(fresh->write(request_text("GET", "/")));
  EXPECT_EQ(fresh->read_response()->status, 200);
  EXPECT_TRUE(idle[0]->closed_by_peer()) << "the oldest idle connection was closed";
  ASSERT_TRUE(idle[1]->write(request_text("GET", "/")));
  EXPECT_EQ(idle[1]->read_response()->status, 200);
  EXPECT_EQ(s.server().stats().connections_evicted, 1u);
}

TEST(Server, ConnectionsThatNeverSpeakCannotLockOthersOut) {
  RunningServer s;
  s.start([](ServerConfig& c) {
    c.limits.max_connections = 8;
    c.limits.max_connections_per_client = 4;
  });
  ClientOptions attacker;
  attacker.source_address = "127.0.0.2";
  std::vector<std::unique_ptr<TestClient>> silent;
  for (int i = 0; i < 20; ++i) {  // connect and say nothing
    silent.push_back(TestClient::connect(s.port(), attacker));
    ASSERT_TRUE(silent.back());
  }
  auto victim = TestClient::connect(s.port());
  ASSERT_TRUE(victim->write(request_text("GET", "/")));
  EXPECT_EQ(victim->read_response()->status, 200);
  // The attacker's address holds at most its own share, however many it opened.
  auto last = TestClient::connect(s.port(), attacker);
  ASSERT_TRUE(last->write(request_text("GET", "/")));
  EXPECT_EQ(last->read_response()->status, 200) << "its own oldest silent connection made room";
  EXPECT_GE(s.server().stats().connections_evicted, 17u);
}

// A stream that never has data: its connection stays busy.
class NeverReady : public BodySource {
 public:
  Pull pull(std::span<char>) override { return Pull::pending(std::chrono::milliseconds(60'000)); }
};

TEST(Server, BusyConnectionsAreNeverEvictedAndExtraOnesGet503) {
  RunningServer s;
  s.handler.json_errors = true;
  s.handler.on_request = [](Request&) {
    Response r(200, "text/csv", "");
    r.stream = std::make_unique<NeverReady>();
    return r;
  };
  s.start([](ServerConfig& c) { c.limits.max_connections = 2; });
  std::vector<std::unique_ptr<TestClient>> busy;
  for (int i = 0; i < 2; ++i) {
    busy.push_back(TestClient::connect(s.port()));
    ASSERT_TRUE(busy.back()->write(request_text("GET", "/")));
    ASSERT_TRUE(busy.back()->read_head());
  }
  auto extra = TestClient::connect(s.port());
  auto r = extra->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->header("content-type"), "application/json");
  EXPECT_EQ(r->header("retry-after"), "1");
  EXPECT_EQ(s.server().stats().connections_rejected, 1u);

  busy[0].reset();  // a place frees up once the server sees the close
  for (int i = 0; i < 300 && s.server().stats().connections_active > 1; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(s.server().stats().connections_active, 1u) << "a client that leaves a waiting stream is noticed";
}

TEST(Server, ClientKeyGroupsIpv6By64) {
  EXPECT_EQ(client_key("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(client_key("::ffff:192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(client_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(client_key("2001:db8:1:2:bbbb::9"), "2001:db8:1:2::/64");
}

TEST(Server, StopClosesOpenConnectionsQuickly) {
  RunningServer s;
  s.start();
  auto idle = TestClient::connect(s.port());
  auto used = TestClient::connect(s.port());
  ASSERT_TRUE(used->write(request_text("GET", "/")));
  ASSERT_TRUE(used->read_response());
  auto start = std::chrono::steady_clock::now();
  s.server().stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_TRUE(idle->closed_by_peer(500ms));
  EXPECT_TRUE(used->closed_by_peer(500ms));
  EXPECT_EQ(s.server().stats().connections_active, 0u);
  s.server().stop();  // idempotent
  std::string error;
  EXPECT_FALSE(TestClient::connect(s.port(), {}, &error));
}

TEST(Server, StartReportsBindErrors) {
  FunctionHandler handler;
  RunningServer first;
  first.start();
  ServerConfig config;
  config.endpoints.push_back({"127.0.0.1", first.port(), false});
  config.log = [](LogLevel, std::string_view) {};
  Server clash(config, handler);
  EXPECT_NE(clash.start().find("cannot listen"), std::string::npos);

  config.endpoints = {{"not-an-address", 0, false}};
  Server bad(config, handler);
  EXPECT_NE(bad.start().find("invalid listen address"), std::string::npos);

  config.endpoints = {{"127.0.0.1", 0, true}};
  Server no_cert(config, handler);
  EXPECT_NE(no_cert.start(), "");
}

TEST(Server, ListensOnIpv6AndSeveralEndpoints) {
  RunningServer s;
  s.handler.on_request = [](Request& r) { return Response(200, "text/plain", r.client_address); };
  s.start([](ServerConfig& c) { c.endpoints.push_back({"::1", 0, false}); });
  ASSERT_NE(s.port(0), 0);
  ASSERT_NE(s.port(1), 0);
  auto v4 = TestClient::connect(s.port(0));
  ASSERT_TRUE(v4->write(request_text("GET", "/")));
  EXPECT_EQ(v4->read_response()->body, "127.0.0.1");
  ClientOptions options;
  options.address = "::1";
  std::string error;
  auto v6 = TestClient::connect(s.port(1), options, &error);
  if (!v6) GTEST_SKIP() << "no IPv6 loopback: " << error;
  ASSERT_TRUE(v6->write(request_text("GET", "/")));
  EXPECT_EQ(v6->read_response()->body, "::1");
}

TEST(Server, ResponseHeadersAreSanitisedAndManagedOnesIgnored) {
  RunningServer s;
  s.handler.on_request = [](Request&) {
    Response r(200, "application/vnd.tcpdump.pcap", "PCAP");
    r.set_attachment("../evil\"\r\nX-Injected: 1.pcap");
    r.set_header("X-Note", "line1\r\nX-Injected: 2");
    r.set_header("Content-Length", "999");
    r.set_header("Connection", "close");
    return r;
  };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/x")));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("content-disposition"), "attachment; filename=\"evil___X-Injected__1.pcap\"");
  EXPECT_EQ(r->header("x-note"), "line1X-Injected: 2");
  EXPECT_FALSE(r->header("x-injected"));
  EXPECT_EQ(r->header("content-length"), "4");
  EXPECT_FALSE(r->header("connection"));
  EXPECT_EQ(r->body, "PCAP");
}

TEST(Server, LogsNeverContainBodiesOrCredentials) {
  std::mutex mutex;
  std::string log;
  RunningServer s;
  s.start([&](ServerConfig& c) {
    c.limits.max_body_bytes = 10;
    c.log = [&](LogLevel, std::string_view line) {
      std::lock_guard lock(mutex);
      log += std::string(line) + "\n";
    };
  });
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(
      request_text("POST", "/", "Authorization: Basic c2VjcmV0OnNlY3JldA==\r\n", "secret-body-xyz")));
  EXPECT_EQ(c->read_response()->status, 413);
  c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write("BROKEN secret-body-xyz c2VjcmV0OnNlY3JldA==\r\n\r\n"));
  EXPECT_EQ(c->read_response()->status, 400);
  s.server().stop();
  std::lock_guard lock(mutex);
  EXPECT_NE(log.find("413"), std::string::npos) << log;
  EXPECT_EQ(log.find("secret"), std::string::npos) << log;
  EXPECT_EQ(log.find("c2VjcmV0"), std::string::npos) << log;
}

}  // namespace
}  // namespace netmeter::http::testing
