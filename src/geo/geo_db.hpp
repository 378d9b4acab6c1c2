#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/ip_address.hpp"
#include "geo/country_names.hpp"
#include "geo/database_info.hpp"
#include "geo/geo_info.hpp"

namespace netmeter::geo {

class MmdbFile;

struct GeoDbOptions {
  /// Auto decides per file (database_info.hpp); MaxMind or Flat force one layout on every file, for
  /// databases whose metadata says nothing useful.
  RecordLayout layout = RecordLayout::Auto;
  /// The ISO 3166 table that names countries when a database gives only codes; empty: none. A missing
  /// file is not an error (country names then come from the databases alone).
  std::filesystem::path country_names = CountryNames::kDefaultFile;
};

/// IP geolocation from the MMDB files of one directory (docs/geo.md): any subset of city, country and
/// ASN databases, in MaxMind's GeoIP2/GeoLite2 record layout or ip-location-db's flat one, IPv4-only or
/// IPv6 trees. A lookup asks city databases first, then country databases for what is still unknown,
/// then ASN databases, and completes names from fixed tables: the continent of a country, the English
/// continent names, and country names from the ISO 3166 table.
///
/// Thread safety: open() builds everything; afterwards nothing changes, and lookup() only reads
/// memory-mapped files through libmaxminddb, whose lookups on an opened MMDB_s are read-only. So one
/// GeoDb may serve any number of threads at once without a lock. Replacing a file on disk does not
/// affect an open GeoDb (the old mapping stays valid); open a new GeoDb to see it.
///
/// No message and no answer names a directory: files are named by their base name only, so that what an
/// API shows never reveals a server path. Callers that log where the directory is add it themselves.
class GeoDb {
 public:
  /// No database: every lookup finds nothing.
  GeoDb();
  ~GeoDb();
  GeoDb(GeoDb&&) noexcept;
  GeoDb& operator=(GeoDb&&) noexcept;

  /// Opens every `*.mmdb` file directly in `dir` (symbolic links followed), in name order. Never throws
  /// for what is on disk: a missing directory, an unreadable, corrupt or unrecognised file each add a
  /// warning() and are otherwise ignored, so the result may hold no database at all.
  static GeoDb open(const std::filesystem::path& dir, const GeoDbOptions& options = {});

  /// What the databases know about an address; nothing when no database has a record for it (private,
  /// reserved and unannounced addresses) or none is open. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d)
  /// are looked up as IPv4. Safe for any address, from any thread.
  std::optional<GeoInfo> lookup(const core::IpAddress& address) const;

  /// True when no database is open.
  bool empty() const { return files_.empty(); }
  /// The databases in use, in the order lookups ask them.
  const std::vector<DatabaseInfo>& databases() const { return databases_; }
  /// What open() skipped and why, one sentence each.
  const std::vector<std::string>& warnings() const { return warnings_; }
  /// Whether country names come from an ISO 3166 table, and how many it has.
  size_t country_name_count() const { return names_ ? names_->size() : 0; }
  /// Several lines for a log: each database (kind, file name, type, layout, build date), the country
  /// name table, then the warnings. No paths.
  std::string describe() const;

 private:
  void add_file(const std::filesystem::path& file, const GeoDbOptions& options);
  void complete(GeoInfo& info) const;

  std::vector<std::unique_ptr<MmdbFile>> files_;  // in lookup order: city, country, ASN
  std::vector<DatabaseInfo> databases_;           // the same order
  std::optional<CountryNames> names_;
  std::vector<std::string> warnings_;
};

}  // namespace netmeter::geo
