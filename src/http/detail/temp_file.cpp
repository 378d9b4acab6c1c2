#include "http/detail/temp_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace netmeter::http {

TempFile::Created TempFile::create(const std::string& directory) {
  std::string pattern = (directory.empty() ? std::string(".") : directory) + "/upload-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());  // O_EXCL, mode 0600
  if (fd < 0) return {nullptr, "cannot create a file in " + directory + ": " + std::strerror(errno)};
  return {std::unique_ptr<TempFile>(new TempFile(fd, std::string(name.data()))), {}};
}

TempFile::~TempFile() {
  close();
  if (!keep_) ::unlink(path_.c_str());
}

bool TempFile::write(std::span<const char> data) {
  if (fd_ < 0) return false;
  while (!data.empty()) {
    ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data = data.subspan(static_cast<size_t>(n));
    size_ += static_cast<uint64_t>(n);
  }
  return true;
}

bool TempFile::close() {
  if (fd_ < 0) return true;
  int rc = ::close(fd_);
  fd_ = -1;
  return rc == 0;
}

std::string TempFile::release() {
  keep_ = true;
  return path_;
}

}  // namespace netmeter::http
