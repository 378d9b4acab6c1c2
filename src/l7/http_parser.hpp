#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "l7/bounded_text.hpp"

namespace netmeter::l7 {

enum class HttpMethod : uint8_t { Get, Post, Put, Delete, Head, Options, Patch, Connect, Trace, Other };

/// "GET", "POST", ...; "other" for Other.
std::string_view http_method_name(HttpMethod method);

enum class HttpMessageKind : uint8_t { Request, Response };

/// The start line of an HTTP/1.x message and the headers of interest found in the same segment.
struct HttpMessage {
  HttpMessageKind kind = HttpMessageKind::Request;
  HttpMethod method = HttpMethod::Other;  ///< requests
  BoundedText<256> uri;                   ///< requests: the request target as sent
  uint16_t status_code = 0;               ///< responses: 100..599
  /// "HTTP/1.1" gives 1 and 1; a request line cut before its version leaves 0 and 0, and a complete
  /// request line without one (HTTP/0.9) gives 0 and 9.
  uint8_t version_major = 0;
  uint8_t version_minor = 0;
  bool start_line_complete = false;  ///< the start line ended inside the segment
  bool headers_complete = false;     ///< the empty line ending the header block is in the segment

  // The first value of each header, without surrounding white space. A header cut by the segment end
  // keeps what was there and is marked truncated.
  BoundedText<256> host;  ///< lower-cased; a port stays
  BoundedText<256> user_agent;
  BoundedText<64> content_type;
  BoundedText<64> server;
};

/// A cheap per-packet test: the bytes start with a known method and a space, or with "HTTP/1.".
bool looks_like_http(std::span<const uint8_t> payload);

/// Parses the start of an HTTP/1.x request or response (a TCP payload that starts a message). nullopt
/// when the start line is not HTTP/1.x: a request needs a known method (or, for other methods, a whole
/// request line ending in "HTTP/1.x"), a response "HTTP/1.x" and a status code from 100 to 599.
std::optional<HttpMessage> parse_http(std::span<const uint8_t> payload);

}  // namespace netmeter::l7
