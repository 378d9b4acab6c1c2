#pragma once

// Private to src/http.

#include <boost/asio/awaitable.hpp>
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

/// Serialises a Response on a stream: in-memory bodies with Content-Length, streams with Content-Length
/// or chunked encoding, gzip when allowed. A stream piece is read only after the previous one was
/// written, so memory per connection stays at about one piece.
template <class Stream>
class ResponseWriter {
 public:
  ResponseWriter(ServerContext& context, Stream& stream, Deadline& deadline, std::vector<char>& chunk)
      : context_(context), stream_(stream), deadline_(deadline), chunk_(chunk) {}

  /// False when the connection must be closed now (write error or a failed stream).
  boost::asio::awaitable<bool> write(Response& response, ResponseMeta& meta);
  /// Writes the interim "100 Continue".
  boost::asio::awaitable<bool> write_continue();

 private:
  ServerContext& context_;
  Stream& stream_;
  Deadline& deadline_;
  std::vector<char>& chunk_;
};

extern template class ResponseWriter<PlainStream>;
extern template class ResponseWriter<TlsStream>;

}  // namespace netmeter::http
