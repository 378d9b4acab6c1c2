// fuzz_multipart: arbitrary bytes as a multipart/form-data body through http::MultipartParser, fed once
// whole and once in pieces of fuzzer-chosen sizes; plus the helpers that see the same untrusted text
// (Content-Type parameters, client file names).
//
// Input: byte 0 seeds the piece sizes; bit 7 of byte 1 turns on token expansion (below). Then the boundary
// up to the first '\n' (empty or longer than 70 bytes: "B"), then the body.
// Token expansion, so that no dictionary is needed: bytes 0x01..0x06 of the body stand for the delimiter
// "\r\n--<boundary>", "--", "\r\n", "Content-Disposition: form-data; name=\"", "\"; filename=\"",
// "\r\nContent-Type: ".
//
// Invariants: both feedings give the same parts, data and outcome; no part's data contains the delimiter;
// callbacks come in begin, data*, end order; after a failure the parser stays failed; the sanitised file
// name and the Content-Disposition value only hold their allowed characters.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "http/header_value.hpp"
#include "http/multipart_parser.hpp"
#include "http/sanitise.hpp"

using namespace netmeter;

namespace {

struct Part {
  http::MultipartPartHead head;
  std::string data;
  bool ended = false;
};

class Recorder : public http::MultipartParser::Sink {
 public:
  bool on_part_begin(const http::MultipartPartHead& head) override {
    NETMETER_FUZZ_CHECK(parts.empty() || parts.back().ended);
    parts.push_back({head, {}, false});
    return true;
  }
  bool on_part_data(std::span<const char> data) override {
    NETMETER_FUZZ_CHECK(!parts.empty() && !parts.back().ended);
    NETMETER_FUZZ_CHECK(!data.empty());
    parts.back().data.append(data.data(), data.size());
    return true;
  }
  bool on_part_end() override {
    NETMETER_FUZZ_CHECK(!parts.empty() && !parts.back().ended);
    parts.back().ended = true;
    return true;
  }
  std::vector<Part> parts;
};

struct Outcome {
  bool fed = true;
  bool finished = false;
  std::string error;
};

std::string expand(std::string_view body, const std::string& boundary) {
  std::string out;
  for (char c : body) {
    switch (c) {
      case 0x01:
        out += "\r\n--" + boundary;
        break;
      case 0x02:
        out += "--";
        break;
      case 0x03:
        out += "\r\n";
        break;
      case 0x04:
        out += "Content-Disposition: form-data; name=\"";
        break;
      case 0x05:
        out += "\"; filename=\"";
        break;
      case 0x06:
        out += "\r\nContent-Type: ";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Outcome run(const std::string& boundary, std::string_view body, uint32_t seed, Recorder& recorder) {
  http::MultipartParser parser(boundary, recorder, {.max_part_head_bytes = 512, .max_parts = 64});
  Outcome outcome;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t n = body.size() - pos;
    if (seed != 0) {
      seed = seed * 1103515245 + 12345;
      n = std::min<size_t>(n, (seed >> 16) % 40);  // includes empty pieces
    }
    bool ok = parser.feed(std::span<const char>(body.data() + pos, n));
    pos += n;
    if (!ok) {
      outcome.fed = false;
      NETMETER_FUZZ_CHECK(!parser.error().empty());
      NETMETER_FUZZ_CHECK(!parser.feed(std::span<const char>(body.data(), std::min<size_t>(body.size(), 3))));
      break;
    }
  }
  outcome.finished = parser.finish();
  NETMETER_FUZZ_CHECK(outcome.finished == parser.done());
  NETMETER_FUZZ_CHECK(outcome.finished || !parser.error().empty());
  outcome.error = parser.error();
  return outcome;
}

void check_names(const http::MultipartPartHead& head) {
  if (!head.file_name) return;
  std::string safe = http::sanitise_file_name(*head.file_name);
  NETMETER_FUZZ_CHECK(safe.size() <= 200);
  NETMETER_FUZZ_CHECK(safe.empty() || (safe.front() != '.' && safe.front() != ' '));
  NETMETER_FUZZ_CHECK(
      safe.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._- ") ==
      std::string::npos);
  std::string disposition = http::content_disposition_attachment(*head.file_name);
  std::string_view name = std::string_view(disposition).substr(22);  // after `attachment; filename="`
  name.remove_suffix(1);
  NETMETER_FUZZ_CHECK(!name.empty());
  NETMETER_FUZZ_CHECK(
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
      std::string_view::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  uint32_t seed = static_cast<uint8_t>(input[0]) | 1u;
  bool tokens = (static_cast<uint8_t>(input[1]) & 0x80) != 0;
  input.remove_prefix(2);
  size_t eol = input.find('\n');
  std::string boundary(input.substr(0, eol));
  input = eol == std::string_view::npos ? std::string_view{} : input.substr(eol + 1);
  if (boundary.empty() || boundary.size() > 70) boundary = "B";

  // The Content-Type helper must accept what it builds from this boundary, or refuse it for a reason.
  auto parsed = http::MultipartParser::boundary_of("multipart/form-data; boundary=\"" + boundary + "\"");
  (void)http::parse_parameterized(boundary);

  std::string body = tokens ? expand(input, boundary) : std::string(input);
  Recorder whole, pieces;
  Outcome a = run(boundary, body, 0, whole);
  Outcome b = run(boundary, body, seed, pieces);

  NETMETER_FUZZ_CHECK(a.fed == b.fed && a.finished == b.finished && a.error == b.error);
  NETMETER_FUZZ_CHECK(whole.parts.size() == pieces.parts.size());
  const std::string delimiter = "\r\n--" + boundary;
  for (size_t i = 0; i < whole.parts.size(); ++i) {
    const Part& p = whole.parts[i];
    const Part& q = pieces.parts[i];
    NETMETER_FUZZ_CHECK(p.head.name == q.head.name && p.head.file_name == q.head.file_name &&
                        p.head.content_type == q.head.content_type && p.ended == q.ended);
    // A failed parse may cut the last part short at a different place; complete parts must agree.
    if (p.ended) NETMETER_FUZZ_CHECK(p.data == q.data);
    NETMETER_FUZZ_CHECK(p.data.find(delimiter) == std::string::npos);
    check_names(p.head);
  }
  (void)parsed;
  return 0;
}
