#include "api/common/background_work.hpp"

#include <algorithm>
#include <utility>

#include "core/thread_name.hpp"

namespace netmeter::api {

/// What a job leaves for the connection waiting for it: shared, so a client that went away (the pending
/// answer destroyed) does not disturb the thread still working, and the reverse.
struct BackgroundWork::Outcome {
  std::mutex mutex;
  std::optional<http::Response> answer;
  http::Waker waker;

  void finish(http::Response response) {
    http::Waker w;
    {
      std::lock_guard lock(mutex);
      answer = std::move(response);
      w = waker;
    }
    if (w) w.wake();
  }
};

namespace {

class LaterAnswer final : public http::PendingResponse {
 public:
  explicit LaterAnswer(std::shared_ptr<BackgroundWork::Outcome> outcome) : outcome_(std::move(outcome)) {}

  void set_waker(http::Waker waker) override {
    std::lock_guard lock(outcome_->mutex);
    outcome_->waker = std::move(waker);
  }

  std::optional<http::Response> take() override {
    std::lock_guard lock(outcome_->mutex);
    return std::exchange(outcome_->answer, std::nullopt);
  }

 private:
  std::shared_ptr<BackgroundWork::Outcome> outcome_;
};

http::Response produce_or_fail(const BackgroundWork::Produce& produce,
                               const BackgroundWork::Produce& on_failure) {
  try {
    return produce();
  } catch (...) {
    return on_failure();
  }
}

}  // namespace

BackgroundWork::BackgroundWork(unsigned threads, size_t max_waiting) : max_waiting_(max_waiting) {
  for (unsigned i = 0; i < std::max(1u, threads); ++i)
    threads_.emplace_back([this] {
      core::set_thread_name("nm-api-work");
      run();
    });
}

BackgroundWork::~BackgroundWork() {
  stop();
  for (auto& t : threads_)
    t.join();
}

void BackgroundWork::stop() {
  std::deque<Job> dropped;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    dropped.swap(waiting_);
  }
  ready_.notify_all();
  for (auto& job : dropped)
    job.outcome->finish(produce_or_fail(job.on_failure, job.on_failure));
}

std::optional<http::Response> BackgroundWork::submit(Produce produce, Produce on_failure) {
  auto outcome = std::make_shared<Outcome>();
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || waiting_.size() >= max_waiting_) return std::nullopt;
    waiting_.push_back({std::move(produce), std::move(on_failure), outcome});
  }
  ready_.notify_one();
  http::Response response(200);
  response.later = std::make_unique<LaterAnswer>(std::move(outcome));
  return response;
}

void BackgroundWork::run() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
      if (stopping_) return;  // stop() answered what still waits
      job = std::move(waiting_.front());
      waiting_.pop_front();
    }
    job.outcome->finish(produce_or_fail(job.produce, job.on_failure));
  }
}

}  // namespace netmeter::api
