#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netmeter::geo {

/// English country names by ISO 3166-1 alpha-2 code, read from the iso-codes JSON table that Debian
/// ships (/usr/share/iso-codes/json/iso_3166-1.json, package iso-codes). The short common name is
/// preferred where the table has one ("Bolivia" rather than "Bolivia, Plurinational State of").
class CountryNames {
 public:
  /// The Debian location of the table.
  static constexpr const char* kDefaultFile = "/usr/share/iso-codes/json/iso_3166-1.json";

  /// Reads a table; nothing when the file is missing, too large or has no usable entry.
  static std::optional<CountryNames> load(const std::filesystem::path& file);
  /// Parses the JSON text of a table (exposed for tests).
  static std::optional<CountryNames> parse(std::string_view json);

  /// The name for a two-letter upper-case code; empty when the table has none.
  std::string_view name(std::string_view code) const;
  size_t size() const { return size_; }

 private:
  CountryNames() : names_(26 * 26) {}
  static std::optional<size_t> slot(std::string_view code);
  void add(std::string_view code, std::string name);

  std::vector<std::string> names_;  // indexed by slot(code)
  size_t size_ = 0;
};

}  // namespace netmeter::geo
