#include "core/growing_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace netmeter::core {

GrowingFile::~GrowingFile() {
  if (fd_ >= 0) ::close(fd_);
}

void GrowingFile::opened(std::string path) {
  {
    std::lock_guard lock(mutex_);
    if (state_ != State::pending) return;
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    path_ = std::move(path);
    if (fd_ < 0) {
      state_ = State::aborted;
      reason_ = "cannot open the file for reading";
    } else {
      state_ = State::growing;
    }
  }
  cv_.notify_all();
}

void GrowingFile::wrote(uint64_t n) {
  if (n == 0) return;
  {
    // Under the lock, so that a reader between its check and its wait cannot miss the bytes.
    std::lock_guard lock(mutex_);
    bytes_.fetch_add(n, std::memory_order_release);
  }
  cv_.notify_all();
}

void GrowingFile::complete() {
  {
    std::lock_guard lock(mutex_);
    if (ended_locked()) return;
    state_ = State::complete;
  }
  cv_.notify_all();
}

void GrowingFile::abort(std::string reason) {
  {
    std::lock_guard lock(mutex_);
    if (ended_locked()) return;
    state_ = State::aborted;
    reason_ = std::move(reason);
  }
  cv_.notify_all();
}

GrowingFile::Snapshot GrowingFile::snapshot() const {
  std::lock_guard lock(mutex_);
  return {state_, bytes_.load(std::memory_order_acquire)};
}

std::string GrowingFile::path() const {
  std::lock_guard lock(mutex_);
  return path_;
}

std::string GrowingFile::abort_reason() const {
  std::lock_guard lock(mutex_);
  return reason_;
}

GrowingFile::Snapshot GrowingFile::wait_beyond(uint64_t offset, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  uint64_t wakes = wakes_;
  cv_.wait_for(lock, timeout, [&] {
    return ended_locked() || wakes_ != wakes ||
           (state_ == State::growing && bytes_.load(std::memory_order_acquire) > offset);
  });
  return {state_, bytes_.load(std::memory_order_acquire)};
}

long GrowingFile::read_at(uint64_t offset, char* buffer, size_t n) const {
  int fd = -1;
  {
    std::lock_guard lock(mutex_);
    fd = fd_;
  }
  uint64_t written = bytes_.load(std::memory_order_acquire);
  if (fd < 0 || offset >= written) return 0;
  n = static_cast<size_t>(std::min<uint64_t>(n, written - offset));
  for (;;) {
    ssize_t got = ::pread(fd, buffer, n, static_cast<off_t>(offset));
    if (got >= 0 || errno != EINTR) return static_cast<long>(got);
  }
}

void GrowingFile::wake() {
  {
    std::lock_guard lock(mutex_);
    ++wakes_;
  }
  cv_.notify_all();
}

}  // namespace netmeter::core
