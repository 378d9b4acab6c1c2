#pragma once

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace netmeter::notify {

/// The 3-digit code of an SMTP reply ("250-..." / "250 ..."); -1 when malformed.
int smtp_reply_code(std::string_view reply);
/// Whether an EHLO reply lists `extension` (a keyword at the start of one of its lines).
bool smtp_offers(std::string_view ehlo_reply, std::string_view extension);

enum class SmtpAuth { None, Plain, Login };
/// The mechanism to use from the EHLO reply's AUTH line: PLAIN if offered, else LOGIN.
SmtpAuth smtp_auth_method(std::string_view ehlo_reply);

struct MailHeaders {
  std::string from;
  std::string to;
  std::string cc;  ///< empty: no Cc header
  std::string subject;
  std::time_t date = 0;
};

/// The DATA of a text/plain UTF-8 message: headers, a blank line, one body line each, CRLF line ends and
/// dot-stuffing (a line starting with '.' gets another), ending with CRLF (the caller adds ".").
std::string smtp_message(const MailHeaders& headers, const std::vector<std::string>& body);

}  // namespace netmeter::notify
