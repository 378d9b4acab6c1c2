#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "http/headers.hpp"

namespace netmeter::http {

class WakeTarget;

/// Resumes a streaming response that answered "nothing yet" (BodySource::Pull::pending). Copyable and
/// cheap; `wake()` may be called from any thread, never blocks and does not allocate, so a producer
/// thread (a packet reader, a query worker) can call it. A wake after the response ended does nothing.
class Waker {
 public:
  Waker() = default;
  explicit Waker(std::shared_ptr<WakeTarget> target) : target_(std::move(target)) {}
  void wake() const;
  explicit operator bool() const { return target_ != nullptr; }

 private:
  std::shared_ptr<WakeTarget> target_;
};

/// What a Waker wakes (implemented by the server's connections).
class WakeTarget {
 public:
  virtual ~WakeTarget() = default;
  virtual void wake() = 0;
};

/// A response body produced piece by piece (pcap extraction, CSV, large JSON lists). The server pulls
/// the next piece only after the previous one was written to the socket, so a slow client slows the
/// producer down instead of making the server buffer. `pull` runs on a server thread and must never
/// block: when nothing is ready it answers `pending`, and the server pulls again once the source's
/// Waker is called or the `retry` time has passed, whichever comes first. While a stream is pending the
/// server watches the socket, so a client that goes away ends the stream (and destroys the source) at once.
class BodySource {
 public:
  struct Pull {
    enum class State { data, pending, end, failed };
    State state = State::end;
    size_t bytes = 0;                       ///< data: bytes written into the buffer (at least 1)
    std::chrono::milliseconds retry{1000};  ///< pending: pull again after this at the latest

    static Pull data(size_t n) { return {State::data, n, {}}; }
    static Pull pending(std::chrono::milliseconds retry_after = std::chrono::milliseconds(1000)) {
      return {State::pending, 0, retry_after};
    }
    static Pull end() { return {State::end, 0, {}}; }
    /// The body is incomplete: the server aborts the connection instead of ending the body normally, so
    /// the client sees the truncation.
    static Pull failed() { return {State::failed, 0, {}}; }
  };

  virtual ~BodySource() = default;
  /// Fills up to `buffer.size()` bytes, or says why not (see Pull). Never blocks.
  virtual Pull pull(std::span<char> buffer) = 0;
  /// Called once before the first pull with the waker of this response; keep it to signal data.
  virtual void set_waker(Waker /*waker*/) {}
  /// The total size when known in advance (sent as Content-Length unless compressed).
  virtual std::optional<uint64_t> size() const { return std::nullopt; }
};

class Response;

/// An answer that takes long to compute (a query on a history store, possibly remote) and is computed off
/// the server's threads. The handler returns a Response whose `later` is set; the server then waits without
/// holding a thread, as for a pending stream (woken by the waker, or looking again every second; ending
/// the wait when the client goes away), and writes the Response `take` gives once ready.
class PendingResponse {
 public:
  virtual ~PendingResponse() = default;
  /// Called once before the first take() with the waker of this answer; call it when the answer is ready.
  virtual void set_waker(Waker waker) = 0;
  /// The final answer once ready, else nullopt. Never blocks. The answer's own `later` is ignored.
  virtual std::optional<Response> take() = 0;
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
  std::string body;                        ///< used when `stream` is null
  std::unique_ptr<BodySource> stream;      ///< streamed body; takes precedence over `body`
  std::optional<bool> compress;            ///< see compressible()
  std::unique_ptr<PendingResponse> later;  ///< set: the real answer comes later (the rest is unused)

 private:
  Headers headers_;
};

/// The standard reason phrase of a status code ("Not Found"), or "Unknown".
std::string_view reason_phrase(int status);

}  // namespace netmeter::http
