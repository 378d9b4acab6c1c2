#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "stats/traffic.hpp"

namespace netmeter::stats {

/// One resolution of a history: buckets of `resolution` seconds, the last `depth` of them kept.
struct HistoryLevel {
  int64_t resolution = 1;
  uint32_t depth = 60;
};

/// The levels of a history, finest first; each resolution is a multiple of the one before.
struct HistoryConfig {
  std::vector<HistoryLevel> levels;

  /// Hosts, MACs, ports, ...: 1 s for a minute, 10 s for 10 min, 1 min for 1 h, 10 min for 6 h, 1 h for 2
  /// days.
  static HistoryConfig entity_default();
  /// Interface-wide modules (few entities): 1 s for an hour, then as above but deeper (1 h for 30 days).
  static HistoryConfig global_default();
  /// Empty when usable; otherwise what is wrong.
  std::string validate() const;
  int64_t finest() const { return levels.front().resolution; }
};

/// Traffic over time for one entity: per-second buckets and coarser roll-ups of the same traffic, so an
/// interval sum or a graph at any resolution never needs raw packets. Every add() lands in every level
/// at once (a roll-up is exact, not a re-aggregation). Buckets are sparse: a second without traffic costs
/// nothing, and an entity that was active for one second holds one bucket per level. Levels are kept by
/// time: a bucket leaves level L once it is older than depth(L) buckets before the entity's newest second.
class History {
 public:
  History() = default;
  History(const History& other);
  History& operator=(const History& other);
  History(History&&) noexcept = default;
  History& operator=(History&&) noexcept = default;

  /// Adds traffic of the second starting at `second` (epoch seconds of packet time).
  void add(int64_t second, const Traffic& t, const HistoryConfig& config);
  /// Sum over [start, end), seconds. Each part of the interval is answered from the finest level that
  /// still holds it; where a coarse bucket is only partly inside, its share is pro-rated by time.
  Traffic sum(int64_t start, int64_t end, const HistoryConfig& config) const;
  /// One value per step: [start, start+step), [start+step, ...) up to end.
  std::vector<Traffic> series(int64_t start, int64_t end, int64_t step, const HistoryConfig& config) const;
  /// The newest second that received traffic, or INT64_MIN.
  int64_t newest() const { return newest_; }
  bool empty() const { return newest_ == kNever; }
  /// Heap bytes held.
  size_t memory_bytes(const HistoryConfig& config) const;

  static constexpr int64_t kNever = std::numeric_limits<int64_t>::min();

 private:
  struct Bucket {
    int64_t start;
    Traffic value;
  };
  struct Level {
    std::vector<Bucket> buckets;  ///< by start time; entries before `head` are dropped ones
    uint32_t head = 0;
  };

  void add_to_level(Level& level, int64_t start, const Traffic& t, int64_t cut);
  static void trim(Level& level, int64_t cut);
  Traffic level_sum(size_t index, int64_t from, int64_t to, const HistoryConfig& config) const;
  /// Oldest bucket start level `index` still holds completely.
  int64_t cut(size_t index, const HistoryConfig& config) const;

  std::unique_ptr<Level[]> levels_;  ///< allocated at the first add
  size_t level_count_ = 0;
  int64_t newest_ = kNever;
};

/// Floor division for bucket starts (packet time may precede 1970 in broken captures).
inline int64_t align_down(int64_t t, int64_t r) {
  int64_t q = t / r;
  if ((t % r) != 0 && t < 0) --q;
  return q * r;
}
inline int64_t align_up(int64_t t, int64_t r) {
  return -align_down(-t, r);
}

}  // namespace netmeter::stats
