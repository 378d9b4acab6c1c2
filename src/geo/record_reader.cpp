#include "geo/record_reader.hpp"

#include <charconv>
#include <optional>
#include <string_view>

namespace netmeter::geo {
namespace {

// Paths into a record for MMDB_aget_value, each ended by nullptr.
using Path = const char* const*;
constexpr const char* kCountryCode[] = {"country", "iso_code", nullptr};
constexpr const char* kCountryName[] = {"country", "names", "en", nullptr};
constexpr const char* kRegisteredCode[] = {"registered_country", "iso_code", nullptr};
constexpr const char* kRegisteredName[] = {"registered_country", "names", "en", nullptr};
constexpr const char* kContinentCode[] = {"continent", "code", nullptr};
constexpr const char* kContinentName[] = {"continent", "names", "en", nullptr};
constexpr const char* kCityName[] = {"city", "names", "en", nullptr};
constexpr const char* kLatitude[] = {"location", "latitude", nullptr};
constexpr const char* kLongitude[] = {"location", "longitude", nullptr};
constexpr const char* kFlatCountryCode[] = {"country_code", nullptr};
constexpr const char* kFlatCity[] = {"city", nullptr};
constexpr const char* kFlatLatitude[] = {"latitude", nullptr};
constexpr const char* kFlatLongitude[] = {"longitude", nullptr};
constexpr const char* kAsNumber[] = {"autonomous_system_number", nullptr};
constexpr const char* kAsOrganization[] = {"autonomous_system_organization", nullptr};

std::optional<MMDB_entry_data_s> value(MMDB_entry_s& entry, Path path) {
  MMDB_entry_data_s data{};
  if (MMDB_aget_value(&entry, &data, path) != MMDB_SUCCESS || !data.has_data) return std::nullopt;
  return data;
}

std::string_view text(MMDB_entry_s& entry, Path path) {
  const auto data = value(entry, path);
  if (!data || data->type != MMDB_DATA_TYPE_UTF8_STRING) return {};
  return {data->utf8_string, data->data_size};
}

// A float as the decimal it was written from (37.751, not 37.750999450683594).
double widen(float f) {
  char digits[32];
  const auto end = std::to_chars(digits, digits + sizeof digits, f).ptr;
  double d = f;
  std::from_chars(digits, end, d);
  return d;
}

std::optional<double> number(MMDB_entry_s& entry, Path path) {
  const auto data = value(entry, path);
  if (!data) return std::nullopt;
  switch (data->type) {
    case MMDB_DATA_TYPE_DOUBLE:
      return data->double_value;
    case MMDB_DATA_TYPE_FLOAT:
      return widen(data->float_value);
    case MMDB_DATA_TYPE_UINT16:
      return data->uint16;
    case MMDB_DATA_TYPE_UINT32:
      return data->uint32;
    case MMDB_DATA_TYPE_INT32:
      return data->int32;
    default:
      return std::nullopt;
  }
}

uint32_t as_number(MMDB_entry_s& entry) {
  const auto data = value(entry, kAsNumber);
  if (!data) return 0;
  switch (data->type) {
    case MMDB_DATA_TYPE_UINT16:
      return data->uint16;
    case MMDB_DATA_TYPE_UINT32:
      return data->uint32;
    case MMDB_DATA_TYPE_UINT64:
      return data->uint64 <= UINT32_MAX ? static_cast<uint32_t>(data->uint64) : 0;
    case MMDB_DATA_TYPE_INT32:
      return data->int32 > 0 ? static_cast<uint32_t>(data->int32) : 0;
    default:
      return 0;
  }
}

bool is_country_code(std::string_view code) {
  const auto capital = [](char c) { return c >= 'A' && c <= 'Z'; };
  return code.size() == 2 && capital(code[0]) && capital(code[1]);
}

bool fill(std::string& field, std::string_view found) {
  if (!field.empty() || found.empty()) return false;
  field.assign(found);
  return true;
}

bool fill_location(GeoInfo& info, std::optional<double> latitude, std::optional<double> longitude) {
  if (info.latitude || !latitude || !longitude) return false;
  if (*latitude < -90 || *latitude > 90 || *longitude < -180 || *longitude > 180) return false;
  info.latitude = latitude;
  info.longitude = longitude;
  return true;
}

// MaxMind: `country` is where the network is used; `registered_country` where its owner registered it,
// the only one given for some networks (anycast, satellite providers).
bool read_maxmind_country(MMDB_entry_s& entry, GeoInfo& info) {
  bool added = false;
  if (info.country_code.empty()) {
    Path name = kCountryName;
    std::string_view code = text(entry, kCountryCode);
    if (code.empty()) {
      code = text(entry, kRegisteredCode);
      name = kRegisteredName;
    }
    if (is_country_code(code)) {
      info.country_code.assign(code);
      fill(info.country_name, text(entry, name));
      added = true;
    }
  }
  if (info.continent_code.empty() && fill(info.continent_code, text(entry, kContinentCode))) {
    fill(info.continent_name, text(entry, kContinentName));
    added = true;
  }
  return added;
}

bool read_maxmind(MMDB_entry_s& entry, DatabaseKind kind, GeoInfo& info) {
  bool added = read_maxmind_country(entry, info);
  if (kind == DatabaseKind::City) {
    added |= fill(info.city, text(entry, kCityName));
    added |= fill_location(info, number(entry, kLatitude), number(entry, kLongitude));
  }
  return added;
}

bool read_flat(MMDB_entry_s& entry, DatabaseKind kind, GeoInfo& info) {
  bool added = false;
  if (info.country_code.empty()) {
    const std::string_view code = text(entry, kFlatCountryCode);
    if (is_country_code(code)) added = fill(info.country_code, code);
  }
  if (kind == DatabaseKind::City) {
    added |= fill(info.city, text(entry, kFlatCity));
    added |= fill_location(info, number(entry, kFlatLatitude), number(entry, kFlatLongitude));
  }
  return added;
}

bool read_asn(MMDB_entry_s& entry, GeoInfo& info) {
  if (info.asn != 0) return false;
  info.asn = as_number(entry);
  if (info.asn == 0) return false;
  fill(info.as_org, text(entry, kAsOrganization));
  return true;
}

}  // namespace

bool read_record(MMDB_entry_s entry, DatabaseKind kind, RecordLayout layout, GeoInfo& info) {
  if (kind == DatabaseKind::Asn) return read_asn(entry, info);
  return layout == RecordLayout::MaxMind ? read_maxmind(entry, kind, info) : read_flat(entry, kind, info);
}

}  // namespace netmeter::geo
