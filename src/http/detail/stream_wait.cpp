#include "http/detail/stream_wait.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <mutex>

namespace netmeter::http {

namespace {

namespace asio = boost::asio;
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

}  // namespace

// Shared with the Waker (any thread) and with the handlers of the socket watch (strand).
class StreamWait::Shared final : public WakeTarget, public std::enable_shared_from_this<Shared> {
 public:
  explicit Shared(asio::ip::tcp::socket& s) : socket(s), timer(s.get_executor()) {}

  // Any thread. At most one post is in flight however often it is called.
  void wake() override {
    std::lock_guard lock(mutex);
    if (!open) return;
    signalled = true;
    if (!waiting || posted) return;
    posted = true;
    asio::post(timer.get_executor(), [self = shared_from_this()] {
      std::lock_guard l(self->mutex);
      self->posted = false;
      if (self->waiting) self->timer.cancel();
    });
  }

  // Strand: the lock orders `waiting` and `signalled` against wake().
  bool begin_wait() {
    std::lock_guard lock(mutex);
    if (signalled) {
      signalled = false;
      return false;
    }
    waiting = true;
    return true;
  }
  bool end_wait() {
    std::lock_guard lock(mutex);
    waiting = false;
    bool was = signalled;
    signalled = false;
    return was;
  }
  void close() {
    std::lock_guard lock(mutex);
    open = false;
  }

  void watch_socket() {
    if (watching) return;
    watching = true;
    socket.async_wait(asio::socket_base::wait_read,
                      asio::bind_cancellation_slot(watch_cancel.slot(), [self = shared_from_this()](auto ec) {
                        self->watching = false;
                        if (ec) return;
                        self->peer_readable = true;
                        self->timer.cancel();
                      }));
  }
  void stop_watching() {
    if (watching) watch_cancel.emit(asio::cancellation_type::terminal);
  }

  asio::ip::tcp::socket& socket;
  asio::steady_timer timer;
  asio::cancellation_signal watch_cancel;
  bool watching = false;       // strand
  bool peer_readable = false;  // strand
  bool cancelled = false;      // strand

 private:
  std::mutex mutex;
  bool open = true;
  bool signalled = false;
  bool waiting = false;
  bool posted = false;
};

StreamWait::StreamWait(asio::ip::tcp::socket& socket) : shared_(std::make_shared<Shared>(socket)) {}

StreamWait::~StreamWait() {
  shared_->close();
  shared_->stop_watching();
}

Waker StreamWait::waker() const {
  return Waker(shared_);
}

void StreamWait::cancel() {
  shared_->cancelled = true;
  shared_->timer.cancel();
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
  if (watch_peer) s.watch_socket();
  s.timer.expires_after(retry);
  auto [ec] = co_await s.timer.async_wait(kAwait);
  bool woken = s.end_wait();
  if (s.cancelled) co_return Outcome::cancelled;
  if (s.peer_readable) {
    s.peer_readable = false;
    co_return Outcome::peer_readable;
  }
  if (woken) co_return Outcome::woken;
  co_return ec ? Outcome::woken : Outcome::timer;
}

}  // namespace netmeter::http
