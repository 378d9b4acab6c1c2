#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace netmeter::core {

/// CPU time one thread of this process has used (from /proc/self/task).
struct ThreadCpu {
  std::string name;        ///< as set_thread_name gave it (or the process name)
  double cpu_seconds = 0;  ///< user + system
};

/// Every thread of this process; empty where /proc is not available.
std::vector<ThreadCpu> thread_cpu_times();

/// This process's memory (from /proc/self/status), bytes; zero where unknown.
struct ProcessMemory {
  uint64_t resident = 0;       ///< VmRSS
  uint64_t peak_resident = 0;  ///< VmHWM
  uint64_t virtual_size = 0;   ///< VmSize
};
ProcessMemory process_memory();

}  // namespace netmeter::core
