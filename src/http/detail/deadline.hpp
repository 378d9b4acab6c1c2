#pragma once

// Private to src/http.

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>

namespace netmeter::http {

/// One timeout at a time for a connection: when it expires, the socket's pending operations are
/// cancelled (the socket stays open, so a 408 can still be sent) and expired() turns true. Use it on the
/// socket's strand only.
class Deadline {
 public:
  explicit Deadline(boost::asio::ip::tcp::socket& socket);
  ~Deadline();
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

  /// Starts a new timeout, replacing the previous one.
  void arm(std::chrono::milliseconds timeout);
  void cancel();
  bool expired() const { return state_->expired; }

 private:
  struct State {
    boost::asio::ip::tcp::socket* socket;
    uint64_t generation = 0;
    bool expired = false;
  };

  std::shared_ptr<State> state_;
  boost::asio::steady_timer timer_;
};

}  // namespace netmeter::http
