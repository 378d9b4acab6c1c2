#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/services.hpp"
#include "auth/principal.hpp"
#include "http/response.hpp"
#include "ringbuffer/extractor.hpp"

namespace netmeter::api {

/// Extractions written to files (`captureToMedia=true`) under `<data-dir>/exports/`, each by a thread of
/// its own, listed, downloaded and deleted by the user who asked for them (admins: any). A file is
/// written as `NAME.part` and renamed when complete, with its owner beside it in `NAME.owner`; parts
/// left by a crash are removed at the next start. Thread-safe.
class CaptureExports {
 public:
  struct Item {
    std::string name;
    std::string owner;
    uint64_t bytes = 0;
    uint64_t packets = 0;  ///< known for exports of this run
    bool complete = false;
    std::string error;  ///< a failed export (kept in the list until deleted)
  };
  struct Started {
    std::optional<std::string> name;
    int status = 0;  ///< when name is unset: 503 (too many running), 500
    std::string error;
  };

  /// `directory` is created (0700) if needed. At most `max_running` exports write at once.
  explicit CaptureExports(std::string directory, size_t max_running = 2);
  ~CaptureExports();
  CaptureExports(const CaptureExports&) = delete;
  CaptureExports& operator=(const CaptureExports&) = delete;

  /// Starts writing the extraction of `slot` (its ring buffer, checked by the caller) as `base_name`
  /// (made unique with -2, -3, ...), owned by `owner`.
  Started start(const std::string& owner, const std::string& base_name, std::shared_ptr<SlotData> slot,
                ringbuffer::ExtractRequest request);
  /// The exports `principal` may see: its own, or all for an admin.
  std::vector<Item> list(const auth::Principal& principal) const;
  /// A complete export's file as a streamed body, when `principal` may read it.
  std::unique_ptr<http::BodySource> open(const std::string& name, const auth::Principal& principal) const;
  /// Removes an export (a running one is stopped first); false when there is none `principal` may remove.
  bool remove(const std::string& name, const auth::Principal& principal);

 private:
  struct Job;
  std::optional<Item> find_locked(const std::string& name) const;
  bool allowed(const std::string& owner, const auth::Principal& principal) const;
  void run(Job& job);
  void reap_locked();

  std::string directory_;
  size_t max_running_;
  mutable std::mutex mutex_;
  std::list<std::unique_ptr<Job>> jobs_;  ///< this run's exports, running or done
};

}  // namespace netmeter::api
