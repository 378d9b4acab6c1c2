#include "history/clickhouse/server_error.hpp"

#include <algorithm>

namespace netmeter::history::clickhouse {
namespace {

constexpr size_t kMaxLength = 400;

std::string_view first_line(std::string_view text) {
  const size_t end = text.find_first_of("\r\n");
  return end == std::string_view::npos ? text : text.substr(0, end);
}

// Drops the redundant tail 18.16 appends and the "e.displayText() = " prefix of the message.
std::string_view core_message(std::string_view line) {
  if (const size_t tail = line.find(", e.what() = "); tail != std::string_view::npos)
    line = line.substr(0, tail);
  return line;
}

bool ends_path(char c) {
  return c == ' ' || c == ',' || c == '\'' || c == '"' || c == ')' || c == '(' || c == '`';
}

// "/var/lib/clickhouse/data/x.bin" → "<path>": a token that starts with '/' at a word boundary.
std::string without_paths(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const bool boundary = i == 0 || ends_path(text[i - 1]);
    if (text[i] == '/' && boundary) {
      size_t end = i;
      while (end < text.size() && !ends_path(text[end]))
        ++end;
      out += "<path>";
      i = end;
      continue;
    }
    out += text[i++];
  }
  return out;
}

}  // namespace

std::string clean_server_error(std::string_view body, unsigned http_status) {
  std::string message = without_paths(core_message(first_line(body)));
  std::replace(message.begin(), message.end(), '\t', ' ');
  if (message.empty()) message = "HTTP " + std::to_string(http_status);
  if (message.size() > kMaxLength) message.resize(kMaxLength);
  const std::string_view prefix = "e.displayText() = ";
  if (const size_t at = message.find(prefix); at != std::string::npos) message.erase(at, prefix.size());
  return "ClickHouse: " + message;
}

}  // namespace netmeter::history::clickhouse
