#include "http/detail/stream_wait.hpp"

#include <sys/socket.h>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>
#include <mutex>
#include <optional>

namespace netmeter::http {

namespace {

namespace asio = boost::asio;
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

}  // namespace

// What the Waker (any thread) and the handlers of the socket watch (strand) share with the wait. It owns no
// I/O object: a Waker kept by its source may outlive the server, and with it the io_context, so the timer
// and the executor are reached only while the wait is open, and dropped when it closes.
class StreamWait::Shared final : public WakeTarget, public std::enable_shared_from_this<Shared> {
 public:
  Shared(asio::any_io_executor executor, asio::steady_timer& timer)
      : executor_(std::move(executor)), timer_(&timer) {}

  // Any thread. At most one post is in flight however often it is called.
  void wake() override {
    std::lock_guard lock(mutex_);
    if (!timer_) return;
    signalled_ = true;
    if (!waiting_ || posted_) return;
    posted_ = true;
    asio::post(*executor_, [self = shared_from_this()] {
      std::lock_guard l(self->mutex_);
      self->posted_ = false;
      if (self->timer_ && self->waiting_) self->timer_->cancel();
    });
  }

  // Strand: the lock orders `waiting_` and `signalled_` against wake().
  bool begin_wait() {
    std::lock_guard lock(mutex_);
    if (signalled_) {
      signalled_ = false;
      return false;
    }
    waiting_ = true;
    return true;
  }
  bool end_wait() {
    std::lock_guard lock(mutex_);
    waiting_ = false;
    bool was = signalled_;
    signalled_ = false;
    return was;
  }
  // Strand, when the wait ends: nothing may reach the timer or the executor after this.
  void close() {
    std::lock_guard lock(mutex_);
    timer_ = nullptr;
    executor_.reset();
  }
  // Strand: wakes the wait (the socket turned readable, or cancel()).
  void interrupt() {
    std::lock_guard lock(mutex_);
    if (timer_) timer_->cancel();
  }

  void watch_socket(asio::ip::tcp::socket& socket) {
    if (watching) return;
    watching = true;
    socket.async_wait(asio::socket_base::wait_read,
                      asio::bind_cancellation_slot(watch_cancel.slot(), [self = shared_from_this()](auto ec) {
                        self->watching = false;
                        if (ec) return;
                        self->peer_readable = true;
                        self->interrupt();
                      }));
  }
  void stop_watching() {
    if (watching) watch_cancel.emit(asio::cancellation_type::terminal);
  }

  asio::cancellation_signal watch_cancel;
  bool watching = false;       // strand
  bool peer_readable = false;  // strand
  bool cancelled = false;      // strand

 private:
  std::mutex mutex_;
  std::optional<asio::any_io_executor> executor_;
  asio::steady_timer* timer_;
  bool signalled_ = false;
  bool waiting_ = false;
  bool posted_ = false;
};

StreamWait::StreamWait(asio::ip::tcp::socket& socket)
    : socket_(socket),
      timer_(socket.get_executor()),
      shared_(std::make_shared<Shared>(socket.get_executor(), timer_)) {}

StreamWait::~StreamWait() {
  shared_->close();
  shared_->stop_watching();
}

Waker StreamWait::waker() const {
  return Waker(shared_);
}

void StreamWait::cancel() {
  shared_->cancelled = true;
  shared_->interrupt();
  shared_->stop_watching();
}

asio::awaitable<StreamWait::Outcome> StreamWait::wait(std::chrono::milliseconds retry, bool watch_peer) {
  Shared& s = *shared_;
  if (s.cancelled) co_return Outcome::cancelled;
  if (s.peer_readable) {  // turned readable while the response was being written
    s.peer_readable = false;
    co_return Outcome::peer_readable;
  }
  if (!s.begin_wait()) co_return Outcome::woken;
  if (watch_peer) s.watch_socket(socket_);
  timer_.expires_after(retry);
  auto [ec] = co_await timer_.async_wait(kAwait);
  bool woken = s.end_wait();
  if (s.cancelled) co_return Outcome::cancelled;
  if (s.peer_readable) {
    s.peer_readable = false;
    co_return Outcome::peer_readable;
  }
  if (woken) co_return Outcome::woken;
  co_return ec ? Outcome::woken : Outcome::timer;
}

StreamWait::Peer StreamWait::peek_peer(asio::ip::tcp::socket& socket) {
  char byte = 0;
  ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n > 0) return Peer::sent_bytes;
  if (n == 0) return Peer::gone;  // the client closed its end
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return Peer::quiet;
  return Peer::gone;  // reset or another error
}

}  // namespace netmeter::http
