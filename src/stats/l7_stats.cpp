#include "stats/l7_stats.hpp"

namespace netmeter::stats {

void apply_l7_event(const L7Event&, int64_t, L7Stats& stats, HostEntry*, HostEntry*, const StatsConfig&) {
  ++stats.events;
}

}  // namespace netmeter::stats
