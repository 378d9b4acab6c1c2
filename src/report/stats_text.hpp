#pragma once

#include <cstddef>
#include <ostream>

#include "dpi/classifier.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::report {

/// The statistics modules for the text report: interface totals, then the first `top` rows of hosts,
/// MACs, server ports, applications, VLANs, DSCP classes, packet sizes, ICMP and multicast groups.
void write_statistics_text(std::ostream& out, const stats::StatsStore& store, const dpi::Classifier& names,
                           size_t top);

}  // namespace netmeter::report
