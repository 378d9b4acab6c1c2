#pragma once

// Private to src/http: how a streaming response waits when its source has nothing yet.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>

#include "http/response.hpp"

namespace netmeter::http {

/// The wait of one streaming response whose BodySource answered "pending": it resumes when the
/// source's Waker is called, when the retry time passes, or when the socket turns readable (the client
/// went away, or sent a pipelined request). No thread is held meanwhile. Use on the socket's strand.
class StreamWait {
 public:
  enum class Outcome {
    woken,          ///< the source called its waker
    timer,          ///< the retry time passed
    peer_readable,  ///< the client closed, reset or sent bytes: the caller finds out which
    cancelled,      ///< cancel() was called (the connection is being aborted)
  };

  /// What a socket that turned readable during a wait holds, seen without reading it (MSG_PEEK): reading
  /// a TLS stream would wait for application data that may never come (the bytes can be TLS records).
  enum class Peer { gone, sent_bytes, quiet };
  static Peer peek_peer(boost::asio::ip::tcp::socket& socket);

  explicit StreamWait(boost::asio::ip::tcp::socket& socket);
  /// Ends the wake-ups: a later wake() of the waker does nothing.
  ~StreamWait();
  StreamWait(const StreamWait&) = delete;
  StreamWait& operator=(const StreamWait&) = delete;

  /// The waker to hand to the BodySource.
  Waker waker() const;
  /// Waits for the first of the outcomes. With `watch_peer`, a readable socket ends the wait.
  boost::asio::awaitable<Outcome> wait(std::chrono::milliseconds retry, bool watch_peer);
  /// Ends a wait in progress (and every later one) with Outcome::cancelled.
  void cancel();

 private:
  class Shared;
  boost::asio::ip::tcp::socket& socket_;
  boost::asio::steady_timer timer_;
  std::shared_ptr<Shared> shared_;  ///< with the Waker; owns no I/O object
};

}  // namespace netmeter::http
