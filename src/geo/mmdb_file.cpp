#include "geo/mmdb_file.hpp"

#include <cerrno>
#include <cstring>

namespace netmeter::geo {

MmdbOpenResult MmdbFile::open(const std::filesystem::path& path) {
  std::unique_ptr<MmdbFile> file(new MmdbFile());
  errno = 0;
  const int status = MMDB_open(path.c_str(), MMDB_MODE_MMAP, &file->db_);
  if (status != MMDB_SUCCESS) {
    std::string error = MMDB_strerror(status);
    if (status == MMDB_IO_ERROR && errno != 0) error += std::string(" (") + std::strerror(errno) + ")";
    return {nullptr, std::move(error)};
  }
  file->open_ = true;
  return {std::move(file), {}};
}

MmdbFile::~MmdbFile() {
  // A failed MMDB_open has already freed what it allocated.
  if (open_) MMDB_close(&db_);
}

std::optional<MMDB_entry_s> MmdbFile::find(const sockaddr* address) const {
  int error = MMDB_SUCCESS;
  const MMDB_lookup_result_s result = MMDB_lookup_sockaddr(&db_, address, &error);
  if (error != MMDB_SUCCESS || !result.found_entry) return std::nullopt;
  return result.entry;
}

}  // namespace netmeter::geo
