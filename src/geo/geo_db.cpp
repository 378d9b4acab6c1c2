#include "geo/geo_db.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "geo/continents.hpp"
#include "geo/mmdb_file.hpp"
#include "geo/record_reader.hpp"

namespace netmeter::geo {
namespace {

// More files than any real setup has; a directory full of them is a mistake, not a configuration.
constexpr size_t kMaxFiles = 64;
constexpr size_t kMaxTypeLength = 80;

// The socket address libmaxminddb looks up.
struct Target {
  sockaddr_storage storage{};
  bool v6 = false;

  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

bool is_v4_mapped(const core::IpAddress& address) {
  const auto& b = address.bytes();
  return address.is_v6() && std::all_of(b.begin(), b.begin() + 10, [](uint8_t x) { return x == 0; }) &&
         b[10] == 0xff && b[11] == 0xff;
}

Target target_of(const core::IpAddress& address) {
  Target target;
  const auto& b = address.bytes();
  if (address.is_v4() || is_v4_mapped(address)) {
    sockaddr_in in{};
    in.sin_family = AF_INET;
    std::memcpy(&in.sin_addr, b.data() + (address.is_v4() ? 0 : 12), 4);
    std::memcpy(&target.storage, &in, sizeof in);
  } else {
    sockaddr_in6 in6{};
    in6.sin6_family = AF_INET6;
    std::memcpy(&in6.sin6_addr, b.data(), 16);
    std::memcpy(&target.storage, &in6, sizeof in6);
    target.v6 = true;
  }
  return target;
}

// Metadata text for a message: printable and short.
std::string printable(std::string_view text) {
  std::string out(text.substr(0, kMaxTypeLength));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

// The *.mmdb files of a directory in name order, or nothing (with a warning) when it cannot be listed.
std::optional<std::vector<std::filesystem::path>> list_mmdb_files(const std::filesystem::path& dir,
                                                                  std::vector<std::string>& warnings) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    warnings.push_back(fs::exists(dir, ec) ? "the geoip directory is not a directory: geolocation is off"
                                           : "the geoip directory does not exist: geolocation is off");
    return std::nullopt;
  }
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".mmdb") files.push_back(it->path());
  }
  if (ec) {
    warnings.push_back("the geoip directory cannot be read (" + ec.message() + "): geolocation is off");
    return std::nullopt;
  }
  std::sort(files.begin(), files.end());
  if (files.size() > kMaxFiles) {
    warnings.push_back("more than " + std::to_string(kMaxFiles) + " .mmdb files: only the first " +
                       std::to_string(kMaxFiles) + " (in name order) are used");
    files.resize(kMaxFiles);
  }
  return files;
}

int lookup_rank(DatabaseKind kind) {
  switch (kind) {
    case DatabaseKind::City:
      return 0;
    case DatabaseKind::Country:
      return 1;
    case DatabaseKind::Asn:
      return 2;
  }
  return 3;
}

// Whether a database of this kind could still add something.
bool still_useful(DatabaseKind kind, const GeoInfo& info, bool city_found) {
  switch (kind) {
    case DatabaseKind::City:
      return !city_found;
    case DatabaseKind::Country:
      return info.country_code.empty();
    case DatabaseKind::Asn:
      return info.asn == 0;
  }
  return false;
}

std::string describe_database(const DatabaseInfo& db) {
  std::string line = "  ";
  line += to_string(db.kind);
  line.resize(std::max<size_t>(line.size(), 10), ' ');
  line += db.file_name + " (type '" + db.database_type + "', " + std::string(to_string(db.layout)) +
          " layout, " + (db.ip_version == 4 ? "IPv4 only" : "IPv4 and IPv6") + ", built " +
          build_date(db.build_epoch) + ")\n";
  return line;
}

}  // namespace

GeoDb::GeoDb() = default;
GeoDb::~GeoDb() = default;
GeoDb::GeoDb(GeoDb&&) noexcept = default;
GeoDb& GeoDb::operator=(GeoDb&&) noexcept = default;

GeoDb GeoDb::open(const std::filesystem::path& dir, const GeoDbOptions& options) {
  GeoDb db;
  if (!options.country_names.empty()) db.names_ = CountryNames::load(options.country_names);
  const auto files = list_mmdb_files(dir, db.warnings_);
  if (!files) return db;
  for (const auto& file : *files)
    db.add_file(file, options);
  std::stable_sort(db.files_.begin(), db.files_.end(), [](const auto& a, const auto& b) {
    return lookup_rank(a->info.kind) < lookup_rank(b->info.kind);
  });
  for (const auto& file : db.files_)
    db.databases_.push_back(file->info);
  if (db.files_.empty())
    db.warnings_.push_back("no usable .mmdb file in the geoip directory: geolocation is off");
  return db;
}

void GeoDb::add_file(const std::filesystem::path& file, const GeoDbOptions& options) {
  const std::string name = printable(file.filename().string());
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    warnings_.push_back(name + ": not a regular file (or a broken link), skipped");
    return;
  }
  MmdbOpenResult opened = MmdbFile::open(file);
  if (!opened.file) {
    warnings_.push_back(name + ": not a readable MMDB database (" + opened.error + "), skipped");
    return;
  }
  const MMDB_metadata_s& meta = opened.file->metadata();
  const std::string type = printable(meta.database_type != nullptr ? meta.database_type : "");
  const auto kind = kind_of(type, name);
  if (!kind) {
    warnings_.push_back(name + ": type '" + type + "' is not a city, country or ASN database, skipped");
    return;
  }
  DatabaseInfo& info = opened.file->info;
  info.kind = *kind;
  info.layout =
      options.layout == RecordLayout::Auto ? layout_of(type, meta.languages.count > 0) : options.layout;
  info.file_name = name;
  info.database_type = type;
  info.build_epoch = meta.build_epoch;
  info.ip_version = meta.ip_version == 4 ? 4 : 6;
  files_.push_back(std::move(opened.file));
}

std::optional<GeoInfo> GeoDb::lookup(const core::IpAddress& address) const {
  if (files_.empty() || address.empty()) return std::nullopt;
  const Target target = target_of(address);
  GeoInfo info;
  bool found = false;
  bool city_found = false;
  for (const auto& file : files_) {
    const DatabaseInfo& db = file->info;
    if ((target.v6 && db.ip_version == 4) || !still_useful(db.kind, info, city_found)) continue;
    const auto entry = file->find(target.get());
    if (!entry || !read_record(*entry, db.kind, db.layout, info)) continue;
    found = true;
    city_found |= db.kind == DatabaseKind::City;
  }
  if (!found) return std::nullopt;
  complete(info);
  return info;
}

void GeoDb::complete(GeoInfo& info) const {
  if (info.country_name.empty() && names_) info.country_name = names_->name(info.country_code);
  if (info.continent_code.empty()) info.continent_code = continent_of_country(info.country_code);
  if (info.continent_name.empty()) info.continent_name = continent_name(info.continent_code);
}

std::string GeoDb::describe() const {
  std::string out = "geoip: " + std::to_string(files_.size()) + " database(s)\n";
  for (const DatabaseInfo& db : databases_)
    out += describe_database(db);
  out += names_ ? "  country names: ISO 3166 table (" + std::to_string(names_->size()) + " countries)\n"
                : "  country names: from the databases only\n";
  for (const std::string& warning : warnings_)
    out += "  warning: " + warning + "\n";
  return out;
}

}  // namespace netmeter::geo
