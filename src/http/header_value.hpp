#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netmeter::http {

/// A header value of the form `value; name=token; name="quoted"` (Content-Type, Content-Disposition).
struct ParameterizedValue {
  struct Parameter {
    std::string name;   ///< lower-cased
    std::string value;  ///< unquoted
  };
  std::string value;  ///< the leading token, lower-cased, e.g. "multipart/form-data"
  std::vector<Parameter> parameters;

  /// The first parameter of that name (give it in lower case).
  std::optional<std::string_view> parameter(std::string_view name) const;
};

/// Lenient parse of a parameterized header value. In quoted strings a backslash escapes only '"' and
/// '\\' (browsers send Windows paths unescaped).
ParameterizedValue parse_parameterized(std::string_view text);

/// True when an Accept-Encoding value allows gzip (by "gzip", "x-gzip" or "*", with a non-zero q).
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace netmeter::http
