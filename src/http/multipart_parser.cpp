#include "http/multipart_parser.hpp"

#include "http/header_value.hpp"
#include "http/headers.hpp"
#include "http/url.hpp"

namespace netmeter::http {
namespace {

constexpr size_t kMaxBoundary = 200;
constexpr size_t kMaxPadding = 64;  // transport padding (spaces) allowed after a delimiter

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// RFC 5987 ext-value: charset'language'percent-encoded. The bytes are taken as they decode.
std::optional<std::string> decode_ext_value(std::string_view value) {
  size_t first = value.find('\'');
  if (first == std::string_view::npos) return std::nullopt;
  size_t second = value.find('\'', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  return percent_decode(value.substr(second + 1), false);
}

}  // namespace

MultipartParser::MultipartParser(std::string_view boundary, Sink& sink, Limits limits)
    : delimiter_("\r\n--" + std::string(boundary)), sink_(sink), limits_(limits) {
  // The first delimiter may open the body without a CRLF before it; a virtual one makes it match.
  buffer_ = "\r\n";
}

bool MultipartParser::feed(std::span<const char> data) {
  if (state_ == State::failed) return false;
  if (state_ == State::epilogue) return true;
  buffer_.append(data.data(), data.size());
  while (step()) {
  }
  if (state_ == State::failed) return false;
  buffer_.erase(0, pos_);
  pos_ = 0;
  return true;
}

bool MultipartParser::finish() {
  if (state_ == State::failed) return false;
  if (state_ != State::epilogue) return fail("multipart body ends before its closing delimiter");
  return true;
}

bool MultipartParser::fail(std::string message) {
  state_ = State::failed;
  error_ = std::move(message);
  buffer_.clear();
  pos_ = 0;
  return false;
}

bool MultipartParser::step() {
  switch (state_) {
    case State::preamble:
      return step_preamble();
    case State::after_delimiter:
      return step_after_delimiter();
    case State::head:
      return step_head();
    case State::body:
      return step_body();
    case State::epilogue:
      pos_ = buffer_.size();
      return false;
    case State::failed:
      return false;
  }
  return false;
}

bool MultipartParser::step_preamble() {
  std::string_view view = std::string_view(buffer_).substr(pos_);
  size_t at = view.find(delimiter_);
  if (at == std::string_view::npos) {
    // Keep only what could be the start of a delimiter split across pieces.
    if (view.size() >= delimiter_.size()) pos_ += view.size() - (delimiter_.size() - 1);
    return false;
  }
  pos_ += at + delimiter_.size();
  state_ = State::after_delimiter;
  return true;
}

bool MultipartParser::step_after_delimiter() {
  std::string_view view = std::string_view(buffer_).substr(pos_);
  if (view.size() < 2) return false;
  if (view.substr(0, 2) == "--") {
    state_ = State::epilogue;
    pos_ = buffer_.size();
    return false;
  }
  size_t i = 0;
  while (i < view.size() && (view[i] == ' ' || view[i] == '\t'))
    ++i;
  if (i > kMaxPadding) return fail("malformed multipart delimiter line");
  if (i + 2 > view.size()) return false;
  if (view[i] != '\r' || view[i + 1] != '\n') return fail("malformed multipart delimiter line");
  pos_ += i + 2;
  state_ = State::head;
  return true;
}

bool MultipartParser::step_head() {
  std::string_view view = std::string_view(buffer_).substr(pos_);
  std::string_view text;
  size_t consumed = 0;
  if (view.substr(0, 2) == "\r\n") {
    consumed = 2;  // a part without header fields
  } else {
    size_t end = view.find("\r\n\r\n");
    if (end == std::string_view::npos) {
      // Fail only once no terminator could still start within the limit, so that the outcome does not
      // depend on how the bytes were split.
      if (view.size() >= limits_.max_part_head_bytes + 4) return fail("multipart part head too large");
      return false;
    }
    if (end > limits_.max_part_head_bytes) return fail("multipart part head too large");
    text = view.substr(0, end);
    consumed = end + 4;
  }
  if (++parts_ > limits_.max_parts) return fail("too many multipart parts");
  MultipartPartHead head;
  if (!parse_head(text, head)) return false;
  pos_ += consumed;
  if (!sink_.on_part_begin(head)) return fail("multipart part rejected");
  state_ = State::body;
  return true;
}

bool MultipartParser::step_body() {
  std::string_view view = std::string_view(buffer_).substr(pos_);
  size_t at = view.find(delimiter_);
  if (at == std::string_view::npos) {
    if (view.size() >= delimiter_.size()) {
      size_t n = view.size() - (delimiter_.size() - 1);
      if (!sink_.on_part_data(view.substr(0, n))) return fail("multipart part data rejected");
      pos_ += n;
    }
    return false;
  }
  if (at > 0 && !sink_.on_part_data(view.substr(0, at))) return fail("multipart part data rejected");
  pos_ += at + delimiter_.size();
  if (!sink_.on_part_end()) return fail("multipart part rejected");
  state_ = State::after_delimiter;
  return true;
}

bool MultipartParser::parse_head(std::string_view text, MultipartPartHead& head) {
  Headers fields;
  std::string name, value;
  auto flush = [&] {
    if (!name.empty()) fields.add(std::move(name), std::string(trim(value)));
    name.clear();
    value.clear();
  };
  while (!text.empty()) {
    size_t eol = text.find("\r\n");
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 2);
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      if (name.empty()) return fail("malformed multipart part head");
      value += ' ';
      value += trim(line);  // obsolete line folding
      continue;
    }
    flush();
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || trim(line.substr(0, colon)).empty()) {
      return fail("malformed multipart part head");
    }
    name = std::string(trim(line.substr(0, colon)));
    value = std::string(line.substr(colon + 1));
  }
  flush();

  auto disposition = fields.get("Content-Disposition");
  if (!disposition) return fail("multipart part without Content-Disposition");
  ParameterizedValue d = parse_parameterized(*disposition);
  head.name = std::string(d.parameter("name").value_or(""));
  if (auto ext = d.parameter("filename*")) head.file_name = decode_ext_value(*ext);
  if (!head.file_name) {
    if (auto plain = d.parameter("filename")) head.file_name = std::string(*plain);
  }
  head.content_type = std::string(fields.get("Content-Type").value_or(""));
  return true;
}

std::optional<std::string> MultipartParser::boundary_of(std::string_view content_type) {
  ParameterizedValue v = parse_parameterized(content_type);
  if (v.value != "multipart/form-data") return std::nullopt;
  auto boundary = v.parameter("boundary");
  if (!boundary || boundary->empty() || boundary->size() > kMaxBoundary) return std::nullopt;
  for (char c : *boundary) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return std::nullopt;
  }
  return std::string(*boundary);
}

}  // namespace netmeter::http
