#include "http/server.hpp"

#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cassert>
#include <thread>
#include <vector>

#include "core/thread_name.hpp"
#include "http/detail/connection.hpp"
#include "http/detail/server_context.hpp"

namespace netmeter::http {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

std::string endpoint_text(const ListenEndpoint& endpoint) {
  return "[" + endpoint.address + "]:" + std::to_string(endpoint.port) + (endpoint.tls ? " (TLS)" : "");
}

// TLS 1.2 and 1.3 only, forward-secret AEAD suites for 1.2.
std::string make_tls_context(const TlsFiles& files, std::unique_ptr<asio::ssl::context>& out) {
  auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                   asio::ssl::context::no_tlsv1_1 | asio::ssl::context::no_compression |
                   asio::ssl::context::single_dh_use);
  SSL_CTX* native = ctx->native_handle();
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native, "ECDHE+AESGCM:ECDHE+CHACHA20") != 1) {
    return "cannot configure TLS";
  }
  error_code ec;
  if (files.cert_file.empty() || files.key_file.empty())
    return "TLS endpoint without certificate and key files";
  ctx->use_certificate_chain_file(files.cert_file, ec);
  if (ec) return "cannot load certificate " + files.cert_file + ": " + ec.message();
  ctx->use_private_key_file(files.key_file, asio::ssl::context::pem, ec);
  if (ec) return "cannot load private key " + files.key_file + ": " + ec.message();
  if (SSL_CTX_check_private_key(native) != 1)
    return "private key " + files.key_file + " does not match the certificate";
  out = std::move(ctx);
  return {};
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerConfig config, Handler& handler)
      : config_(std::move(config)), context_(config_, handler), io_(static_cast<int>(config_.threads)) {}

  ~Impl() { stop(); }

  std::string start() {
    if (started_) return "server already started";
    started_ = true;
    if (config_.threads == 0) return "threads must be at least 1";
    if (config_.endpoints.empty()) return "no endpoint to listen on";
    if (config_.limits.stream_chunk_bytes < 1024) config_.limits.stream_chunk_bytes = 1024;
    for (const auto& endpoint : config_.endpoints) {
      if (endpoint.tls && !tls_) {
        if (std::string error = make_tls_context(config_.tls, tls_); !error.empty()) return error;
      }
    }
    for (const auto& endpoint : config_.endpoints) {
      if (std::string error = listen(endpoint); !error.empty()) {
        listeners_.clear();
        return error;
      }
    }
    for (auto& listener : listeners_) {
      asio::co_spawn(listener->acceptor.get_executor(), accept_loop(*listener), asio::detached);
      context_.log(LogLevel::info, "listening on " + endpoint_text(listener->endpoint));
    }
    for (unsigned i = 0; i < config_.threads; ++i)
      threads_.emplace_back([this] {
        core::set_thread_name("nm-http");
        run_thread();
      });
    return {};
  }

  void stop() {
    if (!started_ || stopped_) return;
    stopped_ = true;
    context_.stopping = true;
    for (auto& listener : listeners_) {
      asio::post(listener->acceptor.get_executor(), [l = listener.get()] {
        error_code ignored;
        l->acceptor.close(ignored);
        l->retry_timer.cancel();
      });
    }
    context_.registry.abort_all();
    for (auto& thread : threads_) {
      assert(thread.get_id() != std::this_thread::get_id() && "stop() called from a server thread");
      thread.join();
    }
    threads_.clear();
  }

  uint16_t bound_port(size_t index) const { return index < listeners_.size() ? listeners_[index]->port : 0; }

  ServerStats stats() const {
    ServerStats s = context_.counters.snapshot();
    s.connections_busy = context_.registry.busy();
    s.request_body_bytes_in_memory = context_.body_budget.used();
    s.request_body_refusals = context_.body_budget.refusals();
    return s;
  }

 private:
  struct Listener {
    Listener(asio::io_context& io, ListenEndpoint ep)
        : endpoint(std::move(ep)), acceptor(asio::make_strand(io)), retry_timer(acceptor.get_executor()) {}
    ListenEndpoint endpoint;
    tcp::acceptor acceptor;
    asio::steady_timer retry_timer;
    uint16_t port = 0;
  };

  std::string listen(const ListenEndpoint& endpoint) {
    error_code ec;
    auto address = asio::ip::make_address(endpoint.address, ec);
    if (ec) return "invalid listen address " + endpoint.address;
    auto listener = std::make_unique<Listener>(io_, endpoint);
    tcp::acceptor& acceptor = listener->acceptor;
    tcp::endpoint where(address, endpoint.port);
    acceptor.open(where.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec && address.is_v6()) acceptor.set_option(asio::ip::v6_only(true), ec);
    if (!ec) acceptor.bind(where, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return "cannot listen on " + endpoint_text(endpoint) + ": " + ec.message();
    listener->port = acceptor.local_endpoint(ec).port();
    listeners_.push_back(std::move(listener));
    return {};
  }

  asio::awaitable<void> accept_loop(Listener& listener) {
    for (;;) {
      auto [ec, socket] = co_await listener.acceptor.async_accept(asio::make_strand(io_), kAwait);
      if (context_.stopping.load() || ec == asio::error::operation_aborted) co_return;
      if (ec) {
        // E.g. out of file descriptors: log, wait a little instead of spinning.
        context_.log(LogLevel::warning,
                     "accept on " + endpoint_text(listener.endpoint) + ": " + ec.message());
        listener.retry_timer.expires_after(std::chrono::milliseconds(100));
        co_await listener.retry_timer.async_wait(kAwait);
        continue;
      }
      if (listener.endpoint.tls) {
        start_tls_connection(context_, std::move(socket), *tls_);
      } else {
        start_plain_connection(context_, std::move(socket));
      }
    }
  }

  void run_thread() {
    for (;;) {
      try {
        io_.run();
        return;
      } catch (const std::exception& e) {
        context_.log(LogLevel::error, std::string("server thread: ") + e.what());
      }
    }
  }

  // Destruction runs bottom-up: listeners and pending handlers go before what they refer to.
  ServerConfig config_;
  ServerContext context_;
  std::unique_ptr<asio::ssl::context> tls_;
  asio::io_context io_;
  std::vector<std::unique_ptr<Listener>> listeners_;
  std::vector<std::thread> threads_;
  bool started_ = false;
  bool stopped_ = false;
};

Server::Server(ServerConfig config, Handler& handler)
    : impl_(std::make_unique<Impl>(std::move(config), handler)) {}

Server::~Server() = default;

std::string Server::start() {
  return impl_->start();
}

void Server::stop() {
  impl_->stop();
}

uint16_t Server::bound_port(size_t index) const {
  return impl_->bound_port(index);
}

ServerStats Server::stats() const {
  return impl_->stats();
}

}  // namespace netmeter::http
