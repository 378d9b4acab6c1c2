#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace netmeter::notify {

/// Encrypts endpoint credentials at rest (libsodium's crypto_secretbox: XSalsa20-Poly1305) under a
/// 32-byte key kept in a file of the data directory, created 0600 on first use.
class SecretBox {
 public:
  /// Reads the key at `key_file`, or creates it (random, mode 0600) when absent; nullopt when the file
  /// cannot be read or created, or has the wrong size. libsodium must be initialised.
  static std::optional<SecretBox> open(const std::filesystem::path& key_file);

  /// base64(nonce ‖ ciphertext), a fresh random nonce each time.
  std::string seal(std::string_view clear) const;
  /// The clear text, or nullopt when `sealed` is not ours (other key, altered, malformed).
  std::optional<std::string> unseal(std::string_view sealed) const;

  SecretBox(const SecretBox&) = default;
  SecretBox& operator=(const SecretBox&) = default;
  ~SecretBox();

 private:
  explicit SecretBox(const std::array<unsigned char, 32>& key) : key_(key) {}
  std::array<unsigned char, 32> key_{};
};

}  // namespace netmeter::notify
