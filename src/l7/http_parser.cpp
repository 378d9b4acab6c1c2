#include "l7/http_parser.hpp"

#include <algorithm>
#include <array>

namespace netmeter::l7 {
namespace {

using Bytes = std::span<const uint8_t>;

struct MethodToken {
  std::string_view text;
  HttpMethod method;
};

constexpr std::array<MethodToken, 9> kMethods{{
    {"GET", HttpMethod::Get},
    {"POST", HttpMethod::Post},
    {"PUT", HttpMethod::Put},
    {"DELETE", HttpMethod::Delete},
    {"HEAD", HttpMethod::Head},
    {"OPTIONS", HttpMethod::Options},
    {"PATCH", HttpMethod::Patch},
    {"CONNECT", HttpMethod::Connect},
    {"TRACE", HttpMethod::Trace},
}};

constexpr std::string_view kVersionPrefix = "HTTP/1.";
constexpr size_t kMaxMethodLength = 24;  // longer tokens are not methods (the longest registered is 17)

bool equal_bytes(Bytes d, std::string_view text) {
  return d.size() == text.size() && std::equal(text.begin(), text.end(), d.begin(), [](char c, uint8_t b) {
           return static_cast<uint8_t>(c) == b;
         });
}

bool starts_with(Bytes d, std::string_view prefix) {
  return d.size() >= prefix.size() && equal_bytes(d.first(prefix.size()), prefix);
}

// A header name compared case-insensitively with a lower-case name.
bool name_is(Bytes name, std::string_view lower) {
  return name.size() == lower.size() &&
         std::equal(lower.begin(), lower.end(), name.begin(),
                    [](char c, uint8_t b) { return static_cast<uint8_t>(c) == ascii_lower(b); });
}

bool is_digit(uint8_t c) {
  return c >= '0' && c <= '9';
}

// RFC 9110 token characters.
bool is_tchar(uint8_t c) {
  if (is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_space(uint8_t c) {
  return c == ' ' || c == '\t';
}

enum class LineEnd { Complete, Cut, Bad };

// Expects CRLF or LF at `pos`; on Complete, `pos` is moved past it.
LineEnd consume_line_end(Bytes d, size_t& pos) {
  if (pos < d.size() && d[pos] == '\r') ++pos;
  if (pos == d.size()) return LineEnd::Cut;
  if (d[pos] != '\n') return LineEnd::Bad;
  ++pos;
  return LineEnd::Complete;
}

// Reads "HTTP/1.x" at `pos`. nullopt: not a version; 0: cut by the end of the bytes; else the minor + 1.
std::optional<int> read_version(Bytes d, size_t& pos) {
  Bytes rest = d.subspan(pos);
  size_t n = std::min(rest.size(), kVersionPrefix.size());
  if (!equal_bytes(rest.first(n), kVersionPrefix.substr(0, n))) return std::nullopt;
  if (rest.size() <= kVersionPrefix.size()) return 0;
  uint8_t minor = rest[kVersionPrefix.size()];
  if (!is_digit(minor)) return std::nullopt;
  pos += kVersionPrefix.size() + 1;
  return minor - '0' + 1;
}

// A whole request line after the method: "target HTTP/1.x", or "target" alone (HTTP/0.9). The target is
// what lies between the method and the last space, so a target with spaces in it (attack traffic often
// has them) is kept whole.
bool read_whole_request_line(Bytes line, bool strict, HttpMessage& msg) {
  constexpr size_t kVersionSize = 9;  // " HTTP/1.x"
  Bytes target = line;
  if (line.size() > kVersionSize && line[line.size() - kVersionSize] == ' ') {
    size_t pos = line.size() - kVersionSize + 1;
    std::optional<int> version = read_version(line, pos);
    if (version && *version != 0) {
      msg.version_major = 1;
      msg.version_minor = static_cast<uint8_t>(*version - 1);
      target = line.first(line.size() - kVersionSize);
    }
  }
  if (msg.version_major == 0) {
    if (strict || std::find(line.begin(), line.end(), ' ') != line.end()) return false;
    msg.version_minor = 9;  // "GET /path" and the line end: HTTP/0.9
  }
  while (!target.empty() && target.back() == ' ')
    target = target.first(target.size() - 1);
  if (target.empty() || target.front() == ' ') return false;
  msg.uri.assign(target);
  msg.start_line_complete = true;
  return true;
}

// The start of a request line cut by the end of the bytes: the target up to the first space, and the
// version when it follows whole.
void read_cut_request_line(Bytes rest, HttpMessage& msg) {
  auto space = std::find(rest.begin(), rest.end(), ' ');
  msg.uri.assign(rest.first(static_cast<size_t>(space - rest.begin())));
  if (space == rest.end()) {
    msg.uri.truncated = true;
    return;
  }
  size_t pos = static_cast<size_t>(space - rest.begin()) + 1;
  if (std::optional<int> version = read_version(rest, pos); version && *version != 0) {
    msg.version_major = 1;
    msg.version_minor = static_cast<uint8_t>(*version - 1);
  }
}

// The request line. Returns the offset of the first header line, or nullopt when this is not HTTP.
std::optional<size_t> read_request_line(Bytes d, HttpMessage& msg) {
  size_t pos = 0;
  while (pos < d.size() && pos < kMaxMethodLength && is_tchar(d[pos]))
    ++pos;
  if (pos == 0 || pos == d.size() || d[pos] != ' ') return std::nullopt;
  Bytes token = d.first(pos);
  auto known = std::find_if(kMethods.begin(), kMethods.end(),
                            [&](const MethodToken& m) { return equal_bytes(token, m.text); });
  msg.method = known != kMethods.end() ? known->method : HttpMethod::Other;
  // Other methods must show a whole HTTP/1.x request line before the bytes count as HTTP.
  const bool strict = msg.method == HttpMethod::Other;

  Bytes rest = d.subspan(pos + 1);
  auto lf = std::find(rest.begin(), rest.end(), '\n');
  if (lf == rest.end()) {
    if (strict || (!rest.empty() && rest.front() == ' ')) return std::nullopt;
    read_cut_request_line(rest, msg);
    return d.size();
  }
  Bytes line = rest.first(static_cast<size_t>(lf - rest.begin()));
  if (!line.empty() && line.back() == '\r') line = line.first(line.size() - 1);
  if (!read_whole_request_line(line, strict, msg)) return std::nullopt;
  return pos + 1 + static_cast<size_t>(lf - rest.begin()) + 1;
}

// The status line: "HTTP/1.x NNN reason". Returns the offset of the first header line, or nullopt.
std::optional<size_t> read_status_line(Bytes d, HttpMessage& msg) {
  size_t pos = 0;
  std::optional<int> version = read_version(d, pos);
  if (!version || *version == 0 || d.size() < pos + 4 || d[pos] != ' ') return std::nullopt;
  if (!is_digit(d[pos + 1]) || !is_digit(d[pos + 2]) || !is_digit(d[pos + 3])) return std::nullopt;
  int code = (d[pos + 1] - '0') * 100 + (d[pos + 2] - '0') * 10 + (d[pos + 3] - '0');
  if (code < 100 || code > 599) return std::nullopt;
  pos += 4;
  if (pos < d.size() && d[pos] != ' ' && d[pos] != '\r' && d[pos] != '\n') return std::nullopt;
  msg.kind = HttpMessageKind::Response;
  msg.status_code = static_cast<uint16_t>(code);
  msg.version_major = 1;
  msg.version_minor = static_cast<uint8_t>(*version - 1);
  if (pos < d.size() && d[pos] == ' ') {  // the reason phrase is not kept
    auto lf = std::find(d.begin() + pos, d.end(), '\n');
    pos = lf == d.end() ? d.size() : static_cast<size_t>(lf - d.begin());
    if (pos > 0 && d[pos - 1] == '\r') --pos;
  }
  LineEnd end = consume_line_end(d, pos);
  if (end == LineEnd::Bad) return std::nullopt;
  msg.start_line_complete = end == LineEnd::Complete;
  return pos;
}

template <size_t N>
void take_header(BoundedText<N>& field, Bytes value, bool cut, bool lower = false) {
  if (!field.empty() || field.truncated) return;  // the first one counts
  field.assign(value, lower);
  if (cut) field.truncated = true;
}

void read_header(Bytes line, bool cut, HttpMessage& msg) {
  auto colon = std::find(line.begin(), line.end(), ':');
  if (colon == line.begin() || colon == line.end()) return;
  Bytes name = line.first(static_cast<size_t>(colon - line.begin()));
  if (!std::all_of(name.begin(), name.end(), is_tchar)) return;  // also skips obs-fold continuation lines
  Bytes value = line.subspan(name.size() + 1);
  while (!value.empty() && is_space(value.front()))
    value = value.subspan(1);
  while (!value.empty() && is_space(value.back()))
    value = value.first(value.size() - 1);
  if (name_is(name, "host"))
    take_header(msg.host, value, cut, /*lower=*/true);
  else if (name_is(name, "user-agent"))
    take_header(msg.user_agent, value, cut);
  else if (name_is(name, "content-type"))
    take_header(msg.content_type, value, cut);
  else if (name_is(name, "server"))
    take_header(msg.server, value, cut);
}

void read_headers(Bytes d, size_t pos, HttpMessage& msg) {
  while (pos < d.size()) {
    auto lf = std::find(d.begin() + pos, d.end(), '\n');
    bool cut = lf == d.end();
    size_t end = static_cast<size_t>(lf - d.begin());
    Bytes line = d.subspan(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line = line.first(line.size() - 1);
    if (line.empty()) {
      msg.headers_complete = !cut;
      return;
    }
    read_header(line, cut, msg);
    pos = end + 1;
  }
}

}  // namespace

std::string_view http_method_name(HttpMethod method) {
  for (const MethodToken& m : kMethods)
    if (m.method == method) return m.text;
  return "other";
}

bool looks_like_http(std::span<const uint8_t> payload) {
  if (payload.empty()) return false;
  if (starts_with(payload, kVersionPrefix)) return true;
  for (const MethodToken& m : kMethods)
    if (payload.size() > m.text.size() && payload[m.text.size()] == ' ' && starts_with(payload, m.text))
      return true;
  return false;
}

std::optional<HttpMessage> parse_http(std::span<const uint8_t> payload) {
  std::optional<HttpMessage> out(std::in_place);
  HttpMessage& msg = *out;
  std::optional<size_t> headers =
      starts_with(payload, kVersionPrefix) ? read_status_line(payload, msg) : read_request_line(payload, msg);
  if (!headers) return std::nullopt;
  if (msg.start_line_complete) read_headers(payload, *headers, msg);
  return out;
}

}  // namespace netmeter::l7
