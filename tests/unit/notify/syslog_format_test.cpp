#include "notify/syslog_format.hpp"

#include <gtest/gtest.h>

namespace netmeter::notify {
namespace {

using alerts::Severity;

TEST(SyslogFormat, Rfc5424HeaderWithFacilityAndSeverity) {
  SyslogHeader h;
  h.unix_ms = 1'700'000'040'123;  // 2023-11-14T22:14:00.123Z
  h.hostname = "probe1";
  h.procid = 4242;
  // facility 14 (log alert) · 8 + warning (4) = 116
  EXPECT_EQ(rfc5424_message(h, Severity::Warning, "{\"a\":1}"),
            "<116>1 2023-11-14T22:14:00.123Z probe1 netmeter 4242 - - {\"a\":1}");
  EXPECT_EQ(rfc5424_message(h, Severity::Emergency, "x").substr(0, 6), "<112>1");
  EXPECT_EQ(rfc5424_message(h, Severity::Critical, "x").substr(0, 6), "<114>1");
  EXPECT_EQ(rfc5424_message(h, Severity::Notice, "x").substr(0, 6), "<117>1");
}

TEST(SyslogFormat, HeaderFieldsAreAlwaysParsable) {
  SyslogHeader h;
  h.unix_ms = 0;
  h.hostname = "";        // NILVALUE
  h.app_name = "a b\nc";  // spaces and control characters would split the header
  h.procid = 0;
  EXPECT_EQ(rfc5424_message(h, Severity::Info, "m"), "<118>1 1970-01-01T00:00:00.000Z - a_b_c - - - m");
  h.hostname = std::string(300, 'h');
  std::string m = rfc5424_message(h, Severity::Info, "m");
  EXPECT_NE(m.find(" " + std::string(255, 'h') + " "), std::string::npos);
  EXPECT_EQ(m.find(std::string(256, 'h')), std::string::npos);
}

TEST(SyslogFormat, SeverityMapping) {
  EXPECT_EQ(syslog_severity(Severity::Emergency), 0);
  EXPECT_EQ(syslog_severity(Severity::Error), 3);
  EXPECT_EQ(syslog_severity(Severity::Info), 6);
  EXPECT_EQ(syslog_severity(Severity::Debug), 7);
}

TEST(SyslogFormat, OctetCountingFraming) {
  EXPECT_EQ(octet_counted("<118>1 - - - - - - hi"), "21 <118>1 - - - - - - hi");
  EXPECT_EQ(octet_counted(""), "0 ");
}

}  // namespace
}  // namespace netmeter::notify
