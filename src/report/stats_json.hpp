#pragma once

#include <ostream>

#include "dpi/classifier.hpp"
#include "report/stats_report_options.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::report {

/// Writes the report's `"statistics": {...}` member (without a trailing comma or newline), read from the
/// statistics store: interface totals and per-second series, hosts with their details and per-host lists,
/// MACs, server ports, applications, categories, breeds, VLANs, MPLS, DSCP, packet sizes, ICMP, ARP and
/// multicast groups. Lists are written one element per line and streamed; the caller holds the
/// aggregator's read lock.
void write_statistics_json(std::ostream& out, const stats::StatsStore& store, const dpi::Classifier& names,
                           const StatsReportOptions& options);

}  // namespace netmeter::report
