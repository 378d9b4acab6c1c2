#include "notify/syslog_format.hpp"

#include <cstdio>
#include <ctime>

namespace netmeter::notify {

namespace {

/// RFC 5424 §6: header fields are PRINTUSASCII (33..126), bounded, "-" when empty.
std::string header_field(std::string_view text, size_t max) {
  std::string out;
  for (unsigned char c : text.substr(0, max))
    out += (c >= 33 && c <= 126) ? static_cast<char>(c) : '_';
  return out.empty() ? "-" : out;
}

std::string utc_timestamp(int64_t unix_ms) {
  std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(unix_ms % 1000));
  return text;
}

}  // namespace

int syslog_severity(alerts::Severity severity) {
  using alerts::Severity;
  switch (severity) {
    case Severity::Emergency:
      return 0;
    case Severity::Critical:
      return 2;
    case Severity::Error:
      return 3;
    case Severity::Warning:
      return 4;
    case Severity::Notice:
      return 5;
    case Severity::Info:
      return 6;
    case Severity::Debug:
    case Severity::None:
      return 7;
  }
  return 7;
}

std::string rfc5424_message(const SyslogHeader& h, alerts::Severity severity, std::string_view msg) {
  const int pri = h.facility * 8 + syslog_severity(severity);
  std::string procid = h.procid > 0 ? std::to_string(h.procid) : "-";
  std::string out = "<";
  out += std::to_string(pri);
  out += ">1 ";
  out += utc_timestamp(h.unix_ms);
  for (const std::string& field :
       {header_field(h.hostname, 255), header_field(h.app_name, 48), header_field(procid, 128)}) {
    out += ' ';
    out += field;
  }
  out += " - - ";
  out += msg;
  return out;
}

std::string octet_counted(std::string_view message) {
  return std::to_string(message.size()) + " " + std::string(message);
}

}  // namespace netmeter::notify
