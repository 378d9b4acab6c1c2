#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "alerts/alert.hpp"

namespace netmeter::notify {

/// The syslog severity (RFC 5424 §6.2.1) of an ntopng alert severity, as ntopng maps them.
int syslog_severity(alerts::Severity severity);

/// The fields of one RFC 5424 header besides the priority.
struct SyslogHeader {
  int facility = 14;  ///< "log alert", as ntopng sends
  int64_t unix_ms = 0;
  std::string hostname;  ///< "-" when empty
  std::string app_name = "netmeter";
  int64_t procid = 0;  ///< "-" when 0
};

/// `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID - - MSG` (RFC 5424: no MSGID, no structured data), the
/// timestamp in UTC with milliseconds; header fields are cut to RFC 5424's lengths and their non-printable
/// characters replaced, so that a message always parses.
std::string rfc5424_message(const SyslogHeader& header, alerts::Severity severity, std::string_view msg);

/// RFC 6587 octet counting for syslog over TCP: "LEN SP MSG".
std::string octet_counted(std::string_view message);

}  // namespace netmeter::notify
