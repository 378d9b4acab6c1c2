#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netmeter::notify {

/// The parts of an http(s) URL a webhook posts to.
struct WebUrl {
  bool tls = false;
  std::string host;  ///< without brackets for IPv6 literals
  uint16_t port = 0;
  std::string target;  ///< path and query, "/" when empty
};

/// `http://host[:port][/path]` or `https://...`; nullopt for anything else (userinfo, a bad port, spaces
/// or control characters).
std::optional<WebUrl> parse_web_url(std::string_view text);

/// "smtp://host", "smtps://host" or a bare host, as ntopng's smtp_server; port 0 when none is given.
struct SmtpServer {
  bool implicit_tls = false;  ///< smtps://
  std::string host;
  uint16_t port = 0;
};
std::optional<SmtpServer> parse_smtp_server(std::string_view text);

/// A port number 1..65535 in decimal.
std::optional<uint16_t> parse_port(std::string_view text);

}  // namespace netmeter::notify
