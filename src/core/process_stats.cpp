#include "core/process_stats.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace netmeter::core {

namespace {

/// The thread's name and user+system ticks from a /proc/<pid>/task/<tid>/stat line: "tid (comm) S ...",
/// where comm may hold spaces and parentheses, so fields are counted after the last ')'.
bool parse_stat(const std::string& line, ThreadCpu& out, double ticks_per_second) {
  auto open = line.find('(');
  auto close = line.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return false;
  out.name = line.substr(open + 1, close - open - 1);
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {  // field 3 is the state; 14 utime, 15 stime
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  out.cpu_seconds = static_cast<double>(utime + stime) / ticks_per_second;
  return true;
}

uint64_t status_kib(const std::string& text, const std::string& key) {
  auto at = text.find("\n" + key + ":");
  if (at == std::string::npos) return 0;
  std::istringstream in(text.substr(at + key.size() + 2));
  uint64_t kib = 0;
  in >> kib;
  return kib * 1024;
}

}  // namespace

std::vector<ThreadCpu> thread_cpu_times() {
  std::vector<ThreadCpu> out;
  const long hz = sysconf(_SC_CLK_TCK);
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
    std::ifstream in(task.path() / "stat");
    std::string line;
    if (!std::getline(in, line)) continue;  // the thread ended meanwhile
    ThreadCpu t;
    try {
      if (parse_stat(line, t, hz > 0 ? static_cast<double>(hz) : 100.0)) out.push_back(std::move(t));
    } catch (const std::exception&) {  // a malformed number: leave the thread out
    }
  }
  return out;
}

ProcessMemory process_memory() {
  std::ifstream in("/proc/self/status");
  std::stringstream text;
  text << "\n" << in.rdbuf();
  const std::string s = text.str();
  return {status_kib(s, "VmRSS"), status_kib(s, "VmHWM"), status_kib(s, "VmSize")};
}

}  // namespace netmeter::core
