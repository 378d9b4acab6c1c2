#include "report/interface_series.hpp"

#include <algorithm>

namespace netmeter::report {

InterfaceSeries interface_series(const stats::StatsStore& store) {
  InterfaceSeries out;
  const stats::History& h = store.iface().traffic.history;
  if (h.empty()) return out;
  const auto& config = store.config().global_history;
  const auto& levels = config.levels;
  out.resolution = levels[0].resolution;
  // History::sum answers from the finest level from its cut, aligned up to the next level's resolution
  // (before that a coarser bucket is pro-rated): only that part is exact per bucket.
  int64_t last = stats::align_down(h.newest(), out.resolution);
  int64_t from = last - static_cast<int64_t>(levels[0].depth - 1) * out.resolution;
  if (levels.size() > 1) from = stats::align_up(from, levels[1].resolution);
  if (store.oldest_second() != stats::History::kNever)
    from = std::max(from, stats::align_down(store.oldest_second(), out.resolution));
  out.from = from;
  out.to = last + out.resolution;
  for (int64_t t = out.from; t < out.to; t += out.resolution) {
    stats::Traffic v = h.sum(t, t + out.resolution, config);
    if (!v.empty()) out.buckets.emplace_back(t, v);
  }
  return out;
}

}  // namespace netmeter::report
