// Answers computed off the server's threads (PendingResponse): the server waits without holding a thread,
// writes the answer once it is ready, whatever its status, and lets go when the client leaves.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>

#include "http/server.hpp"
#include "test_client.hpp"
#include "test_support.hpp"

namespace netmeter::http::testing {
namespace {

using namespace std::chrono_literals;

// An answer another thread (the test) provides through `finish`.
class HeldAnswer : public PendingResponse {
 public:
  struct Shared {
    std::mutex mutex;
    std::optional<Response> answer;
    Waker waker;
    std::atomic<int> takes{0};
    std::atomic<bool> destroyed{false};
    std::atomic<bool> waiting{false};

    void finish(Response r) {
      Waker w;
      {
        std::lock_guard lock(mutex);
        answer = std::move(r);
        w = waker;
      }
      w.wake();
    }
  };

  explicit HeldAnswer(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}
  ~HeldAnswer() override { shared_->destroyed = true; }
  void set_waker(Waker waker) override {
    std::lock_guard lock(shared_->mutex);
    shared_->waker = std::move(waker);
    shared_->waiting = true;
  }
  std::optional<Response> take() override {
    ++shared_->takes;
    std::lock_guard lock(shared_->mutex);
    return std::exchange(shared_->answer, std::nullopt);
  }

 private:
  std::shared_ptr<Shared> shared_;
};

Response later_response(std::shared_ptr<HeldAnswer::Shared> shared) {
  Response r(200);
  r.later = std::make_unique<HeldAnswer>(std::move(shared));
  return r;
}

void wait_until(const std::atomic<bool>& flag) {
  for (int i = 0; i < 500 && !flag; ++i)
    std::this_thread::sleep_for(10ms);
}

TEST(ServerLater, TheAnswerIsWrittenWhenReadyWithItsOwnStatus) {
  auto shared = std::make_shared<HeldAnswer::Shared>();
  RunningServer s;
  s.handler.on_request = [&](Request&) { return later_response(shared); };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/slow")));
  wait_until(shared->waiting);
  std::thread worker([&] { shared->finish(Response(500, "application/json", "{\"rc\":-5}")); });
  auto r = c->read_response();
  worker.join();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body, "{\"rc\":-5}");
  ASSERT_TRUE(c->write(request_text("GET", "/slow")));  // the connection stays usable
  wait_until(shared->waiting);
  shared->finish(Response(200, "text/plain", "second"));
  auto again = c->read_response();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, "second");
}

TEST(ServerLater, AWaitingAnswerHoldsNoThread) {
  auto shared = std::make_shared<HeldAnswer::Shared>();
  RunningServer s;
  s.handler.on_request = [&](Request& r) {
    if (r.path == "/ping") return Response(200, "text/plain", "pong");
    return later_response(shared);
  };
  s.start([](ServerConfig& c) { c.threads = 1; });
  auto slow = TestClient::connect(s.port());
  ASSERT_TRUE(slow->write(request_text("GET", "/slow")));
  wait_until(shared->waiting);
  auto c = TestClient::connect(s.port());  // the one server thread still answers
  ASSERT_TRUE(c->write(request_text("GET", "/ping")));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "pong");
  shared->finish(Response(200, "text/plain", "done"));
  auto late = slow->read_response();
  ASSERT_TRUE(late);
  EXPECT_EQ(late->body, "done");
}

TEST(ServerLater, AnAnswerReadyWithoutAWakeIsFoundByTheRetry) {
  auto shared = std::make_shared<HeldAnswer::Shared>();
  RunningServer s;
  s.handler.on_request = [&](Request&) { return later_response(shared); };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/")));
  wait_until(shared->waiting);
  {
    std::lock_guard lock(shared->mutex);  // no wake: the server looks again on its own
    shared->answer = Response(200, "text/plain", "found");
  }
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "found");
}

TEST(ServerLater, AClientThatLeavesReleasesTheWaitAtOnce) {
  auto shared = std::make_shared<HeldAnswer::Shared>();
  RunningServer s;
  s.handler.on_request = [&](Request&) { return later_response(shared); };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/")));
  wait_until(shared->waiting);
  c.reset();
  wait_until(shared->destroyed);
  EXPECT_TRUE(shared->destroyed) << "the wait of a gone client must end";
  EXPECT_EQ(s.server().stats().connections_active, 0u);
}

}  // namespace
}  // namespace netmeter::http::testing
