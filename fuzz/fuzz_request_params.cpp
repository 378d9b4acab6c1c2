// fuzz_request_params: arbitrary request text through what the API reads before and around a route: the
// parameters (query string and JSON, urlencoded or multipart bodies), the UTF-8 check every text passes,
// the Origin/Referer check of state-changing requests, and the client key of the connection limits.
//
// Input: byte 0 picks the body's Content-Type (JSON, none, urlencoded, multipart with boundary "B"); byte 1
// bit 0 marks the connection as TLS. The rest is split at '\n' into: Host, Origin, Referer, query string,
// and the body (the remainder, newlines included). An empty Origin or Referer line means "no header".
//
// Invariants: is_valid_utf8 agrees with an independent code-point decoder; when Params::parse accepts a
// request, every parameter a route can read is valid UTF-8; a request with neither Origin nor Referer is
// same-origin, and one whose Origin is its own scheme and Host is too.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/origin_check.hpp"
#include "api/params.hpp"
#include "fuzz_support.hpp"
#include "http/detail/connection_registry.hpp"
#include "http/sanitise.hpp"
#include "http/url.hpp"

using namespace netmeter;

namespace {

// A second opinion on UTF-8: decode each code point, then judge it (shortest form, no surrogate, in range).
bool reference_utf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > text.size()) return false;
    uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
      auto b = static_cast<unsigned char>(text[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  static constexpr const char* kTypes[] = {"application/json", "", "application/x-www-form-urlencoded",
                                           "multipart/form-data; boundary=B"};
  const char* type = kTypes[data[0] % 4];
  bool tls = (data[1] & 1) != 0;
  std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
  NETMETER_FUZZ_CHECK(http::is_valid_utf8(text) == reference_utf8(text));

  auto f = fuzz::split_lines(text, 5);
  http::Request request;
  request.method = "POST";
  request.tls = tls;
  request.headers.add("Host", std::string(f[0]));
  if (!f[1].empty()) request.headers.add("Origin", std::string(f[1]));
  if (!f[2].empty()) request.headers.add("Referer", std::string(f[2]));
  if (*type) request.headers.add("Content-Type", type);
  request.raw_query = std::string(f[3]);
  request.query = http::parse_query(request.raw_query);
  request.body = std::string(f[4]);

  api::Params params;
  if (!params.parse(request)) {
    for (const auto& q : request.query) {
      NETMETER_FUZZ_CHECK(http::is_valid_utf8(q.key));
      if (auto v = params.get(q.key)) NETMETER_FUZZ_CHECK(http::is_valid_utf8(*v));
    }
  }

  bool same = api::same_origin(request);
  if (f[1].empty() && f[2].empty()) NETMETER_FUZZ_CHECK(same);
  http::RequestHead own = request;
  own.headers = {};
  own.headers.add("Host", std::string(f[0]));
  own.headers.add("Origin", std::string(tls ? "https://" : "http://") + std::string(f[0]));
  if (!f[0].empty() && f[0].find_first_of("/?#") == std::string_view::npos)
    NETMETER_FUZZ_CHECK(api::same_origin(own));

  (void)http::client_key(f[0]);
  return 0;
}
