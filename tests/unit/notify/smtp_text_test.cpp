#include "notify/smtp_text.hpp"

#include <gtest/gtest.h>

namespace netmeter::notify {
namespace {

constexpr std::string_view kEhlo =
    "250-mail.example.org\r\n250-PIPELINING\r\n250-STARTTLS\r\n250-AUTH LOGIN PLAIN\r\n250 8BITMIME\r\n";

TEST(SmtpText, ReplyCodes) {
  EXPECT_EQ(smtp_reply_code("250 ok\r\n"), 250);
  EXPECT_EQ(smtp_reply_code("250-first\r\n250 last\r\n"), 250);
  EXPECT_EQ(smtp_reply_code("2x0 no"), -1);
  EXPECT_EQ(smtp_reply_code("25"), -1);
  EXPECT_EQ(smtp_reply_code("2500 no"), -1);
}

TEST(SmtpText, Extensions) {
  EXPECT_TRUE(smtp_offers(kEhlo, "STARTTLS"));
  EXPECT_TRUE(smtp_offers(kEhlo, "8BITMIME"));
  EXPECT_FALSE(smtp_offers(kEhlo, "START"));
  EXPECT_FALSE(smtp_offers("250-mail.example.org\r\n250 SIZE 1000\r\n", "STARTTLS"));
  EXPECT_EQ(smtp_auth_method(kEhlo), SmtpAuth::Plain);
  EXPECT_EQ(smtp_auth_method("250-x\r\n250 AUTH LOGIN CRAM-MD5\r\n"), SmtpAuth::Login);
  EXPECT_EQ(smtp_auth_method("250-x\r\n250 AUTH CRAM-MD5\r\n"), SmtpAuth::None);
  EXPECT_EQ(smtp_auth_method("250 x\r\n"), SmtpAuth::None);
}

TEST(SmtpText, MessageHasHeadersCrlfAndDotStuffing) {
  MailHeaders h{"probe@example.org", "ops@example.org", "", "netmeter: 2 alerts", 0};
  std::string m = smtp_message(h, {"first alert", ".starts with a dot"});
  EXPECT_EQ(m,
            "From: probe@example.org\r\nTo: ops@example.org\r\nSubject: netmeter: 2 alerts\r\n"
            "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\n\r\nfirst alert\r\n..starts with a dot\r\n");
  h.cc = "boss@example.org";
  h.subject = "evil\r\nBcc: x@example.org";
  m = smtp_message(h, {});
  EXPECT_NE(m.find("Cc: boss@example.org\r\n"), std::string::npos);
  EXPECT_EQ(m.find("\r\nBcc:"), std::string::npos);  // no header injection
}

}  // namespace
}  // namespace netmeter::notify
