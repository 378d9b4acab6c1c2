#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/request.hpp"

namespace netmeter::api {

/// Request parameters merged from the query string and the body (JSON object, urlencoded form or
/// multipart form), as strings: JSON numbers and booleans are kept in their JSON spelling, arrays of
/// scalars are joined with ',', objects are kept as their JSON text. Body values come after query values, so
/// the query wins on `get`.
class Params {
 public:
  /// nullopt on success, else why the parameters cannot be used (bad JSON, a name or value that is not
  /// valid UTF-8 wherever it came from, not an object, broken multipart): the caller answers 400.
  std::optional<std::string> parse(const http::Request& request);

  void add(std::string key, std::string value) { values_.emplace_back(std::move(key), std::move(value)); }
  std::optional<std::string_view> get(std::string_view key) const;
  /// The value when present and non-empty.
  std::optional<std::string_view> non_empty(std::string_view key) const;
  /// "1", "true", "on", "yes" → true; "0", "false", "off", "no", "" → false; absent → nullopt.
  std::optional<bool> flag(std::string_view key) const;

  /// A whole number in [min, max]; `value` unset when the parameter is absent or empty, `error` (for a
  /// 400) when it is not a decimal integer in that range.
  struct Integer {
    std::optional<int64_t> value;
    std::optional<std::string> error;
  };
  Integer integer(std::string_view key, int64_t min, int64_t max) const;

 private:
  std::optional<std::string> parse_sources(const http::Request& request);
  std::optional<std::string> check_text() const;
  std::optional<std::string> parse_json(std::string_view body);
  std::optional<std::string> parse_multipart(std::string_view body, std::string_view content_type);

  std::vector<std::pair<std::string, std::string>> values_;
};

/// Splits "a, b,,c" into {"a","b","c"}.
std::vector<std::string> split_list(std::string_view text);

}  // namespace netmeter::api
