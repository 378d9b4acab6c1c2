#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>

namespace netmeter::api {

/// Bounds how many long-lived streamed answers of one kind (capture downloads) are open at once. A
/// ticket holds one place until it is destroyed, which happens when the stream ends or its client goes
/// away. Thread-safe; tickets may outlive the limit.
class StreamLimit {
  struct State {
    explicit State(size_t max) : max_open(max) {}
    const size_t max_open;
    std::atomic<size_t> open{0};
  };

 public:
  explicit StreamLimit(size_t max_open) : state_(std::make_shared<State>(max_open)) {}

  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept : state_(std::move(other.state_)) {}
    Ticket& operator=(Ticket&&) = delete;
    Ticket(const Ticket&) = delete;
    ~Ticket() {
      if (state_) state_->open.fetch_sub(1, std::memory_order_acq_rel);
    }

   private:
    friend class StreamLimit;
    explicit Ticket(std::shared_ptr<StreamLimit::State> state) : state_(std::move(state)) {}
    std::shared_ptr<StreamLimit::State> state_;
  };

  /// A place, or nullopt when `max_open` are taken.
  std::optional<Ticket> try_open() {
    size_t open = state_->open.load(std::memory_order_relaxed);
    do {
      if (open >= state_->max_open) return std::nullopt;
    } while (!state_->open.compare_exchange_weak(open, open + 1, std::memory_order_acq_rel));
    return Ticket(state_);
  }
  size_t open() const { return state_->open.load(std::memory_order_relaxed); }
  size_t max_open() const { return state_->max_open; }

 private:
  std::shared_ptr<State> state_;
};

}  // namespace netmeter::api
