#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

namespace netmeter::core {

/// A file that one thread writes while others read it: the HTTP server stores an upload body and an
/// analysis slot reads the capture as it arrives. The writer publishes the path once the file exists,
/// then how many bytes are on disk, then the end (complete or aborted); readers wait for more bytes.
/// Bytes are counted after they were written, so a reader never reads past what is on disk. Readers
/// read through a descriptor opened when the file was announced, so the file may be renamed or unlinked
/// meanwhile (the writer's owner keeps or removes it). Thread-safe.
class GrowingFile {
 public:
  GrowingFile() = default;
  ~GrowingFile();
  GrowingFile(const GrowingFile&) = delete;
  GrowingFile& operator=(const GrowingFile&) = delete;

  enum class State { pending, growing, complete, aborted };

  struct Snapshot {
    State state = State::pending;
    uint64_t bytes = 0;  ///< bytes written so far
  };

  // Writer side.
  /// The file exists at `path` (state growing; aborted when it cannot be opened for reading). Only the
  /// first call counts.
  void opened(std::string path);
  /// `n` more bytes are on disk.
  void wrote(uint64_t n);
  /// Every byte is written. Ignored once aborted.
  void complete();
  /// The writer gave up (client went away, body refused, disk error). Ignored once complete.
  void abort(std::string reason);

  // Reader side.
  Snapshot snapshot() const;
  /// The path given to opened(); empty while pending.
  std::string path() const;
  /// Why it was aborted; empty otherwise.
  std::string abort_reason() const;
  /// Waits until more than `offset` bytes are written, the file ends (complete, aborted), wake() is
  /// called, or `timeout` passes; returns the snapshot then.
  Snapshot wait_beyond(uint64_t offset, std::chrono::milliseconds timeout);
  /// Wakes every waiting reader (e.g. to stop it).
  void wake();
  /// Reads up to `n` bytes at `offset` (never past the bytes reported written): the count, 0 when none
  /// is there yet, -1 on an error (errno set).
  long read_at(uint64_t offset, char* buffer, size_t n) const;

 private:
  bool ended_locked() const { return state_ == State::complete || state_ == State::aborted; }

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  State state_ = State::pending;
  std::atomic<uint64_t> bytes_{0};  ///< read without the lock by snapshot()
  std::string path_;
  int fd_ = -1;  ///< read-only, opened by opened()
  std::string reason_;
  uint64_t wakes_ = 0;
};

}  // namespace netmeter::core
