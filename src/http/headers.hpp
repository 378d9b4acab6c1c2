#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netmeter::http {

/// One header field as received or as it will be sent.
struct HeaderField {
  std::string name;
  std::string value;
};

/// An ordered list of header fields with case-insensitive name lookup. Repeated names are kept.
/// It stores what it is given: sanitising belongs to `Response::set_header`.
class Headers {
 public:
  /// Appends a field, keeping any earlier field of the same name.
  void add(std::string name, std::string value);
  /// Replaces every field of that name by one field (appended when absent).
  void set(std::string name, std::string value);
  /// Removes every field of that name; returns how many were removed.
  size_t remove(std::string_view name);

  /// The first field of that name.
  std::optional<std::string_view> get(std::string_view name) const;
  /// Every field of that name, in order.
  std::vector<std::string_view> get_all(std::string_view name) const;
  bool contains(std::string_view name) const { return get(name).has_value(); }

  const std::vector<HeaderField>& fields() const { return fields_; }
  auto begin() const { return fields_.begin(); }
  auto end() const { return fields_.end(); }
  size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }

 private:
  std::vector<HeaderField> fields_;
};

/// ASCII case-insensitive equality (header names, tokens, media types).
bool iequals(std::string_view a, std::string_view b);

}  // namespace netmeter::http
