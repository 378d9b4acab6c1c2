#pragma once

#include <maxminddb.h>
#include <sys/socket.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "geo/database_info.hpp"

namespace netmeter::geo {

class MmdbFile;

/// The opened file, or why it could not be opened (the message names no directory).
struct MmdbOpenResult {
  std::unique_ptr<MmdbFile> file;
  std::string error;
};

/// One MMDB file opened with libmaxminddb (memory-mapped, read-only). After open nothing in it changes:
/// libmaxminddb's lookups (MMDB_lookup_sockaddr, MMDB_lookup_string) and value reads (MMDB_aget_value)
/// only read the mapping and the MMDB_s, so any number of threads may call find() at once.
/// Private to src/geo: only this module sees libmaxminddb.
class MmdbFile {
 public:
  /// Opens `path`; the kind and layout are decided by the caller (see GeoDb::open).
  static MmdbOpenResult open(const std::filesystem::path& path);
  ~MmdbFile();
  MmdbFile(const MmdbFile&) = delete;
  MmdbFile& operator=(const MmdbFile&) = delete;

  const MMDB_metadata_s& metadata() const { return db_.metadata; }

  /// The data record for an address, if the tree holds one. An IPv6 address in an IPv4-only file,
  /// a corrupt tree or data section: nothing.
  std::optional<MMDB_entry_s> find(const sockaddr* address) const;

  DatabaseInfo info;

 private:
  MmdbFile() = default;
  MMDB_s db_{};
  bool open_ = false;
};

}  // namespace netmeter::geo
