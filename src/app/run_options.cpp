#include "app/run_options.hpp"

#include <charconv>
#include <string_view>

namespace netmeter::app {

namespace {

int parse_port(std::string_view text) {
  int port = -1;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (ec != std::errc() || p != text.data() + text.size() || port < 0 || port > 65535) return -1;
  return port;
}

}  // namespace

ListenAddress parse_listen(const std::string& text) {
  std::string_view t = text;
  if (t.starts_with('[')) {
    auto close = t.find("]:");
    if (close == std::string_view::npos) return {};
    return {std::string(t.substr(1, close - 1)), parse_port(t.substr(close + 2))};
  }
  auto colon = t.rfind(':');
  if (colon == std::string_view::npos) return {"0.0.0.0", parse_port(t)};
  if (t.find(':') != colon) return {};  // a bare IPv6 address needs brackets
  return {std::string(t.substr(0, colon)), parse_port(t.substr(colon + 1))};
}

}  // namespace netmeter::app
