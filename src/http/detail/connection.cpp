#include "http/detail/connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <type_traits>

#include "http/detail/beast_streams.hpp"
#include "http/detail/body_budget.hpp"
#include "http/detail/body_receiver.hpp"
#include "http/detail/connection_registry.hpp"
#include "http/detail/deadline.hpp"
#include "http/detail/head_checks.hpp"
#include "http/detail/response_writer.hpp"
#include "http/detail/stream_wait.hpp"
#include "http/header_value.hpp"

namespace netmeter::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using asio::ip::tcp;
using boost::system::error_code;
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

constexpr std::chrono::milliseconds kCloseTimeout{1000};
constexpr uint64_t kMaxDrainBytes = 16 << 20;  // unread request bytes read before closing after an error

Response error_response(ServerContext& context, int status, std::string_view message,
                        const RequestHead* head) {
  try {
    return context.handler.error_response(status, message, head);
  } catch (const std::exception& e) {
    context.log(LogLevel::error, std::string("error_response threw: ") + e.what());
  }
  return context.handler.Handler::error_response(status, message, head);
}

bool is_http_error(const error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
}

void remove_request_files(const Request& request) {
  std::error_code ignored;
  if (request.body_file) std::filesystem::remove(request.body_file->path, ignored);
  for (const auto& file : request.files)
    std::filesystem::remove(file.path, ignored);
}

// The 503 a plain-HTTP client gets when there is no room for its connection. The socket is new, so its
// send buffer is empty and this small write completes without waiting.
void write_refusal(ServerContext& context, tcp::socket& socket) {
  Response response = error_response(context, 503, "too many connections", nullptr);
  response.set_header("Retry-After", "1");
  std::string bytes = "HTTP/1.1 503 " + std::string(reason_phrase(503)) + "\r\n";
  for (const auto& field : response.headers())
    bytes += field.name + ": " + field.value + "\r\n";
  bytes += "Content-Length: " + std::to_string(response.body.size()) + "\r\nConnection: close\r\n\r\n";
  bytes += response.body;
  error_code ec;
  socket.non_blocking(true, ec);
  socket.write_some(asio::buffer(bytes), ec);
  socket.shutdown(tcp::socket::shutdown_send, ec);
}

// Ends a body's GrowingFile as aborted unless the body receiver completed it first.
struct AbortUnlessComplete {
  std::shared_ptr<core::GrowingFile> progress;
  ~AbortUnlessComplete() {
    if (progress) progress->abort("the upload ended before its file was complete");
  }
};

RequestHead make_head(const bhttp::request_parser<bhttp::empty_body>& parser) {
  const auto& msg = parser.get();
  RequestHead head;
  head.method = std::string(msg.method_string());
  head.target = std::string(msg.target());
  head.version = msg.version();
  for (const auto& field : msg)
    head.headers.add(std::string(field.name_string()), std::string(field.value()));
  head.chunked = parser.chunked();
  if (!head.chunked && parser.content_length()) head.content_length = *parser.content_length();
  return head;
}

// One connection: a coroutine on the socket's strand that reads, handles and answers requests in order.
// GCC 12 miscompiles co_await inside a condition with && or || (seen as "free(): invalid pointer"):
// await into a named variable first, here and in response_writer.cpp.
template <class Stream>
class Connection : public std::enable_shared_from_this<Connection<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, PlainStream>;

  Connection(ServerContext& context, Stream stream)
      : context_(context),
        stream_(std::move(stream)),
        executor_(socket().get_executor()),
        deadline_(socket()),
        buffer_(context.config.limits.max_header_bytes + 2 * context.config.limits.stream_chunk_bytes),
        writer_(context, stream_, deadline_, chunk_) {
    context_.counters.active.fetch_add(1, std::memory_order_relaxed);
    error_code ec;
    tcp::endpoint peer = socket().remote_endpoint(ec);
    peer_address_ = peer.address().to_string();
    peer_port_ = peer.port();
  }

  ~Connection() {
    context_.registry.remove(id_);
    context_.counters.active.fetch_sub(1, std::memory_order_relaxed);
  }

  void start() {
    std::weak_ptr<Connection> weak = this->weak_from_this();
    ConnectionLimits limits{context_.config.limits.max_connections,
                            context_.config.limits.max_connections_per_client};
    uint64_t evicted = 0;
    id_ = context_.registry.admit(
        client_key(peer_address_), limits,
        [weak, executor = executor_] {
          asio::post(executor, [weak] {
            if (auto self = weak.lock()) self->abort();
          });
        },
        evicted);
    if (evicted > 0) context_.counters.evicted.fetch_add(evicted, std::memory_order_relaxed);
    if (id_ == 0) return refuse();
    context_.counters.accepted.fetch_add(1, std::memory_order_relaxed);
    ServerContext& context = context_;
    asio::co_spawn(
        executor_, [self = this->shared_from_this()]() { return self->run(); },
        [&context](std::exception_ptr e) {
          if (!e) return;
          try {
            std::rethrow_exception(e);
          } catch (const std::exception& ex) {
            context.log(LogLevel::error, std::string("connection failed: ") + ex.what());
          }
        });
  }

 private:
  tcp::socket& socket() { return beast::get_lowest_layer(stream_); }

  void log_debug(std::string_view what) {
    context_.log(LogLevel::debug,
                 "[" + peer_address_ + "]:" + std::to_string(peer_port_) + ": " + std::string(what));
  }

  void abort() {
    aborted_ = true;
    deadline_.cancel();
    writer_.cancel();
    if (later_wait_) later_wait_->cancel();
    error_code ignored;
    socket().close(ignored);
  }

  asio::awaitable<void> run() {
    if constexpr (kTls) {
      deadline_.arm(context_.config.limits.handshake_timeout);
      auto [ec] = co_await stream_.async_handshake(asio::ssl::stream_base::server, kAwait);
      if (ec) {
        if (!aborted_) log_debug("TLS handshake failed: " + ec.message());
        abort();
        co_return;
      }
    }
    for (bool first = true; !aborted_ && !context_.stopping.load(std::memory_order_relaxed); first = false) {
      bool keep = co_await serve_one(first);
      if (!keep) break;
    }
    co_await close();
  }

  // Reads, handles and answers one request. True when the connection stays open for the next one.
  asio::awaitable<bool> serve_one(bool first) {
    bool arrived = co_await await_first_byte(first);
    if (!arrived) co_return false;
    bhttp::request_parser<bhttp::empty_body> parser;
    parser.header_limit(static_cast<uint32_t>(context_.config.limits.max_header_bytes));
    parser.body_limit(boost::none);  // checked against the handler's policy once the head is known
    deadline_.arm(context_.config.limits.header_timeout);
    auto [ec, n] = co_await bhttp::async_read_header(stream_, buffer_, parser, kAwait);
    if (ec) {
      bool partial = parser.got_some() || buffer_.size() > 0;
      co_return co_await head_failed(ec, partial);
    }
    RequestHead head = make_head(parser);
    head.client_address = peer_address_;
    head.client_port = peer_port_;
    head.tls = kTls;
    Busy busy(context_.registry, id_);  // not evictable until the answer is out
    if (auto error = complete_head(head)) co_return co_await send_error(*error, &head);
    co_return co_await process(parser, std::move(head));
  }

  // While the connection is idle (a new one, or keep-alive between requests) it waits for the first
  // byte of the next request; the head then has header_timeout to complete. False: closed or idle too long.
  asio::awaitable<bool> await_first_byte(bool first) {
    if (buffer_.size() > 0) co_return true;  // pipelined bytes are there already
    const auto& limits = context_.config.limits;
    deadline_.arm(first ? limits.header_timeout : limits.keepalive_timeout);
    constexpr size_t kFirstRead = 4096;
    auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kFirstRead), kAwait);
    if (ec || n == 0) co_return false;  // gone, idle too long, or aborted: close without a word
    buffer_.commit(n);
    co_return true;
  }

  // Marks the connection busy for the registry while it lives.
  class Busy {
   public:
    Busy(ConnectionRegistry& registry, uint64_t id) : registry_(registry), id_(id) {
      registry_.set_busy(id_, true);
    }
    ~Busy() { registry_.set_busy(id_, false); }
    Busy(const Busy&) = delete;
    Busy& operator=(const Busy&) = delete;

   private:
    ConnectionRegistry& registry_;
    uint64_t id_;
  };

  asio::awaitable<bool> head_failed(error_code ec, bool partial) {
    if (aborted_) co_return false;
    if (deadline_.expired()) {
      if (partial) {
        TransportError error{408, "request head not received in time"};
        co_return co_await send_error(std::move(error), nullptr);
      }
      co_return false;  // idle keep-alive connection
    }
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
      std::string limit = std::to_string(context_.config.limits.max_header_bytes);
      TransportError error{431, "request head larger than " + limit + " bytes"};
      co_return co_await send_error(std::move(error), nullptr);
    }
    if (ec == bhttp::error::end_of_stream) co_return false;
    if (is_http_error(ec) && ec != bhttp::error::partial_message) {
      TransportError error{400, "malformed request: " + ec.message()};
      co_return co_await send_error(std::move(error), nullptr);
    }
    if (partial) log_debug("request head: " + ec.message());
    co_return false;
  }

  asio::awaitable<bool> process(bhttp::request_parser<bhttp::empty_body>& parser, RequestHead head) {
    std::optional<BodyPolicy> chosen = call_body_policy(head);
    if (!chosen) {
      TransportError error{500, "internal error"};
      co_return co_await send_error(std::move(error), &head);
    }
    BodyPolicy& policy = *chosen;
    // Whoever follows the body file learns of every end: refused, failed, or the connection gone.
    AbortUnlessComplete progress_end{policy.progress};
    bool keep_alive = parser.get().keep_alive();
    if (policy.reject) {
      drain_on_close_ = head.has_body();
      co_return co_await respond_with(*policy.reject, head, keep_alive && !head.has_body());
    }
    uint64_t limit = policy.max_bytes.value_or(context_.config.limits.max_body_bytes);
    if (head.content_length && *head.content_length > limit) {
      TransportError error{413, "request body larger than " + std::to_string(limit) + " bytes"};
      co_return co_await send_error(std::move(error), &head);
    }
    BodyLease lease(&context_.body_budget);  // outlives the request whose body it pays for
    Request request;
    static_cast<RequestHead&>(request) = std::move(head);
    request.state = std::move(policy.state);
    request.progress = policy.progress;
    if (request.has_body()) {
      auto error = co_await receive_body(parser, policy, limit, request, lease);
      if (error) co_return co_await send_error(*error, &request);
    }
    context_.counters.requests.fetch_add(1, std::memory_order_relaxed);
    Response response = call_handler(request);
    if (response.later) {
      std::unique_ptr<PendingResponse> later = std::move(response.later);
      std::optional<Response> ready = co_await await_later(*later);
      if (!ready) co_return false;  // the client went away or the server stops
      response = std::move(*ready);
      response.later.reset();
    }
    remove_request_files(request);  // before answering: once the client has the answer, they are gone
    co_return co_await respond_with(response, request, keep_alive);
  }

  asio::awaitable<std::optional<TransportError>> receive_body(
      bhttp::request_parser<bhttp::empty_body>& parser, const BodyPolicy& policy, uint64_t limit,
      Request& request, BodyLease& lease) {
    MadeReceiver made = make_body_receiver(policy, request, limit, lease);
    if (made.error) co_return made.error;
    if (expects_continue(request)) {
      bool sent = co_await writer_.write_continue();
      if (!sent) co_return TransportError{0, {}};
    }
    bhttp::request_parser<bhttp::buffer_body> body_parser(std::move(parser));
    body_parser.body_limit(limit);
    if (chunk_.size() < context_.config.limits.stream_chunk_bytes) {
      chunk_.resize(context_.config.limits.stream_chunk_bytes);
    }
    while (!body_parser.is_done()) {
      body_parser.get().body().data = chunk_.data();
      body_parser.get().body().size = chunk_.size();
      deadline_.arm(context_.config.limits.io_timeout);
      // A followed body (BodyPolicy::progress) is handed on as it arrives, not once a chunk is full.
      auto [ec, n] = policy.progress ? co_await bhttp::async_read_some(stream_, buffer_, body_parser, kAwait)
                                     : co_await bhttp::async_read(stream_, buffer_, body_parser, kAwait);
      size_t got = chunk_.size() - body_parser.get().body().size;
      if (got > 0) {
        if (auto error = made.receiver->feed(std::span<const char>(chunk_.data(), got))) co_return error;
      }
      if (ec && ec != bhttp::error::need_buffer) co_return body_error(ec, limit);
    }
    co_return made.receiver->finish(request);
  }

  TransportError body_error(const error_code& ec, uint64_t limit) {
    if (aborted_) return {0, {}};
    if (deadline_.expired()) return {408, "request body not received in time"};
    if (ec == bhttp::error::body_limit)
      return {413, "request body larger than " + std::to_string(limit) + " bytes"};
    if (is_http_error(ec) && ec != bhttp::error::partial_message)
      return {400, "malformed request body: " + ec.message()};
    return {0, {}, "request body: " + ec.message()};
  }

  std::optional<BodyPolicy> call_body_policy(const RequestHead& head) {
    try {
      return context_.handler.body_policy(head);
    } catch (const std::exception& e) {
      context_.log(LogLevel::error,
                   "body_policy threw on " + head.method + " " + head.path + ": " + e.what());
    } catch (...) {
      context_.log(LogLevel::error, "body_policy threw on " + head.method + " " + head.path);
    }
    return std::nullopt;
  }

  // Waits for an answer computed elsewhere without holding a thread (see PendingResponse).
  asio::awaitable<std::optional<Response>> await_later(PendingResponse& later) {
    deadline_.cancel();  // waiting for the answer is not the client's silence
    StreamWait wait(socket());
    later_wait_ = &wait;
    struct Unset {
      StreamWait*& waiting;
      ~Unset() { waiting = nullptr; }
    } unset{later_wait_};
    later.set_waker(wait.waker());
    bool watch_peer = true;
    for (;;) {
      std::optional<Response> ready = later.take();
      if (ready) co_return ready;
      if (aborted_) co_return std::nullopt;
      auto outcome = co_await wait.wait(std::chrono::milliseconds(1000), watch_peer);
      if (outcome == StreamWait::Outcome::cancelled) co_return std::nullopt;
      if (outcome == StreamWait::Outcome::peer_readable && watch_peer) {
        auto peer = StreamWait::peek_peer(socket());
        if (peer == StreamWait::Peer::gone) co_return std::nullopt;
        if (peer == StreamWait::Peer::sent_bytes) watch_peer = false;
      }
    }
  }

  Response call_handler(Request& request) {
    try {
      return context_.handler.handle(request);
    } catch (const std::exception& e) {
      context_.log(LogLevel::error,
                   "handler threw on " + request.method + " " + request.path + ": " + e.what());
    } catch (...) {
      context_.log(LogLevel::error, "handler threw on " + request.method + " " + request.path);
    }
    return error_response(context_, 500, "internal error", &request);
  }

  asio::awaitable<bool> respond_with(Response& response, const RequestHead& head, bool keep_alive) {
    ResponseMeta meta;
    meta.version = head.version;
    meta.keep_alive = keep_alive && !context_.stopping.load(std::memory_order_relaxed);
    meta.head_only = head.method == "HEAD";
    meta.accepts_gzip = accepts_gzip(head.header("Accept-Encoding").value_or(""));
    bool ok = co_await writer_.write(response, meta);
    if (!ok && !aborted_) log_debug("response to " + head.method + " " + head.path + " not completed");
    bool keep = ok && meta.keep_alive;
    co_return keep;
  }

  // Answers a transport error (or just closes when status is 0); the connection then closes.
  asio::awaitable<bool> send_error(TransportError error, const RequestHead* head) {
    if (!error.detail.empty()) log_debug(error.detail);
    if (error.status == 0 || aborted_) co_return false;
    log_debug(std::to_string(error.status) + " " + error.message);
    context_.counters.transport_errors.fetch_add(1, std::memory_order_relaxed);
    Response response = error_response(context_, error.status, error.message, head);
    if (error.status == 503) response.set_header("Retry-After", "1");
    ResponseMeta meta;
    meta.version = head ? head->version : 11;
    meta.head_only = head && head->method == "HEAD";
    drain_on_close_ = true;
    co_await writer_.write(response, meta);
    co_return false;
  }

  // No room for this connection: a 503 on plain HTTP (a small write into a fresh socket, which cannot
  // block), nothing on TLS; then closed.
  void refuse() {
    context_.counters.rejected.fetch_add(1, std::memory_order_relaxed);
    if constexpr (!kTls) write_refusal(context_, socket());
    error_code ignored;
    socket().close(ignored);
  }

  asio::awaitable<void> close() {
    if (aborted_) co_return;
    deadline_.arm(kCloseTimeout);
    if constexpr (kTls) {
      co_await stream_.async_shutdown(kAwait);  // errors do not matter here: the socket closes next
    } else {
      error_code ignored;
      socket().shutdown(tcp::socket::shutdown_send, ignored);
      // Unread request bytes would make the kernel reset the connection, and the client could lose the
      // error response it has not read yet: read them away first, within limits.
      for (uint64_t drained = 0; drain_on_close_ && drained < kMaxDrainBytes;) {
        buffer_.clear();
        auto [ec, n] = co_await socket().async_read_some(buffer_.prepare(buffer_.max_size()), kAwait);
        if (ec) break;
        drained += n;
      }
    }
    deadline_.cancel();
    error_code ignored;
    socket().close(ignored);
  }

  ServerContext& context_;
  Stream stream_;
  asio::any_io_executor executor_;
  Deadline deadline_;
  beast::flat_buffer buffer_;
  std::vector<char> chunk_;
  ResponseWriter<Stream> writer_;
  std::string peer_address_;
  uint16_t peer_port_ = 0;
  uint64_t id_ = 0;
  StreamWait* later_wait_ = nullptr;  ///< the wait for a PendingResponse, if one is under way
  bool aborted_ = false;
  bool drain_on_close_ = false;
};

}  // namespace

void start_plain_connection(ServerContext& context, tcp::socket socket) {
  std::make_shared<Connection<PlainStream>>(context, std::move(socket))->start();
}

void start_tls_connection(ServerContext& context, tcp::socket socket, asio::ssl::context& tls) {
  std::make_shared<Connection<TlsStream>>(context, TlsStream(std::move(socket), tls))->start();
}

}  // namespace netmeter::http
