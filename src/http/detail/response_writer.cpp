#include "http/detail/response_writer.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>

#include "http/detail/gzip_encoder.hpp"
#include "http/detail/stream_wait.hpp"

namespace netmeter::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using Message = bhttp::response<bhttp::buffer_body>;
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);
constexpr size_t kMinGzipBytes = 256;  // smaller bodies gain nothing from compression

// Framing and connection headers are the server's to set.
bool is_managed_header(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kManaged = {
      "Content-Length", "Transfer-Encoding", "Connection",      "Keep-Alive", "TE",
      "Trailer",        "Upgrade",           "Proxy-Connection"};
  for (auto managed : kManaged) {
    if (iequals(name, managed)) return true;
  }
  return false;
}

bool has_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ')
      item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ')
      item.remove_suffix(1);
    if (iequals(item, token)) return true;
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return false;
}

void add_vary_accept_encoding(Message& msg) {
  auto it = msg.find(bhttp::field::vary);
  if (it == msg.end()) {
    msg.set(bhttp::field::vary, "Accept-Encoding");
  } else if (!has_token(it->value(), "Accept-Encoding") && it->value() != "*") {
    msg.set(bhttp::field::vary, std::string(it->value()) + ", Accept-Encoding");
  }
}

// Status line and the handler's headers. Returns whether the body may be gzip-compressed.
bool prepare_head(const Response& response, const ResponseMeta& meta, Message& msg) {
  int status = response.status >= 200 && response.status <= 599 ? response.status : 500;
  msg.version(meta.version);
  msg.result(static_cast<unsigned>(status));
  msg.reason(reason_phrase(status));
  for (const auto& field : response.headers()) {
    if (!is_managed_header(field.name)) msg.insert(field.name, field.value);
  }
  bool no_body = status == 204 || status == 304;
  bool compressible = !no_body && response.compressible() && !response.headers().contains("Content-Encoding");
  if (compressible) add_vary_accept_encoding(msg);
  return compressible && meta.accepts_gzip && !meta.head_only;
}

// One pull of a BodySource; an exception or an impossible answer counts as failure.
BodySource::Pull pull_piece(BodySource& source, std::span<char> buffer) {
  try {
    BodySource::Pull p = source.pull(buffer);
    using State = BodySource::Pull::State;
    if (p.state == State::data && (p.bytes == 0 || p.bytes > buffer.size()))
      return BodySource::Pull::failed();
    return p;
  } catch (...) {
    return BodySource::Pull::failed();
  }
}

// The retry a source asked for, within sane bounds (a busy loop or a stream that never looks again).
std::chrono::milliseconds retry_of(const BodySource::Pull& p) {
  return std::clamp(p.retry, std::chrono::milliseconds(1), std::chrono::milliseconds(60'000));
}

std::optional<uint64_t> source_size(const BodySource& source) {
  try {
    return source.size();
  } catch (...) {
    return std::nullopt;
  }
}

// Holds `bytes` in the buffered-bytes gauge while it lives.
class BufferedBytes {
 public:
  BufferedBytes(ServerCounters& counters, uint64_t bytes) : counters_(counters), bytes_(bytes) {
    counters_.add_buffered(bytes_);
  }
  ~BufferedBytes() { counters_.sub_buffered(bytes_); }
  BufferedBytes(const BufferedBytes&) = delete;
  BufferedBytes& operator=(const BufferedBytes&) = delete;

 private:
  ServerCounters& counters_;
  uint64_t bytes_;
};

template <class Stream>
asio::awaitable<bool> write_whole(ServerContext& context, Stream& stream, Deadline& deadline, Message& msg,
                                  std::string_view body) {
  msg.body().data = body.empty() ? nullptr : const_cast<char*>(body.data());
  msg.body().size = body.size();
  msg.body().more = false;
  deadline.arm(context.config.limits.io_timeout);
  auto [ec, n] = co_await bhttp::async_write(stream, msg, kAwait);
  co_return !ec;
}

template <class Stream>
asio::awaitable<bool> write_string(ServerContext& context, Stream& stream, Deadline& deadline,
                                   const Response& response, const ResponseMeta& meta, Message& msg,
                                   bool gzip) {
  std::vector<char> compressed;
  std::string_view body = response.body;
  if (gzip && body.size() >= kMinGzipBytes) {
    GzipEncoder encoder(context.config.gzip_level);
    if (encoder.finish(body, compressed)) {
      body = std::string_view(compressed.data(), compressed.size());
      msg.set(bhttp::field::content_encoding, "gzip");
    }
  }
  bool no_body = msg.result_int() == 204 || msg.result_int() == 304;
  if (!no_body) msg.content_length(body.size());
  if (no_body || meta.head_only) body = {};
  msg.keep_alive(meta.keep_alive);
  co_return co_await write_whole(context, stream, deadline, msg, body);
}

// What one streamed body needs besides its source.
template <class Stream>
struct StreamTarget {
  ServerContext& context;
  Stream& stream;
  Deadline& deadline;
  std::vector<char>& chunk;
  StreamWait*& waiting;
};

template <class Stream>
asio::awaitable<bool> write_stream(StreamTarget<Stream>& t, BodySource& source, ResponseMeta& meta,
                                   Message& msg, bool gzip) {
  std::optional<uint64_t> known = gzip ? std::nullopt : source_size(source);
  if (meta.head_only) {
    if (known) msg.content_length(*known);
    msg.keep_alive(meta.keep_alive);
    co_return co_await write_whole(t.context, t.stream, t.deadline, msg, {});
  }
  if (gzip) msg.set(bhttp::field::content_encoding, "gzip");
  if (known) {
    msg.content_length(*known);
  } else if (meta.version >= 11) {
    msg.chunked(true);
  } else {
    meta.keep_alive = false;  // HTTP/1.0: the end of the connection ends the body
  }
  msg.keep_alive(meta.keep_alive);
  msg.body().data = nullptr;
  msg.body().size = 0;
  msg.body().more = true;

  bhttp::response_serializer<bhttp::buffer_body> serializer(msg);
  t.deadline.arm(t.context.config.limits.io_timeout);
  auto [head_ec, head_n] = co_await bhttp::async_write_header(t.stream, serializer, kAwait);
  if (head_ec) co_return false;

  StreamWait wait(beast::get_lowest_layer(t.stream));
  t.waiting = &wait;
  struct Unset {
    StreamWait*& waiting;
    ~Unset() { waiting = nullptr; }
  } unset{t.waiting};
  try {
    source.set_waker(wait.waker());
  } catch (...) {
    co_return false;
  }

  std::optional<GzipEncoder> encoder;
  if (gzip) encoder.emplace(t.context.config.gzip_level);
  std::vector<char> compressed;
  uint64_t sent = 0;
  bool watch_peer = true;  // off once the client sent bytes: they keep the socket readable
  for (;;) {
    BodySource::Pull pulled = pull_piece(source, t.chunk);
    using State = BodySource::Pull::State;
    if (pulled.state == State::failed) co_return false;  // abort: the client sees a truncated body
    if (pulled.state == State::pending) {
      t.deadline.cancel();  // waiting for the source is not the client's silence
      auto outcome = co_await wait.wait(retry_of(pulled), watch_peer);
      if (outcome == StreamWait::Outcome::cancelled) co_return false;
      if (outcome == StreamWait::Outcome::peer_readable && watch_peer) {
        auto peer = StreamWait::peek_peer(beast::get_lowest_layer(t.stream));
        if (peer == StreamWait::Peer::gone) co_return false;  // the client went away: release the stream now
        if (peer == StreamWait::Peer::sent_bytes) watch_peer = false;  // they stay readable: stop watching
      }
      continue;
    }
    std::span<const char> piece(t.chunk.data(), pulled.state == State::data ? pulled.bytes : 0);
    bool last = pulled.state == State::end;
    if (encoder) {
      compressed.clear();
      bool ok = last ? encoder->finish(piece, compressed) : encoder->write(piece, compressed);
      if (!ok) co_return false;
      piece = std::span<const char>(compressed.data(), compressed.size());
    } else if (known) {
      if (piece.size() > *known - sent) piece = piece.first(*known - sent);  // more than announced
      if (last && sent != *known) co_return false;                           // less than announced
      last = last || sent + piece.size() == *known;
    }
    sent += piece.size();
    if (piece.empty() && !last) continue;
    BufferedBytes held(t.context.counters, piece.size());
    msg.body().data = piece.empty() ? nullptr : const_cast<char*>(piece.data());
    msg.body().size = piece.size();
    msg.body().more = !last;
    t.deadline.arm(t.context.config.limits.io_timeout);
    auto [ec, written] = co_await bhttp::async_write(t.stream, serializer, kAwait);
    if (ec && ec != bhttp::error::need_buffer) co_return false;
    if (last) co_return true;
  }
}

}  // namespace

template <class Stream>
asio::awaitable<bool> ResponseWriter<Stream>::write(Response& response, ResponseMeta& meta) {
  Message msg;
  bool gzip = prepare_head(response, meta, msg);
  if (response.stream) {
    if (chunk_.size() < context_.config.limits.stream_chunk_bytes) {
      chunk_.resize(context_.config.limits.stream_chunk_bytes);
    }
    StreamTarget<Stream> target{context_, stream_, deadline_, chunk_, waiting_};
    co_return co_await write_stream(target, *response.stream, meta, msg, gzip);
  }
  co_return co_await write_string(context_, stream_, deadline_, response, meta, msg, gzip);
}

template <class Stream>
asio::awaitable<bool> ResponseWriter<Stream>::write_continue() {
  static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
  deadline_.arm(context_.config.limits.io_timeout);
  auto [ec, n] =
      co_await asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()), kAwait);
  co_return !ec;
}

template <class Stream>
void ResponseWriter<Stream>::cancel() {
  if (waiting_) waiting_->cancel();
}

template class ResponseWriter<PlainStream>;
template class ResponseWriter<TlsStream>;

}  // namespace netmeter::http
