// A keep-alive HTTP/1.1 client over Boost.Beast. Asynchronous operations on a private io_context, run to
// completion by the caller's thread: beast::tcp_stream's expiry then bounds connect, write and read
// alike, which the blocking calls cannot do.
#include "history/clickhouse/http_connection.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/span_body.hpp>

#include "history/history_store.hpp"

namespace netmeter::history::clickhouse {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// ClickHouse closes a kept-alive connection after keep_alive_timeout (3 s by default) of silence;
// reconnecting before that avoids most writes into a socket the server is closing.
constexpr auto kMaxIdle = std::chrono::seconds(2);

bool is_stale_connection_error(const boost::system::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == http::error::partial_message;
}

}  // namespace

struct HttpConnection::Impl {
  Impl(std::string h, uint16_t p, std::chrono::milliseconds t, size_t limit)
      : host(std::move(h)), port(p), timeout(t), body_limit(limit), stream(io) {}

  std::string host;
  uint16_t port;
  std::chrono::milliseconds timeout;
  size_t body_limit;
  asio::io_context io;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bool connected = false;
  Clock::time_point last_used{};

  // Runs queued handlers until they are all done; the stream's expiry makes that bounded.
  void run() {
    io.restart();
    io.run();
  }

  [[noreturn]] void fail(const boost::system::error_code& ec) {
    close();
    const std::string where = "ClickHouse at " + host + ":" + std::to_string(port);
    if (ec == beast::error::timeout)
      throw HistoryError(where + " did not answer within " + std::to_string(timeout.count()) + " ms");
    throw HistoryError(where + ": " + ec.message());
  }

  void close() {
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
    buffer.clear();
    connected = false;
  }

  void connect(Clock::time_point deadline) {
    tcp::resolver resolver(io);
    boost::system::error_code ec;
    auto endpoints = resolver.resolve(host, std::to_string(port), ec);
    if (ec) fail(ec);
    stream.expires_at(deadline);
    stream.async_connect(endpoints,
                         [&ec](const boost::system::error_code& e, const tcp::endpoint&) { ec = e; });
    run();
    if (ec) fail(ec);
    stream.socket().set_option(tcp::no_delay(true), ec);
    connected = true;
  }

  // One exchange on the current connection; the error (if any) is returned, not thrown, so that the
  // caller can retry a connection the server had closed.
  boost::system::error_code exchange(const HttpPost& post, HttpAnswer& answer, Clock::time_point deadline,
                                     bool& got_bytes) {
    http::request<http::span_body<const char>> request{http::verb::post, post.target, 11};
    request.set(http::field::host, host);
    request.set(http::field::user_agent, "netmeter");
    request.set(http::field::connection, "keep-alive");
    if (!post.authorization.empty()) request.set(http::field::authorization, post.authorization);
    request.body() = std::span<const char>(post.body.data(), post.body.size());
    request.prepare_payload();

    boost::system::error_code ec;
    stream.expires_at(deadline);
    http::async_write(stream, request, [&ec](const boost::system::error_code& e, size_t) { ec = e; });
    run();
    if (ec) return ec;

    http::response_parser<http::string_body> parser;
    parser.body_limit(body_limit);
    stream.expires_at(deadline);
    http::async_read(stream, buffer, parser, [&ec](const boost::system::error_code& e, size_t n) {
      ec = e;
      (void)n;
    });
    run();
    got_bytes = parser.got_some();
    if (ec) return ec;
    answer.status = parser.get().result_int();
    answer.body = std::move(parser.get().body());
    if (!parser.keep_alive()) close();
    return {};
  }
};

HttpConnection::HttpConnection(std::string host, uint16_t port, std::chrono::milliseconds timeout,
                               size_t body_limit)
    : impl_(std::make_unique<Impl>(std::move(host), port, timeout, body_limit)) {}

HttpConnection::~HttpConnection() = default;

HttpAnswer HttpConnection::post(const HttpPost& request) {
  const auto deadline = Clock::now() + impl_->timeout;
  if (impl_->connected && Clock::now() - impl_->last_used > kMaxIdle) impl_->close();
  const bool reused = impl_->connected;
  if (!impl_->connected) impl_->connect(deadline);

  HttpAnswer answer;
  bool got_bytes = false;
  auto ec = impl_->exchange(request, answer, deadline, got_bytes);
  // A reused connection the server closed while it was idle fails before any answer byte and the
  // request never ran: send it once more on a fresh connection. (A server dying in the middle of this
  // very request looks the same; then a batch may be stored twice, never lost silently.)
  if (ec && reused && !got_bytes && is_stale_connection_error(ec)) {
    impl_->close();
    impl_->connect(deadline);
    ec = impl_->exchange(request, answer, deadline, got_bytes);
  }
  if (ec) impl_->fail(ec);
  impl_->last_used = Clock::now();
  return answer;
}

}  // namespace netmeter::history::clickhouse
