#pragma once

#include <ostream>

#include "dpi/classifier.hpp"
#include "report/analysis_report.hpp"

namespace netmeter::report {

/// Writes the report as one JSON document. Flows and hosts are serialised one element at a time, so a
/// capture with millions of flows never becomes one in-memory document.
void write_json(std::ostream& out, const AnalysisReport& report, const dpi::Classifier& names);

}  // namespace netmeter::report
