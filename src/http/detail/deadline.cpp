#include "http/detail/deadline.hpp"

namespace netmeter::http {

Deadline::Deadline(boost::asio::ip::tcp::socket& socket)
    : state_(std::make_shared<State>(State{&socket})), timer_(socket.get_executor()) {}

Deadline::~Deadline() {
  state_->socket = nullptr;
}

void Deadline::arm(std::chrono::milliseconds timeout) {
  uint64_t generation = ++state_->generation;
  state_->expired = false;
  timer_.expires_after(timeout);
  // The handler holds the state, not the connection: a late handler finds a newer generation or no socket.
  timer_.async_wait([state = state_, generation](const boost::system::error_code& ec) {
    if (ec || generation != state->generation || state->socket == nullptr) return;
    state->expired = true;
    boost::system::error_code ignored;
    state->socket->cancel(ignored);
  });
}

void Deadline::cancel() {
  ++state_->generation;
  timer_.cancel();
}

}  // namespace netmeter::http
