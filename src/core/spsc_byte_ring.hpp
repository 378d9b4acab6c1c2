#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <span>

namespace netmeter::core {

/// Single-producer/single-consumer ring of variable-size records, allocated once. Records never wrap:
/// when one does not fit before the end, the producer leaves a skip marker and starts again at zero.
/// Neither side takes a lock; each caches the other's index and reads the shared atomic only when its
/// cached view says the ring is full (producer) or empty (consumer).
class SpscByteRing {
 public:
  static constexpr unsigned kReleaseBatch = 32;  ///< records a consumer pops before handing space back
  static constexpr unsigned kPublishBatch = 16;  ///< records a producer commits before publishing

  /// The buffer is left uninitialised: its pages become resident only as records first reach them, so
  /// a queue that carries little traffic costs little memory.
  explicit SpscByteRing(size_t capacity_bytes)
      : capacity_(round_up(capacity_bytes)), buf_(std::make_unique_for_overwrite<std::byte[]>(capacity_)) {}

  size_t capacity() const { return capacity_; }
  /// Largest record that can ever be written.
  size_t max_record() const { return capacity_ / 4; }

  /// Producer: space for a record of `size` bytes, or an empty span while the ring is full.
  std::span<std::byte> try_reserve(size_t size) {
    size_t need = align(size + kHeader);
    if (need > max_record() + kHeader + kAlign) return {};
    size_t pos = write_ % capacity_;
    size_t tail_room = capacity_ - pos;
    size_t total = footprint(need);
    if (write_ + total - cached_read_ > capacity_) {
      cached_read_ = read_.load(std::memory_order_acquire);
      if (write_ + total - cached_read_ > capacity_) return {};
    }
    if (need > tail_room) {
      write_header(pos, kSkip);
      write_ += tail_room;
      pos = 0;
    }
    reserved_ = need;
    prefetch_for_write();
    write_header(pos, static_cast<uint32_t>(size));
    return {buf_.get() + pos + kHeader, size};
  }

  /// Producer: completes the record reserved last. Records become visible to the consumer in batches
  /// (every kPublishBatch commits, or at publish()), so that the shared index is written, and its cache
  /// line taken from the consumer's core, once per batch rather than once per record. Returns true when
  /// this commit published.
  bool commit() {
    write_ += reserved_;
    if (++unpublished_ < kPublishBatch) return false;
    publish();
    return true;
  }
  /// Producer: makes every committed record visible now.
  void publish() {
    unpublished_ = 0;
    published_.store(write_, std::memory_order_release);
  }
  /// Producer: whether committed records wait for publish().
  bool has_unpublished() const { return unpublished_ != 0; }

  /// Consumer: the oldest record, or an empty span when there is none.
  std::span<const std::byte> front() {
    for (;;) {
      if (read_local_ == cached_write_) {
        cached_write_ = published_.load(std::memory_order_acquire);
        if (read_local_ == cached_write_) return {};
      }
      size_t pos = read_local_ % capacity_;
      uint32_t size = read_header(pos);
      if (size == kSkip) {
        read_local_ += capacity_ - pos;
        continue;
      }
      current_ = align(size + kHeader);
      prefetch_for_read();
      return {buf_.get() + pos + kHeader, size};
    }
  }

  /// Consumer: releases the record returned by front(). Space is handed back to the producer in
  /// batches (every kReleaseBatch records, or at release()), which keeps the shared cache line quiet.
  /// Returns true when this call handed space back.
  bool pop() {
    read_local_ += current_;
    if (++unreleased_ < kReleaseBatch) return false;
    release();
    return true;
  }
  /// Consumer: hands all consumed space back now (before going idle).
  void release() {
    unreleased_ = 0;
    read_.store(read_local_, std::memory_order_release);
  }
  /// Producer: bytes free now.
  size_t free_bytes() const { return capacity_ - (write_ - read_.load(std::memory_order_acquire)); }
  /// Consumer: bytes free for the producer, counting only what it published (all it wrote when it waits).
  size_t published_free_bytes() const {
    return capacity_ - (published_.load(std::memory_order_acquire) - read_local_);
  }
  /// Producer: whether a record of `size` bytes fits now.
  bool has_room(size_t size) const {
    return write_ + footprint(align(size + kHeader)) - read_.load(std::memory_order_acquire) <= capacity_;
  }

 private:
  static constexpr size_t kHeader = 8;
  static constexpr size_t kAlign = 8;
  static constexpr size_t kLine = 64;
  static constexpr size_t kPrefetchDistance = 2048;
  static constexpr uint32_t kSkip = 0xffffffffu;

  /// Bytes a record of `need` (header included, aligned) takes at the write position: a record that
  /// does not fit before the end also uses up the rest of the buffer.
  size_t footprint(size_t need) const {
    size_t tail_room = capacity_ - write_ % capacity_;
    return need <= tail_room ? need : tail_room + need;
  }
  static size_t align(size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }
  static size_t round_up(size_t n) {
    size_t c = 4096;
    while (c < n)
      c <<= 1;
    return c;
  }
  // Each side asks for the cache lines it will touch kPrefetchDistance bytes ahead, as many as the current
  // record takes: the other side wrote (or read) them last, on another core, and without this every
  // record's first touch stalls on that transfer. Only lines the other side has handed over are asked
  // for; pulling a line the other side still works on would only move it back and forth.

  /// Producer: lines ahead of the write position that the consumer has released.
  void prefetch_for_write() const {
    size_t ahead = write_ + kPrefetchDistance;
    size_t end = std::min(ahead + reserved_, cached_read_ + capacity_);
    for (size_t at = ahead & ~(kLine - 1); at < end; at += kLine)
      __builtin_prefetch(buf_.get() + (at & (capacity_ - 1)), 1);
  }
  /// Consumer: lines ahead of the read position that the producer has published.
  void prefetch_for_read() const {
    size_t ahead = read_local_ + kPrefetchDistance;
    size_t end = std::min(ahead + current_, cached_write_);
    for (size_t at = ahead & ~(kLine - 1); at < end; at += kLine)
      __builtin_prefetch(buf_.get() + (at & (capacity_ - 1)));
  }
  void write_header(size_t pos, uint32_t v) { std::memcpy(buf_.get() + pos, &v, sizeof v); }
  uint32_t read_header(size_t pos) const {
    uint32_t v;
    std::memcpy(&v, buf_.get() + pos, sizeof v);
    return v;
  }

  const size_t capacity_;
  std::unique_ptr<std::byte[]> buf_;
  // Producer side.
  alignas(64) size_t write_ = 0;
  size_t cached_read_ = 0;
  size_t reserved_ = 0;
  unsigned unpublished_ = 0;
  alignas(64) std::atomic<size_t> published_{0};
  // Consumer side.
  alignas(64) size_t read_local_ = 0;
  size_t cached_write_ = 0;
  size_t current_ = 0;
  unsigned unreleased_ = 0;
  alignas(64) std::atomic<size_t> read_{0};
};

}  // namespace netmeter::core
