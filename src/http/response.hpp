#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "http/headers.hpp"

namespace netmeter::http {

/// A response body produced piece by piece (pcap extraction, CSV, large JSON lists). The server pulls
/// the next piece only after the previous one was written to the socket, so a slow client slows the
/// producer down instead of making the server buffer. `read` runs on a server thread.
class BodySource {
 public:
  virtual ~BodySource() = default;
  /// Fills up to `buffer.size()` bytes and returns how many; 0 means the end of the body.
  virtual size_t read(std::span<char> buffer) = 0;
  /// The total size when known in advance (sent as Content-Length unless compressed).
  virtual std::optional<uint64_t> size() const { return std::nullopt; }
  /// Checked when `read` returned 0: true means the body is incomplete, and the server aborts the
  /// connection instead of ending the body normally, so the client sees the truncation.
  virtual bool failed() const { return false; }
};

/// A response: status, headers and either an in-memory body or a BodySource.
/// Content-Length, Transfer-Encoding and Connection are the server's business and are ignored if set.
class Response {
 public:
  Response() = default;
  explicit Response(int status_code) : status(status_code) {}
  Response(int status_code, std::string_view content_type, std::string body_text);

  /// Sets (replacing) a header. The value is sanitised (CR/LF and other control characters dropped);
  /// returns false and changes nothing when `name` is not a valid header name.
  bool set_header(std::string_view name, std::string_view value);
  /// Adds a header without replacing earlier ones of the same name (e.g. Set-Cookie). Same checks.
  bool add_header(std::string_view name, std::string_view value);
  /// Removes every header of that name.
  void remove_header(std::string_view name) { headers_.remove(name); }
  /// `Content-Disposition: attachment; filename="..."`, keeping only safe characters of `file_name`.
  void set_attachment(std::string_view file_name);
  const Headers& headers() const { return headers_; }

  /// Whether gzip may be applied when the client accepts it. Unset: decided by Content-Type (text/*,
  /// JSON, CSV, XML, JavaScript, SVG are compressed; anything else, e.g. pcap, is not).
  bool compressible() const;

  int status = 200;
  std::string body;                    ///< used when `stream` is null
  std::unique_ptr<BodySource> stream;  ///< streamed body; takes precedence over `body`
  std::optional<bool> compress;        ///< see compressible()

 private:
  Headers headers_;
};

/// The standard reason phrase of a status code ("Not Found"), or "Unknown".
std::string_view reason_phrase(int status);

}  // namespace netmeter::http
