#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace netmeter::geo {

/// What the databases know about one address. Empty strings, absent coordinates and `asn == 0` mean
/// "unknown"; a database may know some fields and not others (an ASN database knows no country).
struct GeoInfo {
  std::string country_code;    ///< ISO 3166-1 alpha-2 ("US"); MaxMind also uses "XK" (Kosovo)
  std::string country_name;    ///< English: from the database, else from the ISO 3166 table
  std::string continent_code;  ///< AF, AN, AS, EU, NA, OC or SA
  std::string continent_name;  ///< English ("North America")
  std::string city;            ///< English name of the city
  std::optional<double> latitude;
  std::optional<double> longitude;
  uint32_t asn = 0;    ///< autonomous system number, 0 = unknown
  std::string as_org;  ///< the autonomous system's organisation

  friend bool operator==(const GeoInfo&, const GeoInfo&) = default;
};

}  // namespace netmeter::geo
