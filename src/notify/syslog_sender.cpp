// Syslog endpoint: RFC 5424 messages, one per alert, over UDP (one datagram each) or TCP (RFC 6587
// octet counting on one connection per batch). The message is the alert's JSON (syslog_alert_format
// "json") or its text line ("plaintextrfc").
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <vector>

#include "notify/alert_message.hpp"
#include "notify/io_deadline.hpp"
#include "notify/sender.hpp"
#include "notify/syslog_format.hpp"
#include "notify/url.hpp"

namespace netmeter::notify {

namespace {

namespace asio = boost::asio;

constexpr size_t kMessagesPerBatch = 100;

std::string local_hostname() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "-";
  return name;
}

class SyslogSender final : public Sender {
 public:
  SyslogSender(ParamMap params, std::chrono::milliseconds timeout) : timeout_(timeout) {
    host_ = params.at("syslog_host");
    auto port = params.find("syslog_port");
    port_ = port == params.end() ? 514 : parse_port(port->second).value_or(514);
    auto protocol = params.find("syslog_protocol");
    tcp_ = protocol != params.end() && protocol->second == "tcp";
    json_ = params.at("syslog_alert_format") == "json";
    header_.hostname = local_hostname();
    header_.procid = ::getpid();
  }

  size_t max_batch() const override { return kMessagesPerBatch; }

  std::optional<std::string> send(std::span<const Delivery> batch) override {
    std::vector<std::string> messages;
    for (const auto& d : batch) {
      std::string text = json_ ? boost::json::serialize(alert_json(d.alert)) : alert_text(d.alert);
      messages.push_back(format(d.alert.severity, text));
    }
    return transmit(messages);
  }

  std::optional<std::string> send_test(const ParamMap&) override {
    return transmit({format(alerts::Severity::Info, "netmeter notification test")});
  }

 private:
  std::string format(alerts::Severity severity, std::string_view text) {
    header_.unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
    std::string message = rfc5424_message(header_, severity, text);
    return tcp_ ? octet_counted(message) : message;
  }

  std::optional<std::string> transmit(const std::vector<std::string>& messages) {
    return run_with_deadline(
        [&]() -> asio::awaitable<void> { return tcp_ ? send_tcp(messages) : send_udp(messages); }, timeout_);
  }

  asio::awaitable<void> send_udp(const std::vector<std::string>& messages) {
    auto executor = co_await asio::this_coro::executor;
    asio::ip::udp::resolver resolver(executor);
    auto results = co_await resolver.async_resolve(host_, std::to_string(port_), asio::use_awaitable);
    const auto target = results.begin()->endpoint();
    asio::ip::udp::socket socket(executor, target.protocol());
    for (const auto& m : messages)
      co_await socket.async_send_to(asio::buffer(m), target, asio::use_awaitable);
  }

  asio::awaitable<void> send_tcp(const std::vector<std::string>& messages) {
    auto executor = co_await asio::this_coro::executor;
    asio::ip::tcp::resolver resolver(executor);
    auto results = co_await resolver.async_resolve(host_, std::to_string(port_), asio::use_awaitable);
    asio::ip::tcp::socket socket(executor);
    co_await asio::async_connect(socket, results, asio::use_awaitable);
    std::string stream;
    for (const auto& m : messages)
      stream += m;
    co_await asio::async_write(socket, asio::buffer(stream), asio::use_awaitable);
    socket.shutdown(asio::ip::tcp::socket::shutdown_send);
  }

  std::string host_;
  uint16_t port_ = 514;
  bool tcp_ = false;
  bool json_ = true;
  SyslogHeader header_;
  std::chrono::milliseconds timeout_;
};

}  // namespace

std::unique_ptr<Sender> make_syslog_sender(const EndpointConfig& endpoint,
                                           std::chrono::milliseconds timeout) {
  return std::make_unique<SyslogSender>(endpoint.params, timeout);
}

}  // namespace netmeter::notify
