#include "http/url.hpp"

namespace netmeter::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes `text`; invalid escapes are an error when `strict`, else copied literally.
std::optional<std::string> decode(std::string_view text, bool plus_is_space, bool strict) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (c == '%') {
      bool complete = i + 2 < text.size();
      int hi = complete ? hex_value(text[i + 1]) : -1;
      int lo = complete ? hex_value(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        if (strict) return std::nullopt;
        out.push_back(c);
        continue;
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  auto out = decode(text, plus_is_space, true);
  if (out && out->find('\0') != std::string::npos) return std::nullopt;
  return out;
}

std::vector<QueryParam> parse_query(std::string_view query) {
  std::vector<QueryParam> params;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    params.push_back({*decode(key, true, false), *decode(value, true, false)});
  }
  return params;
}

std::optional<Target> parse_target(std::string_view target) {
  if (target == "*") return Target{"*", {}};
  if (target.empty()) return std::nullopt;
  if (target.front() != '/') {
    // absolute-form: scheme "://" authority path-abempty
    size_t scheme_end = target.find("://");
    if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
    size_t path_start = target.find_first_of("/?#", scheme_end + 3);
    target = path_start == std::string_view::npos ? std::string_view("/") : target.substr(path_start);
    if (target.front() != '/') return std::nullopt;
  }
  target = target.substr(0, target.find('#'));
  size_t q = target.find('?');
  Target out;
  auto path = percent_decode(target.substr(0, q), false);
  if (!path) return std::nullopt;
  out.path = std::move(*path);
  if (q != std::string_view::npos) out.raw_query = std::string(target.substr(q + 1));
  return out;
}

}  // namespace netmeter::http
