#include "geo/database_info.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>

namespace netmeter::geo {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Whole words only ("city", "asn", "isp"), so that a letter sequence inside another word does not count;
// words are separated by anything but a letter ("GeoLite2-City", "city ipv4", "geolite2-city-ipv4.mmdb").
bool has_word(std::string_view text, std::string_view word) {
  auto is_letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  for (size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const bool starts = at == 0 || !is_letter(text[at - 1]);
    const size_t end = at + word.size();
    const bool ends = end == text.size() || !is_letter(text[end]);
    if (starts && ends) return true;
  }
  return false;
}

std::optional<DatabaseKind> kind_from_words(const std::string& text) {
  if (has_word(text, "city")) return DatabaseKind::City;
  if (has_word(text, "country")) return DatabaseKind::Country;
  if (has_word(text, "asn") || has_word(text, "isp")) return DatabaseKind::Asn;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(DatabaseKind kind) {
  switch (kind) {
    case DatabaseKind::City:
      return "city";
    case DatabaseKind::Country:
      return "country";
    case DatabaseKind::Asn:
      return "asn";
  }
  return "?";
}

std::string_view to_string(RecordLayout layout) {
  switch (layout) {
    case RecordLayout::Auto:
      return "auto";
    case RecordLayout::MaxMind:
      return "maxmind";
    case RecordLayout::Flat:
      return "flat";
  }
  return "?";
}

std::optional<DatabaseKind> kind_of(std::string_view database_type, std::string_view file_name) {
  if (auto kind = kind_from_words(lower(database_type))) return kind;
  return kind_from_words(lower(file_name));
}

RecordLayout layout_of(std::string_view database_type, bool has_languages) {
  static constexpr std::array<std::string_view, 4> kMaxMindFamilies = {"GeoIP2-", "GeoLite2-", "GeoIP-",
                                                                       "DBIP-"};
  for (std::string_view family : kMaxMindFamilies) {
    if (database_type.starts_with(family)) return RecordLayout::MaxMind;
  }
  return has_languages ? RecordLayout::MaxMind : RecordLayout::Flat;
}

std::string build_date(uint64_t epoch) {
  using namespace std::chrono;
  const year_month_day day{floor<days>(sys_seconds{seconds{static_cast<int64_t>(epoch)}})};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return text;
}

}  // namespace netmeter::geo
