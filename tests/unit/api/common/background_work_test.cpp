#include "api/common/background_work.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>
#include <string>

namespace netmeter::api {
namespace {

/// Fulfils a promise when woken, as the server's waker resumes a waiting connection.
class PromiseTarget final : public http::WakeTarget {
 public:
  void wake() override {
    if (!woken_.exchange(true)) promise_.set_value();
  }
  std::future<void> future() { return promise_.get_future(); }

 private:
  std::atomic<bool> woken_{false};
  std::promise<void> promise_;
};

/// Waits for the answer the way the server does: set the waker, then take once woken.
http::Response await(http::Response& response) {
  auto target = std::make_shared<PromiseTarget>();
  auto woken = target->future();
  response.later->set_waker(http::Waker(target));
  if (auto ready = response.later->take()) return std::move(*ready);
  woken.wait();
  auto ready = response.later->take();
  EXPECT_TRUE(ready) << "woken without an answer";
  return ready ? std::move(*ready) : http::Response(0);
}

http::Response text(int status, std::string body) {
  return http::Response(status, "text/plain", std::move(body));
}

TEST(BackgroundWork, TheAnswerComesFromTheWorkerWithItsStatus) {
  BackgroundWork work(2, 8);
  auto later = work.submit([] { return text(500, "store down"); }, [] { return text(599, "failed"); });
  ASSERT_TRUE(later);
  ASSERT_TRUE(later->later);
  http::Response r = await(*later);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, "store down");
}

TEST(BackgroundWork, AThrowingJobGivesTheFailureAnswer) {
  BackgroundWork work(1, 8);
  auto later = work.submit([]() -> http::Response { throw std::runtime_error("boom"); },
                           [] { return text(500, "the query failed"); });
  ASSERT_TRUE(later);
  EXPECT_EQ(await(*later).body, "the query failed");
}

TEST(BackgroundWork, AFullQueueRefusesInsteadOfGrowing) {
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  auto running = started.get_future();
  BackgroundWork work(1, 2);
  auto first = work.submit(
      [&] {
        started.set_value();
        gate.wait();
        return text(200, "first");
      },
      [] { return text(500, ""); });
  running.wait();  // the only thread is busy: the next two wait, the third is refused
  auto second = work.submit([] { return text(200, "second"); }, [] { return text(500, ""); });
  auto third = work.submit([] { return text(200, "third"); }, [] { return text(500, ""); });
  auto refused = work.submit([] { return text(200, "refused"); }, [] { return text(500, ""); });
  EXPECT_TRUE(second && third);
  EXPECT_FALSE(refused);
  release.set_value();
  EXPECT_EQ(await(*first).body, "first");
  EXPECT_EQ(await(*second).body, "second");
  EXPECT_EQ(await(*third).body, "third");
}

TEST(BackgroundWork, StoppingAnswersTheJobsNotStarted) {
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  auto running = started.get_future();
  BackgroundWork work(1, 4);
  auto first = work.submit(
      [&] {
        started.set_value();
        gate.wait();
        return text(200, "first");
      },
      [] { return text(500, ""); });
  running.wait();
  auto waiting = work.submit([] { return text(200, "never run"); }, [] { return text(503, "stopping"); });
  ASSERT_TRUE(waiting);
  work.stop();  // the thread is still busy: the waiting job is answered now, without running
  http::Response r = await(*waiting);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body, "stopping");
  EXPECT_FALSE(work.submit([] { return text(200, ""); }, [] { return text(500, ""); }));
  release.set_value();
  EXPECT_EQ(await(*first).body, "first");  // the job under way still answers
}

}  // namespace
}  // namespace netmeter::api
