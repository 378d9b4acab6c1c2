#pragma once

#include <ostream>

#include "dpi/classifier.hpp"
#include "report/analysis_report.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::report {

/// A human-readable summary: totals, anomalies, applications, the top hosts and the top flows; with
/// `statistics` (read under the aggregator's lock) also the statistics modules, `top` rows each.
void write_text(std::ostream& out, const AnalysisReport& report, const dpi::Classifier& names, size_t top,
                const stats::StatsStore* statistics = nullptr);

}  // namespace netmeter::report
