#include "notify/url.hpp"

#include <charconv>

namespace netmeter::notify {

namespace {

bool clean(std::string_view text) {
  for (unsigned char c : text)
    if (c <= 0x20 || c == 0x7f) return false;
  return !text.empty();
}

/// "host", "host:port", "[v6]", "[v6]:port" → host and port (0 when absent).
bool split_authority(std::string_view authority, std::string& host, uint16_t& port) {
  std::string_view rest;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    host = std::string(authority.substr(1, close - 1));
    rest = authority.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return false;
  } else {
    auto colon = authority.find(':');
    host = std::string(authority.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view{} : authority.substr(colon);
  }
  if (host.empty() || host.find_first_of("@/?#") != std::string::npos) return false;
  port = 0;
  if (!rest.empty()) {
    auto p = parse_port(rest.substr(1));
    if (!p) return false;
    port = *p;
  }
  return true;
}

}  // namespace

std::optional<uint16_t> parse_port(std::string_view text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535)
    return std::nullopt;
  return static_cast<uint16_t>(value);
}

std::optional<WebUrl> parse_web_url(std::string_view text) {
  if (!clean(text)) return std::nullopt;
  WebUrl url;
  if (text.starts_with("https://")) {
    url.tls = true;
    text.remove_prefix(8);
  } else if (text.starts_with("http://")) {
    text.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  auto slash = text.find_first_of("/?");
  std::string_view authority = text.substr(0, slash);
  url.target = slash == std::string_view::npos ? "/" : std::string(text.substr(slash));
  if (url.target.starts_with('?')) url.target.insert(0, "/");
  if (!split_authority(authority, url.host, url.port)) return std::nullopt;
  if (url.port == 0) url.port = url.tls ? 443 : 80;
  return url;
}

std::optional<SmtpServer> parse_smtp_server(std::string_view text) {
  if (!clean(text)) return std::nullopt;
  SmtpServer server;
  if (text.starts_with("smtps://")) {
    server.implicit_tls = true;
    text.remove_prefix(8);
  } else if (text.starts_with("smtp://")) {
    text.remove_prefix(7);
  }
  if (text.ends_with('/')) text.remove_suffix(1);
  if (!split_authority(text, server.host, server.port)) return std::nullopt;
  return server;
}

}  // namespace netmeter::notify
