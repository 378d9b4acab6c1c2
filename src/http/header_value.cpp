#include "http/header_value.hpp"

#include "http/headers.hpp"

namespace netmeter::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Reads a quoted string starting after the opening quote; advances `pos` past the closing quote.
std::string read_quoted(std::string_view s, size_t& pos) {
  std::string out;
  while (pos < s.size()) {
    char c = s[pos++];
    if (c == '"') break;
    if (c == '\\' && pos < s.size() && (s[pos] == '"' || s[pos] == '\\')) c = s[pos++];
    out.push_back(c);
  }
  return out;
}

// True when the q parameter of one Accept-Encoding element is not zero.
bool q_allows(std::string_view params) {
  ParameterizedValue v = parse_parameterized(params);  // `params` starts at ';': the value part is empty
  auto q = v.parameter("q");
  if (!q) return true;
  std::string_view t = trim(*q);
  return !(t.empty() || t.find_first_not_of("0.") == std::string_view::npos);
}

}  // namespace

std::optional<std::string_view> ParameterizedValue::parameter(std::string_view name) const {
  for (const auto& p : parameters) {
    if (p.name == name) return std::string_view(p.value);
  }
  return std::nullopt;
}

ParameterizedValue parse_parameterized(std::string_view text) {
  ParameterizedValue out;
  size_t semi = text.find(';');
  out.value = lower(trim(text.substr(0, semi)));
  size_t pos = semi == std::string_view::npos ? text.size() : semi + 1;
  while (pos < text.size()) {
    size_t end = text.find_first_of("=;", pos);
    std::string_view name = trim(text.substr(pos, end == std::string_view::npos ? end : end - pos));
    if (end == std::string_view::npos || text[end] == ';') {
      pos = end == std::string_view::npos ? text.size() : end + 1;
      continue;  // a parameter without a value: ignored
    }
    pos = end + 1;
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t'))
      ++pos;
    std::string value;
    if (pos < text.size() && text[pos] == '"') {
      ++pos;
      value = read_quoted(text, pos);
      size_t next = text.find(';', pos);
      pos = next == std::string_view::npos ? text.size() : next + 1;
    } else {
      size_t next = text.find(';', pos);
      value = std::string(trim(text.substr(pos, next == std::string_view::npos ? next : next - pos)));
      pos = next == std::string_view::npos ? text.size() : next + 1;
    }
    if (!name.empty()) out.parameters.push_back({lower(name), std::move(value)});
  }
  return out;
}

bool accepts_gzip(std::string_view accept_encoding) {
  while (!accept_encoding.empty()) {
    size_t comma = accept_encoding.find(',');
    std::string_view element = accept_encoding.substr(0, comma);
    accept_encoding =
        comma == std::string_view::npos ? std::string_view{} : accept_encoding.substr(comma + 1);
    size_t semi = element.find(';');
    std::string_view coding = trim(element.substr(0, semi));
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip") || coding == "*") {
      return semi == std::string_view::npos || q_allows(element.substr(semi));
    }
  }
  return false;
}

}  // namespace netmeter::http
