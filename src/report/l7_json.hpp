#pragma once

#include "report/section_writer.hpp"
#include "stats/l7_stats.hpp"

namespace netmeter::report {

/// The "dns", "http", "tls" and "dhcp" sections of the statistics report.
void write_l7_sections(SectionWriter& out, const stats::L7Stats& l7);

}  // namespace netmeter::report
