#include "notify/smtp_text.hpp"

#include <cctype>
#include <cstdio>

namespace netmeter::notify {

namespace {

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(text[i])) !=
        std::toupper(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

/// The EHLO reply's lines without the "250-" / "250 " prefix.
std::vector<std::string_view> ehlo_lines(std::string_view reply) {
  std::vector<std::string_view> out;
  while (!reply.empty()) {
    auto end = reply.find("\r\n");
    std::string_view line = reply.substr(0, end);
    if (line.size() > 4) out.push_back(line.substr(4));
    if (end == std::string_view::npos) break;
    reply.remove_prefix(end + 2);
  }
  return out;
}

std::string rfc5322_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return text;
}

/// Header values come from validated parameters and alert text; CR and LF are cut all the same.
std::string header_value(std::string_view text) {
  std::string out;
  for (char c : text)
    out += (c == '\r' || c == '\n') ? ' ' : c;
  return out;
}

}  // namespace

int smtp_reply_code(std::string_view reply) {
  if (reply.size() < 3) return -1;
  int code = 0;
  for (int i = 0; i < 3; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(reply[i]))) return -1;
    code = code * 10 + (reply[i] - '0');
  }
  if (reply.size() > 3 && reply[3] != ' ' && reply[3] != '-' && reply[3] != '\r') return -1;
  return code;
}

bool smtp_offers(std::string_view ehlo_reply, std::string_view extension) {
  for (auto line : ehlo_lines(ehlo_reply))
    if (iequals_prefix(line, extension) && (line.size() == extension.size() || line[extension.size()] == ' '))
      return true;
  return false;
}

SmtpAuth smtp_auth_method(std::string_view ehlo_reply) {
  bool login = false;
  for (auto line : ehlo_lines(ehlo_reply)) {
    if (!iequals_prefix(line, "AUTH ") && !iequals_prefix(line, "AUTH=")) continue;
    std::string_view mechanisms = line.substr(5);
    while (!mechanisms.empty()) {
      auto space = mechanisms.find(' ');
      std::string_view m = mechanisms.substr(0, space);
      if (m.size() == 5 && iequals_prefix(m, "PLAIN")) return SmtpAuth::Plain;
      if (m.size() == 5 && iequals_prefix(m, "LOGIN")) login = true;
      if (space == std::string_view::npos) break;
      mechanisms.remove_prefix(space + 1);
    }
  }
  return login ? SmtpAuth::Login : SmtpAuth::None;
}

std::string smtp_message(const MailHeaders& h, const std::vector<std::string>& body) {
  std::string out = "From: " + header_value(h.from) + "\r\nTo: " + header_value(h.to) + "\r\n";
  if (!h.cc.empty()) out += "Cc: " + header_value(h.cc) + "\r\n";
  out += "Subject: " + header_value(h.subject) + "\r\nDate: " + rfc5322_date(h.date) +
         "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n";
  for (const auto& line : body) {
    if (line.starts_with('.')) out += '.';
    out += header_value(line) + "\r\n";
  }
  return out;
}

}  // namespace netmeter::notify
