#pragma once

// Private to src/http.

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <vector>

#include "http/detail/beast_streams.hpp"
#include "http/detail/deadline.hpp"
#include "http/detail/server_context.hpp"
#include "http/response.hpp"

namespace netmeter::http {

/// How to frame a response, from the request it answers.
struct ResponseMeta {
  unsigned version = 11;
  bool keep_alive = false;  ///< may be turned off by the writer (HTTP/1.0 stream of unknown length)
  bool head_only = false;   ///< answer to HEAD: headers without a body
  bool accepts_gzip = false;
};

class StreamWait;

/// Serialises a Response on a stream: in-memory bodies with Content-Length, streams with Content-Length
/// or chunked encoding, gzip when allowed. A stream piece is read only after the previous one was
/// written, so memory per connection stays at about one piece. A stream with nothing to send yet waits
/// without holding a thread (StreamWait) and ends as soon as the client's end of the connection closes;
/// bytes the client sends meanwhile (a pipelined request, TLS records) stay in the socket for the next read.
template <class Stream>
class ResponseWriter {
 public:
  ResponseWriter(ServerContext& context, Stream& stream, Deadline& deadline, std::vector<char>& chunk)
      : context_(context), stream_(stream), deadline_(deadline), chunk_(chunk) {}

  /// False when the connection must be closed now (write error, a failed stream, the client gone).
  boost::asio::awaitable<bool> write(Response& response, ResponseMeta& meta);
  /// Writes the interim "100 Continue".
  boost::asio::awaitable<bool> write_continue();
  /// Ends a stream that waits for its source (the connection is being aborted).
  void cancel();

 private:
  ServerContext& context_;
  Stream& stream_;
  Deadline& deadline_;
  std::vector<char>& chunk_;
  StreamWait* waiting_ = nullptr;  ///< the wait of the stream being written, if any
};

extern template class ResponseWriter<PlainStream>;
extern template class ResponseWriter<TlsStream>;

}  // namespace netmeter::http
