#pragma once

#include <ostream>

#include "dpi/classifier.hpp"
#include "report/analysis_report.hpp"

namespace netmeter::report {

/// A human-readable summary: totals, anomalies, applications, the top hosts and the top flows.
void write_text(std::ostream& out, const AnalysisReport& report, const dpi::Classifier& names, size_t top);

}  // namespace netmeter::report
