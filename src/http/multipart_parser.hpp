#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace netmeter::http {

/// The head of one multipart/form-data part.
struct MultipartPartHead {
  std::string name;                      ///< the form field name ("" when missing)
  std::optional<std::string> file_name;  ///< the client's file name, unsanitised, when the part is a file
  std::string content_type;              ///< "" when absent
};

/// Incremental multipart/form-data parser (RFC 7578 / RFC 2046). Bytes arrive in pieces of any size; a
/// delimiter split across pieces is found. Memory stays bounded by the largest piece plus the part-head
/// limit. It parses untrusted bytes: see fuzz/fuzz_multipart.cpp.
class MultipartParser {
 public:
  /// Receives the parts. A `false` return stops parsing with an error.
  class Sink {
   public:
    virtual ~Sink() = default;
    virtual bool on_part_begin(const MultipartPartHead& head) = 0;
    virtual bool on_part_data(std::span<const char> data) = 0;
    virtual bool on_part_end() = 0;
  };

  struct Limits {
    size_t max_part_head_bytes = 8192;
    size_t max_parts = 1000;
  };

  MultipartParser(std::string_view boundary, Sink& sink, Limits limits);
  MultipartParser(std::string_view boundary, Sink& sink) : MultipartParser(boundary, sink, Limits{}) {}

  /// Parses the next bytes of the body. Returns false once an error happened (see error()).
  bool feed(std::span<const char> data);
  /// Call at the end of the body: false (with an error) unless the closing delimiter was seen.
  bool finish();
  /// True once the closing delimiter was seen; later bytes (the epilogue) are ignored.
  bool done() const { return state_ == State::epilogue; }
  const std::string& error() const { return error_; }

  /// The boundary parameter of a `multipart/form-data` Content-Type; nullopt when the type is another
  /// one or the boundary is missing or invalid (empty, longer than 200 bytes, control characters).
  static std::optional<std::string> boundary_of(std::string_view content_type);

 private:
  enum class State { preamble, after_delimiter, head, body, epilogue, failed };

  // Each step consumes from buffer_[pos_...]; returns false when it needs more bytes or failed.
  bool step();
  bool step_preamble();
  bool step_after_delimiter();
  bool step_head();
  bool step_body();
  bool parse_head(std::string_view text, MultipartPartHead& head);
  bool fail(std::string message);

  std::string delimiter_;  // "\r\n--" + boundary
  Sink& sink_;
  Limits limits_;
  State state_ = State::preamble;
  std::string buffer_;
  size_t pos_ = 0;
  size_t parts_ = 0;
  std::string error_;
};

}  // namespace netmeter::http
