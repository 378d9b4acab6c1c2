#include "stats/module_recorders.hpp"

namespace netmeter::stats {

void record_l7(const PacketView&, ShardDelta&) {}

}  // namespace netmeter::stats
