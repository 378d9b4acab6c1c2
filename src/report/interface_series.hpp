#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "stats/stats_store.hpp"

namespace netmeter::report {

/// The interface's traffic per bucket of the finest history level (per second by default), for the range
/// that level still holds exactly: [from, to). Earlier traffic exists only in coarser roll-ups.
struct InterfaceSeries {
  int64_t resolution = 1;
  int64_t from = 0;                                         ///< epoch seconds, inclusive
  int64_t to = 0;                                           ///< exclusive
  std::vector<std::pair<int64_t, stats::Traffic>> buckets;  ///< non-empty buckets only, by time
};

/// Empty (no buckets, from == to) before any packet.
InterfaceSeries interface_series(const stats::StatsStore& store);

}  // namespace netmeter::report
