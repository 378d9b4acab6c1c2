// Webhook endpoint: an HTTP(S) POST of ntopng's webhook message ({"version": "0.2", "timestamp",
// "sharedsecret", "alerts": [...]}), at most 10 alerts per request as ntopng sends them, with optional
// HTTP Basic credentials. Any 2xx answer is a delivery.
#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/detail/base64.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/serialize.hpp>
#include <ctime>

#include "notify/alert_message.hpp"
#include "notify/io_deadline.hpp"
#include "notify/sender.hpp"
#include "notify/url.hpp"

namespace netmeter::notify {

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;

constexpr size_t kAlertsPerRequest = 10;

std::string basic_credentials(const std::string& user, const std::string& password) {
  std::string plain = user + ":" + password;
  std::string out(boost::beast::detail::base64::encoded_size(plain.size()), '\0');
  out.resize(boost::beast::detail::base64::encode(out.data(), plain.data(), plain.size()));
  return "Basic " + out;
}

template <typename Stream>
asio::awaitable<void> exchange(Stream& stream, const http::request<http::string_body>& request) {
  co_await http::async_write(stream, request, asio::use_awaitable);
  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024);
  co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
  const unsigned status = parser.get().result_int();
  if (status < 200 || status > 299)
    throw std::runtime_error("the webhook answered HTTP " + std::to_string(status));
}

class WebhookSender final : public Sender {
 public:
  WebhookSender(WebUrl url, ParamMap params, std::chrono::milliseconds timeout)
      : url_(std::move(url)), params_(std::move(params)), timeout_(timeout) {}

  size_t max_batch() const override { return kAlertsPerRequest; }

  std::optional<std::string> send(std::span<const Delivery> batch) override {
    boost::json::array alerts;
    for (const auto& d : batch)
      alerts.push_back(alert_json(d.alert));
    return post(std::move(alerts));
  }

  std::optional<std::string> send_test(const ParamMap&) override { return post({}); }

 private:
  std::optional<std::string> post(boost::json::array alerts) {
    boost::json::object message;
    message["version"] = "0.2";
    message["timestamp"] = static_cast<int64_t>(std::time(nullptr));
    if (auto it = params_.find("webhook_sharedsecret"); it != params_.end())
      message["sharedsecret"] = it->second;
    message["alerts"] = std::move(alerts);
    http::request<http::string_body> request{http::verb::post, url_.target, 11};
    request.set(http::field::host, url_.host);
    request.set(http::field::user_agent, "netmeter");
    request.set(http::field::content_type, "application/json");
    if (auto user = params_.find("webhook_username"); user != params_.end()) {
      auto password = params_.find("webhook_password");
      request.set(http::field::authorization,
                  basic_credentials(user->second, password == params_.end() ? "" : password->second));
    }
    request.body() = boost::json::serialize(message);
    request.prepare_payload();
    return run_with_deadline([&]() -> asio::awaitable<void> { return deliver(request); }, timeout_);
  }

  asio::awaitable<void> deliver(const http::request<http::string_body>& request) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    auto endpoints =
        co_await resolver.async_resolve(url_.host, std::to_string(url_.port), asio::use_awaitable);
    tcp::socket socket(executor);
    co_await asio::async_connect(socket, endpoints, asio::use_awaitable);
    if (!url_.tls) {
      co_await exchange(socket, request);
      co_return;
    }
    asio::ssl::context ctx = verifying_tls_context();
    asio::ssl::stream<tcp::socket> tls(std::move(socket), ctx);
    tls.set_verify_callback(asio::ssl::host_name_verification(url_.host));
    SSL_set_tlsext_host_name(tls.native_handle(), url_.host.c_str());
    co_await tls.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
    co_await exchange(tls, request);
  }

  WebUrl url_;
  ParamMap params_;
  std::chrono::milliseconds timeout_;
};

}  // namespace

std::unique_ptr<Sender> make_webhook_sender(const EndpointConfig& endpoint,
                                            std::chrono::milliseconds timeout) {
  auto url = parse_web_url(endpoint.params.at("webhook_url"));
  if (!url) return nullptr;
  return std::make_unique<WebhookSender>(std::move(*url), endpoint.params, timeout);
}

std::unique_ptr<Sender> make_sender(const EndpointConfig& endpoint, std::chrono::milliseconds timeout) {
  switch (endpoint.kind) {
    case EndpointKind::Webhook:
      return make_webhook_sender(endpoint, timeout);
    case EndpointKind::Syslog:
      return make_syslog_sender(endpoint, timeout);
    case EndpointKind::Email:
      return make_email_sender(endpoint, timeout);
  }
  return nullptr;
}

}  // namespace netmeter::notify
