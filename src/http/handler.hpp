#pragma once

#include <any>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/growing_file.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace netmeter::http {

/// Where and how much of a request body the server accepts; chosen per request once the head is read.
struct BodyPolicy {
  enum class Storage {
    memory,  ///< into Request::body
    file,    ///< raw bodies into Request::body_file, multipart/form-data into form_fields and files
  };

  Storage storage = Storage::memory;
  /// The most body bytes accepted (more → 413). Unset: ServerLimits::max_body_bytes.
  std::optional<uint64_t> max_bytes;
  /// For Storage::file: an existing directory where the body files are created (mode 0600).
  std::string directory;
  /// When set, the body is not read: this response is sent instead of calling handle() (e.g. 401 or 404
  /// before a large upload). If the request announced a body, the connection then closes.
  std::optional<Response> reject;
  /// What the handler learnt from the head (e.g. who authenticated), handed to handle() as
  /// Request::state.
  std::any state;
  /// For Storage::file: when set, the server reports the body file as it grows, for a reader that
  /// consumes it while it arrives. A raw body is the file; of a multipart body, the first file part. The
  /// server always ends it: complete once that file is whole, aborted when the body is refused, fails
  /// or the connection dies (also when a multipart body held no file part).
  std::shared_ptr<core::GrowingFile> progress;

  static BodyPolicy in_memory(std::optional<uint64_t> max_bytes = std::nullopt);
  static BodyPolicy to_file(std::string directory, uint64_t max_bytes);
  static BodyPolicy rejected(Response response);
};

/// The application behind the server (the API router). All methods run on server threads, concurrently
/// for different connections; they may block briefly. Exceptions are caught and answered with 500.
class Handler {
 public:
  virtual ~Handler() = default;

  /// Called after the request head was read, before any body byte: the place to authenticate and to
  /// refuse, so that nobody's body is read before it is known who sends it. Default: in memory, server
  /// limit.
  virtual BodyPolicy body_policy(const RequestHead& head);

  /// Produces the response to a complete request.
  virtual Response handle(Request& request) = 0;

  /// Formats a transport-level error (400 malformed, 408 timeout, 413 body too large, 431 header too
  /// large, 500, 503 ...). `head` is null when the request head could not be read. Default: text/plain.
  virtual Response error_response(int status, std::string_view message, const RequestHead* head);
};

}  // namespace netmeter::http
