#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace netmeter::report {

/// 1234567 -> "1.2 MB" (decimal units).
inline std::string human_bytes(uint64_t b) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double v = static_cast<double>(b);
  int u = 0;
  while (v >= 1000 && u < 4) {
    v /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

/// printf into a string (lines of the text report are short).
template <typename... Args>
std::string line(const char* fmt, Args... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

}  // namespace netmeter::report
