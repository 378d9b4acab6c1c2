#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "auth/clock.hpp"

namespace netmeter::api {

/// Bounds and threads of AsyncJobs.
struct AsyncConfig {
  size_t max_jobs = 64;            ///< pending jobs and kept results, all owners together
  size_t max_per_owner = 8;        ///< pending jobs and kept results of one owner
  std::chrono::seconds keep{600};  ///< how long a result is kept after its job finished
  unsigned threads = 1;            ///< job threads (at least 1)
};

/// Thrown by a job to fail with a message meant for the client. It must name no server path nor
/// anything else internal; any other exception fails the job with a generic message.
class AsyncFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Results of costly requests, computed on job threads instead of the HTTP server's threads (Allegro's
/// `{"asyncID", "asyncUUID"}` answers polled at /API/async/<id>). A result is found by its id, its random
/// uuid and the owner that submitted it, and is kept `keep` after its job finished. The number of jobs is
/// bounded globally and per owner: when a bound is reached the oldest finished result (of that owner, or
/// of anyone for the global bound) makes room; when everything counted is still pending, submit refuses.
/// Expired results are dropped by submit, get and counters. Thread-safe; submit and get only take a
/// short mutex. Whatever a Work uses must outlive this object.
class AsyncJobs {
 public:
  /// `clock` (wall time, for expiry) must outlive this object.
  AsyncJobs(const auth::Clock& clock, AsyncConfig config);
  /// With the system clock.
  explicit AsyncJobs(AsyncConfig config = {});
  /// Stops the job threads: pending jobs are dropped, running ones finish first.
  ~AsyncJobs();
  AsyncJobs(const AsyncJobs&) = delete;
  AsyncJobs& operator=(const AsyncJobs&) = delete;

  /// Runs on a job thread; may throw (AsyncFailure for a message the client may read).
  using Work = std::function<boost::json::value()>;

  struct Ticket {
    uint64_t id = 0;   ///< increasing from 1
    std::string uuid;  ///< random UUID v4, lowercase 8-4-4-4-12
  };
  /// Queues `work` for `owner`; nullopt when the bounds leave no room (the caller answers 503).
  std::optional<Ticket> submit(std::string owner, Work work);

  enum class State { unknown, pending, done, failed };
  struct Lookup {
    State state = State::unknown;
    std::shared_ptr<const boost::json::value> result;  ///< done: shared, so get copies nothing
    std::string error;                                 ///< failed: the AsyncFailure message, or a generic one
    std::string detail;  ///< failed by another exception: its what(), for the server's log only
  };
  /// The job `id` if `uuid` and `owner` are the ones it was submitted with; unknown otherwise, and
  /// once its result expired or was dropped for room.
  Lookup get(uint64_t id, std::string_view uuid, std::string_view owner);

  struct Counters {
    size_t pending = 0;    ///< queued or running now
    size_t kept = 0;       ///< finished results kept now
    uint64_t done = 0;     ///< jobs that finished with a result, since start
    uint64_t failed = 0;   ///< jobs that threw, since start
    uint64_t refused = 0;  ///< submits refused for want of room
    uint64_t expired = 0;  ///< results dropped after `keep`
    uint64_t evicted = 0;  ///< results dropped early to make room
  };
  Counters counters();

 private:
  struct Job {
    std::string owner;
    std::string uuid;
    State state = State::pending;
    std::shared_ptr<const boost::json::value> result;
    std::string error;
    std::string detail;
    auth::TimePoint finished{};
    std::list<uint64_t>::iterator finished_pos;  ///< in finished_, once finished
  };

  /// Results taken out under the mutex, destroyed after it is released (a large one takes a while).
  using Released = std::vector<std::shared_ptr<const boost::json::value>>;

  void run();
  void finish(uint64_t id, Lookup outcome);
  void drop_expired(Released& released);
  /// The oldest finished job, of `owner` when given, other than `except`; 0 when none.
  uint64_t oldest_finished(const std::string* owner, uint64_t except) const;
  void erase(uint64_t id, Released& released);

  auth::SystemClock system_clock_;
  const auth::Clock& clock_;
  const AsyncConfig config_;

  std::mutex mutex_;
  std::condition_variable wake_;  ///< job threads: work queued, or stopping
  bool stopping_ = false;
  uint64_t next_id_ = 1;
  std::map<uint64_t, Job> jobs_;
  std::deque<std::pair<uint64_t, Work>> queue_;
  std::list<uint64_t> finished_;  ///< finished jobs, oldest first
  std::unordered_map<std::string, size_t> per_owner_;
  Counters counters_;
  std::vector<std::thread> threads_;  // last: started once everything else exists
};

}  // namespace netmeter::api
