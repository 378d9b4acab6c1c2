#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "http/response.hpp"

namespace netmeter::api {

/// Answers that may take long (a query on the history store, which can be a remote ClickHouse) computed off
/// the HTTP server's threads: a few threads of its own and a bounded queue. The handler returns at once a
/// Response whose answer comes later (http::PendingResponse), so no server thread waits for the store and
/// the answer keeps its own status (a failed query is still a 500 in the dialect's format).
class BackgroundWork {
 public:
  BackgroundWork(unsigned threads, size_t max_waiting);
  /// stop(), then waits for the answers being computed.
  ~BackgroundWork();
  BackgroundWork(const BackgroundWork&) = delete;
  BackgroundWork& operator=(const BackgroundWork&) = delete;

  using Produce = std::function<http::Response()>;
  /// A Response to return from the handler: its answer is what `produce` returns on one of the threads
  /// (`on_failure` if it throws). nullopt when `max_waiting` answers already wait for a thread: the caller
  /// answers "busy" in its dialect.
  std::optional<http::Response> submit(Produce produce, Produce on_failure);
  /// Takes no more work and gives the jobs not started yet their `on_failure` answer now.
  void stop();

  struct Outcome;

 private:
  struct Job {
    Produce produce;
    Produce on_failure;
    std::shared_ptr<Outcome> outcome;
  };
  void run();

  size_t max_waiting_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> waiting_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace netmeter::api
