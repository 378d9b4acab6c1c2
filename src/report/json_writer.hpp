#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace netmeter::report {

/// Appends JSON text to a string, placing commas itself. The statistics sections write hundreds of
/// thousands of small objects; building a Boost.JSON value for each and serialising it costs several
/// times more than appending the text directly.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  /// The key of the next member of the current object.
  JsonWriter& key(std::string_view k);

  JsonWriter& value(uint64_t v);
  JsonWriter& value(int64_t v);
  JsonWriter& value(uint32_t v) { return value(uint64_t{v}); }
  JsonWriter& value(uint16_t v) { return value(uint64_t{v}); }
  JsonWriter& value(int v) { return value(int64_t{v}); }
  JsonWriter& value(double v);
  JsonWriter& value(bool v);
  JsonWriter& value(std::string_view v);
  JsonWriter& value(const char* v) { return value(std::string_view(v)); }
  JsonWriter& null();
  /// Text that is already JSON (a number or a serialised value).
  JsonWriter& raw(std::string_view json);

  /// key(k).value(v)
  template <typename T>
  JsonWriter& member(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }
  /// Epoch seconds with microsecond precision from nanoseconds, as the rest of the report writes times;
  /// null for 0 (never).
  JsonWriter& time_member(std::string_view k, int64_t ns);

  /// Appends `s` as a JSON string: quotes, escapes, and bytes that are not valid UTF-8 as \u00XX.
  static void append_string(std::string& out, std::string_view s);

 private:
  void separate();

  std::string& out_;
  std::vector<bool> has_items_;  ///< per open container: whether it holds an item already
  bool after_key_ = false;
};

}  // namespace netmeter::report
