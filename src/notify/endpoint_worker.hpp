#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>

#include "notify/bounded_queue.hpp"
#include "notify/retry_policy.hpp"
#include "notify/sender.hpp"

namespace netmeter::notify {

/// Delivery counters of one endpoint.
struct EndpointCounters {
  uint64_t sent = 0;     ///< alerts delivered
  uint64_t failed = 0;   ///< alerts given up after every attempt failed
  uint64_t dropped = 0;  ///< alerts refused because the endpoint's queue was full
  uint64_t queued = 0;   ///< alerts waiting now
};

/// One endpoint's bounded queue and the thread that empties it through its Sender, retrying a failed
/// batch with backoff. A slow or dead endpoint only fills its own queue: other endpoints have their own
/// thread, and enqueue() never waits.
class EndpointWorker {
 public:
  EndpointWorker(std::unique_ptr<Sender> sender, size_t capacity, RetryPolicy policy);
  ~EndpointWorker();  ///< stops at once: what is queued is given up, an attempt in progress ends by its
                      ///< deadline
  EndpointWorker(const EndpointWorker&) = delete;
  EndpointWorker& operator=(const EndpointWorker&) = delete;

  /// Ends the thread (what is queued is given up); counters stay readable. Idempotent.
  void stop();
  /// False (counted as dropped) when the queue is full.
  bool enqueue(Delivery delivery);
  EndpointCounters counters() const;

 private:
  void run();
  void deliver(std::span<const Delivery> batch);

  std::unique_ptr<Sender> sender_;
  RetryPolicy policy_;
  BoundedQueue<Delivery> queue_;
  std::atomic<uint64_t> sent_{0};
  std::atomic<uint64_t> failed_{0};
  std::thread thread_;
};

}  // namespace netmeter::notify
