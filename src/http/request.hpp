#pragma once

#include <any>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/growing_file.hpp"
#include "http/headers.hpp"

namespace netmeter::http {

/// One `key=value` pair of the query string, percent-decoded (`+` is a space). Repeated keys are kept.
struct QueryParam {
  std::string key;
  std::string value;
};

/// What is known once the request head has been read: everything but the body.
struct RequestHead {
  std::string method;     ///< as sent, e.g. "GET"
  std::string target;     ///< raw request target, e.g. "/API/stats?x=%20"
  std::string path;       ///< percent-decoded path of the target ("*" for `OPTIONS *`)
  std::string raw_query;  ///< undecoded text after '?', empty when none
  std::vector<QueryParam> query;
  Headers headers;
  unsigned version = 11;                   ///< 10 for HTTP/1.0, 11 for HTTP/1.1
  std::optional<uint64_t> content_length;  ///< from Content-Length; unset when chunked or absent
  bool chunked = false;                    ///< Transfer-Encoding: chunked
  std::string client_address;              ///< peer IP address, e.g. "127.0.0.1" or "::1"
  uint16_t client_port = 0;
  bool tls = false;  ///< arrived on a TLS endpoint

  /// The first query value of that key (exact, case-sensitive match).
  std::optional<std::string_view> query_value(std::string_view key) const;
  /// Every query value of that key, in order.
  std::vector<std::string_view> query_values(std::string_view key) const;
  /// The first header of that name (case-insensitive).
  std::optional<std::string_view> header(std::string_view name) const { return headers.get(name); }
  /// True when the request announces a body (non-zero Content-Length or chunked).
  bool has_body() const { return chunked || content_length.value_or(0) > 0; }
};

/// A raw request body that was streamed to disk (BodyPolicy::to_file, not multipart).
struct BodyFile {
  std::string path;
  uint64_t size = 0;
};

/// A non-file field of a multipart/form-data body.
struct FormField {
  std::string name;
  std::string value;
};

/// A file part of a multipart/form-data body, streamed to disk.
struct UploadedFile {
  std::string field_name;
  std::string file_name;  ///< client's file name, sanitised (see sanitise_file_name); may be empty
  std::string content_type;
  std::string path;  ///< where the bytes are on disk
  uint64_t size = 0;
};

/// A complete request as given to Handler::handle. Files named in `body_file` and `files` are removed
/// after `handle` returns if they are still at their path: to keep one, rename it (or clear the entry).
struct Request : RequestHead {
  std::string body;                    ///< in-memory body (BodyPolicy::in_memory)
  std::optional<BodyFile> body_file;   ///< raw body on disk (BodyPolicy::to_file, body present)
  std::vector<FormField> form_fields;  ///< multipart/form-data fields (BodyPolicy::to_file)
  std::vector<UploadedFile> files;     ///< multipart/form-data files (BodyPolicy::to_file)
  std::any state;                      ///< BodyPolicy::state of this request
  /// BodyPolicy::progress of this request: set when a reader followed the body file while it arrived.
  std::shared_ptr<core::GrowingFile> progress;

  /// The first multipart field of that name.
  const FormField* form_field(std::string_view name) const;
};

}  // namespace netmeter::http
