#include "notify/endpoint_worker.hpp"

#include "core/thread_name.hpp"

namespace netmeter::notify {

EndpointWorker::EndpointWorker(std::unique_ptr<Sender> sender, size_t capacity, RetryPolicy policy)
    : sender_(std::move(sender)), policy_(policy), queue_(capacity), thread_([this] { run(); }) {}

EndpointWorker::~EndpointWorker() {
  stop();
}

void EndpointWorker::stop() {
  queue_.close();
  if (thread_.joinable()) thread_.join();
}

bool EndpointWorker::enqueue(Delivery delivery) {
  return queue_.push(std::move(delivery));
}

EndpointCounters EndpointWorker::counters() const {
  return {sent_.load(), failed_.load(), queue_.dropped(), queue_.size()};
}

void EndpointWorker::run() {
  core::set_thread_name("notify");
  for (;;) {
    std::vector<Delivery> batch = queue_.pop_batch(sender_->max_batch());
    if (batch.empty()) return;  // closed
    deliver(batch);
  }
}

void EndpointWorker::deliver(std::span<const Delivery> batch) {
  for (int attempt = 1; attempt <= policy_.max_attempts; ++attempt) {
    if (!sender_->send(batch)) {
      sent_ += batch.size();
      return;
    }
    auto wait = policy_.delay_after(attempt);
    if (wait.count() > 0 && queue_.wait_closed_for(wait)) break;  // stopping: no more attempts
  }
  failed_ += batch.size();
}

}  // namespace netmeter::notify
