#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace netmeter::http {

/// A new file with a unique name (mode 0600) that is removed on destruction unless released.
class TempFile {
 public:
  struct Created {
    std::unique_ptr<TempFile> file;
    std::string error;  ///< set when `file` is null
  };
  /// Creates `<directory>/upload-XXXXXX` exclusively.
  static Created create(const std::string& directory);

  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  /// Appends bytes; false on a write error (e.g. disk full).
  bool write(std::span<const char> data);
  /// Closes the descriptor; false when the close reported an error.
  bool close();
  /// Keeps the file on disk after destruction and returns its path.
  std::string release();

  const std::string& path() const { return path_; }
  uint64_t size() const { return size_; }

 private:
  TempFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

  int fd_;
  std::string path_;
  uint64_t size_ = 0;
  bool keep_ = false;
};

}  // namespace netmeter::http
