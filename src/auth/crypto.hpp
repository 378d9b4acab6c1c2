#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netmeter::auth {

using Sha256Digest = std::array<uint8_t, 32>;

/// Initializes libsodium. Call once at start-up, before any other function of this module; false if
/// the library cannot initialize (no usable randomness). Safe to call again.
bool init_crypto();

/// `bytes` random bytes from the OS CSPRNG, encoded as base64url without padding (32 bytes → 43 chars).
std::string random_secret(std::size_t bytes = 32);

/// A random password of `length` characters from [A-Za-z0-9] (uniform, no modulo bias).
std::string random_password(std::size_t length);

/// SHA-256 via OpenSSL EVP; nullopt only if OpenSSL fails (out of memory).
std::optional<Sha256Digest> sha256(std::string_view data);

/// Constant-time equality for secrets of equal length (the length itself is not secret).
bool constant_time_equal(std::string_view a, std::string_view b);

/// Standard base64 (RFC 4648 §4) with or without padding; whitespace or any other character → nullopt.
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace netmeter::auth
