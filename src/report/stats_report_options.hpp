#pragma once

#include <cstddef>

namespace netmeter::report {

/// How much of the statistics the report lists.
struct StatsReportOptions {
  /// Rows per per-host list (peers, ports, protocols, connections); 0 lists all. Each list also says how
  /// many rows it has in total.
  size_t host_list_limit = 1000;
};

}  // namespace netmeter::report
