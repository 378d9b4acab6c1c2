// The dispatcher against real sockets on loopback: a UDP syslog receiver gets every alert its recipient
// wants, while a webhook whose server accepts connections and never answers fills its own queue, drops
// and fails, without holding the syslog endpoint back.
#include "notify/dispatcher.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

namespace netmeter::notify {
namespace {

class Socket {
 public:
  explicit Socket(int type) : fd_(::socket(AF_INET, type, 0)) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    timeval tv{10, 0};  // a liveness bound for a broken build, not a timing assertion
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (type == SOCK_STREAM) ::listen(fd_, 64);
  }
  ~Socket() { ::close(fd_); }
  std::string receive() {
    char buf[65536];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
  }
  uint16_t port() const { return port_; }

 private:
  int fd_;
  uint16_t port_ = 0;
};

alerts::Alert flow_alert(int i, alerts::Severity severity) {
  alerts::Alert a;
  a.entity = alerts::Entity::Flow;
  a.type_id = 28;  // ntopng 6.x: tls_certificate_selfsigned (nDPI risk 6)
  a.severity = severity;
  a.begin_s = 1'700'000'000 + i;
  a.client = {core::IpAddress::parse("10.0.0.1").value(), static_cast<uint16_t>(40000 + i)};
  a.server = {core::IpAddress::parse("10.0.0.2").value(), 443};
  return a;
}

template <typename Pred>
bool eventually(Pred pred) {
  for (int i = 0; i < 2000 && !pred(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return pred();
}

TEST(Dispatcher, DeadEndpointDropsWhileTheOthersDeliver) {
  Socket syslog(SOCK_DGRAM);
  Socket silent(SOCK_STREAM);  // accepts (backlog) and never answers
  DispatcherOptions options;
  options.queue_capacity = 64;
  options.retry.max_attempts = 2;
  options.retry.base = std::chrono::milliseconds{10};
  options.retry.timeout = std::chrono::milliseconds{1000};
  Dispatcher d(options);

  EndpointConfig log{1,
                     "log",
                     EndpointKind::Syslog,
                     {{"syslog_host", "127.0.0.1"},
                      {"syslog_port", std::to_string(syslog.port())},
                      {"syslog_alert_format", "json"}}};
  EndpointConfig hook{2,
                      "hook",
                      EndpointKind::Webhook,
                      {{"webhook_url", "http://127.0.0.1:" + std::to_string(silent.port()) + "/"}}};
  RecipientConfig to_log{10, "ops", 1, alerts::Severity::Notice, {}, {}, {}};
  RecipientConfig to_log_picky{11, "boss", 1, alerts::Severity::Emergency, {}, {}, {}};
  RecipientConfig to_hook{12, "hook", 2, alerts::Severity::Notice, {}, {}, {}};
  d.configure({log, hook}, {to_log, to_log_picky, to_hook});

  // Two rounds of 50: the syslog queue never holds more than 64, the stuck webhook's does.
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 50; ++i)
      d.store(flow_alert(round * 50 + i, alerts::Severity::Warning));
    ASSERT_TRUE(eventually([&] { return d.counters(1).sent == uint64_t(50 * (round + 1)); }));
  }
  d.store(flow_alert(999, alerts::Severity::Info));  // below every recipient's minimum: nowhere

  for (int i = 0; i < 100; ++i) {
    std::string m = syslog.receive();
    ASSERT_TRUE(m.starts_with("<116>1 ")) << m;  // log alert (14), warning
    EXPECT_NE(m.find("\"name\":\"tls_certificate_selfsigned\""), std::string::npos) << m;
    EXPECT_NE(m.find("\"cli_port\":" + std::to_string(40000 + i)), std::string::npos) << m;
  }
  EXPECT_EQ(d.counters(1).failed, 0u);
  EXPECT_EQ(d.counters(1).dropped, 0u);

  auto hook_counters = d.counters(2);
  EXPECT_EQ(hook_counters.sent, 0u);
  EXPECT_GT(hook_counters.dropped, 0u);
  EXPECT_LE(hook_counters.queued, 64u);
  EXPECT_LE(hook_counters.dropped + hook_counters.queued + hook_counters.failed, 100u);
}

TEST(Dispatcher, CountersSurviveAReconfiguration) {
  Socket syslog(SOCK_DGRAM);
  Dispatcher d(DispatcherOptions{});
  EndpointConfig log{7,
                     "log",
                     EndpointKind::Syslog,
                     {{"syslog_host", "127.0.0.1"},
                      {"syslog_port", std::to_string(syslog.port())},
                      {"syslog_alert_format", "plaintextrfc"}}};
  RecipientConfig r{1, "ops", 7, alerts::Severity::Notice, {}, {4}, {}};
  d.configure({log}, {r});
  d.store(flow_alert(1, alerts::Severity::Error));
  ASSERT_TRUE(eventually([&] { return d.counters(7).sent == 1; }));
  std::string m = syslog.receive();
  EXPECT_NE(m.find(" - - [error] flow tls_certificate_selfsigned 10.0.0.1:40001 -> 10.0.0.2:443"),
            std::string::npos)
      << m;
  d.configure({log}, {r});
  d.store(flow_alert(2, alerts::Severity::Error));
  ASSERT_TRUE(eventually([&] { return d.counters(7).sent == 2; }));
  EXPECT_EQ(d.counters(8).sent, 0u);
}

}  // namespace
}  // namespace netmeter::notify
