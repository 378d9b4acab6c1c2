#include "stats/history.hpp"

#include <algorithm>

namespace netmeter::stats {

HistoryConfig HistoryConfig::entity_default() {
  return {{{1, 60}, {10, 60}, {60, 60}, {600, 36}, {3600, 48}}};
}

HistoryConfig HistoryConfig::global_default() {
  return {{{1, 3600}, {10, 360}, {60, 1440}, {600, 1008}, {3600, 720}}};
}

std::string HistoryConfig::validate() const {
  if (levels.empty()) return "a history needs at least one level";
  for (size_t i = 0; i < levels.size(); ++i) {
    if (levels[i].resolution <= 0 || levels[i].depth == 0)
      return "history levels need a resolution and a depth";
    if (i > 0 && levels[i].resolution % levels[i - 1].resolution != 0)
      return "each history resolution must be a multiple of the one before";
  }
  return {};
}

History::History(const History& other) : level_count_(other.level_count_), newest_(other.newest_) {
  if (other.levels_) {
    levels_ = std::make_unique<Level[]>(level_count_);
    for (size_t i = 0; i < level_count_; ++i) {
      const Level& src = other.levels_[i];
      levels_[i].buckets.assign(src.buckets.begin() + src.head, src.buckets.end());
    }
  }
}

History& History::operator=(const History& other) {
  if (this != &other) *this = History(other);
  return *this;
}

int64_t History::cut(size_t index, const HistoryConfig& config) const {
  const HistoryLevel& l = config.levels[index];
  return align_down(newest_, l.resolution) - static_cast<int64_t>(l.depth - 1) * l.resolution;
}

void History::trim(Level& level, int64_t cut_at) {
  auto& b = level.buckets;
  while (level.head < b.size() && b[level.head].start < cut_at)
    ++level.head;
  // Drop the dead prefix once it is at least half the vector: amortised O(1), capacity kept.
  if (level.head > 0 && level.head * 2 >= b.size()) {
    b.erase(b.begin(), b.begin() + level.head);
    level.head = 0;
  }
}

void History::add_to_level(Level& level, int64_t start, const Traffic& t, int64_t cut_at) {
  if (start < cut_at) return;  // already older than this level keeps
  auto& b = level.buckets;
  if (b.size() > level.head && b.back().start == start) {
    b.back().value += t;
  } else if (b.size() == level.head || b.back().start < start) {
    b.push_back({start, t});
  } else {
    // Out of order (another worker's delta for an earlier second arrived late): rare, O(depth).
    auto it = std::lower_bound(b.begin() + level.head, b.end(), start,
                               [](const Bucket& x, int64_t s) { return x.start < s; });
    if (it != b.end() && it->start == start)
      it->value += t;
    else
      b.insert(it, {start, t});
  }
  trim(level, cut_at);
}

void History::add(int64_t second, const Traffic& t, const HistoryConfig& config) {
  if (!levels_) {
    level_count_ = config.levels.size();
    levels_ = std::make_unique<Level[]>(level_count_);
  }
  newest_ = std::max(newest_, second);
  for (size_t i = 0; i < level_count_; ++i) {
    int64_t r = config.levels[i].resolution;
    add_to_level(levels_[i], align_down(second, r), t, cut(i, config));
  }
}

Traffic History::level_sum(size_t index, int64_t from, int64_t to, const HistoryConfig& config) const {
  Traffic total;
  if (from >= to) return total;
  const Level& level = levels_[index];
  int64_t r = config.levels[index].resolution;
  auto begin = level.buckets.begin() + level.head;
  auto it = std::lower_bound(begin, level.buckets.end(), from - r + 1,
                             [](const Bucket& x, int64_t s) { return x.start < s; });
  for (; it != level.buckets.end() && it->start < to; ++it) {
    int64_t lo = std::max(from, it->start);
    int64_t hi = std::min(to, it->start + r);
    if (hi <= lo) continue;
    if (hi - lo == r)
      total += it->value;
    else
      total += it->value.scaled(static_cast<uint64_t>(hi - lo), static_cast<uint64_t>(r));
  }
  return total;
}

Traffic History::sum(int64_t start, int64_t end, const HistoryConfig& config) const {
  Traffic total;
  if (!levels_ || start >= end) return total;
  // Level i answers [lo_i, hi_i): from the point where it holds everything (aligned up to the next
  // coarser resolution, so the coarser level can take over with whole buckets) up to where the finer
  // level took over.
  int64_t hi = std::numeric_limits<int64_t>::max();
  for (size_t i = 0; i < level_count_ && hi > start; ++i) {
    int64_t lo = cut(i, config);
    if (i + 1 < level_count_) lo = align_up(lo, config.levels[i + 1].resolution);
    lo = std::min(lo, hi);
    if (i + 1 == level_count_) lo = std::min(lo, start);  // the coarsest level answers what is left
    total += level_sum(i, std::max(start, lo), std::min(end, hi), config);
    hi = lo;
  }
  return total;
}

std::vector<Traffic> History::series(int64_t start, int64_t end, int64_t step,
                                     const HistoryConfig& config) const {
  std::vector<Traffic> out;
  if (step <= 0 || start >= end) return out;
  out.reserve(static_cast<size_t>((end - start + step - 1) / step));
  for (int64_t t = start; t < end; t += step)
    out.push_back(sum(t, std::min(end, t + step), config));
  return out;
}

size_t History::memory_bytes(const HistoryConfig& config) const {
  if (!levels_) return 0;
  size_t bytes = config.levels.size() * sizeof(Level);
  for (size_t i = 0; i < level_count_; ++i)
    bytes += levels_[i].buckets.capacity() * sizeof(Bucket);
  return bytes;
}

}  // namespace netmeter::stats
