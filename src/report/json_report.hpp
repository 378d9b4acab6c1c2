#pragma once

#include <ostream>

#include "dpi/classifier.hpp"
#include "report/analysis_report.hpp"
#include "report/stats_report_options.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::report {

/// Writes the report as one JSON document. Flows and hosts are serialised one element at a time, so a
/// capture with millions of flows never becomes one in-memory document. With `statistics` (read under
/// the aggregator's lock) the document gains a "statistics" member, see stats_json.hpp.
void write_json(std::ostream& out, const AnalysisReport& report, const dpi::Classifier& names,
                const stats::StatsStore* statistics = nullptr, const StatsReportOptions& options = {});

}  // namespace netmeter::report
