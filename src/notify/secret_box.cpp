#include "notify/secret_box.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <vector>

namespace netmeter::notify {

namespace {

static_assert(crypto_secretbox_KEYBYTES == 32);

bool read_all(int fd, unsigned char* out, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::read(fd, out + done, size - done);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  unsigned char extra = 0;
  return ::read(fd, &extra, 1) == 0;  // exactly the key, nothing more
}

bool write_all(int fd, const unsigned char* data, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::write(fd, data + done, size - done);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return ::fsync(fd) == 0;
}

}  // namespace

std::optional<SecretBox> SecretBox::open(const std::filesystem::path& key_file) {
  std::array<unsigned char, 32> key{};
  int fd = ::open(key_file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd >= 0) {
    bool ok = read_all(fd, key.data(), key.size());
    ::close(fd);
    if (!ok) return std::nullopt;
    return SecretBox(key);
  }
  if (errno != ENOENT) return std::nullopt;
  // O_EXCL: two processes starting together cannot both create it (the loser fails and may retry).
  fd = ::open(key_file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return std::nullopt;
  crypto_secretbox_keygen(key.data());
  bool ok = write_all(fd, key.data(), key.size());
  ::close(fd);
  if (!ok) {
    ::unlink(key_file.c_str());
    return std::nullopt;
  }
  return SecretBox(key);
}

SecretBox::~SecretBox() {
  sodium_memzero(key_.data(), key_.size());
}

std::string SecretBox::seal(std::string_view clear) const {
  std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + clear.size());
  randombytes_buf(box.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(clear.data()), clear.size(), box.data(),
                        key_.data());
  std::string out(sodium_base64_ENCODED_LEN(box.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), box.data(), box.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<std::string> SecretBox::unseal(std::string_view sealed) const {
  std::vector<unsigned char> box(sealed.size());
  size_t len = 0;
  if (sodium_base642bin(box.data(), box.size(), sealed.data(), sealed.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  if (len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
  std::string clear(len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(clear.data()),
                                 box.data() + crypto_secretbox_NONCEBYTES, len - crypto_secretbox_NONCEBYTES,
                                 box.data(), key_.data()) != 0)
    return std::nullopt;
  return clear;
}

}  // namespace netmeter::notify
