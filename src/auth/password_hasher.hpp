#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace netmeter::auth {

/// Argon2id cost parameters for libsodium's crypto_pwhash_str.
struct HashCost {
  unsigned long long ops_limit = 0;
  std::size_t mem_limit = 0;

  /// libsodium's INTERACTIVE preset (2 passes, 64 MiB): the default. HTTP Basic sends the password
  /// on every request and each HTTP thread may verify at once, so a verification must stay well
  /// under 100 ms and its memory bounded (threads × 64 MiB). MODERATE (256 MiB, ~4× slower) would
  /// make every cache miss a visible stall and a cheap memory-exhaustion lever. The verification
  /// cache and the failed-login rate limit cover what the lower cost gives away.
  static HashCost interactive();
  /// libsodium's MODERATE preset (3 passes, 256 MiB).
  static HashCost moderate();
  /// The smallest parameters libsodium accepts: for tests only.
  static HashCost minimum();
};

/// Password hashing with Argon2id (`$argon2id$v=19$m=...,t=...,p=1$salt$hash`). Stateless and
/// thread-safe; every call is deliberately slow (see HashCost). Requires `init_crypto()`.
class PasswordHasher {
 public:
  explicit PasswordHasher(HashCost cost = HashCost::interactive()) : cost_(cost) {}

  /// A fresh salted hash; nullopt if libsodium cannot allocate the memory.
  std::optional<std::string> hash(std::string_view password) const;
  /// True if `password` matches `stored_hash` (false for any malformed hash).
  bool verify(std::string_view stored_hash, std::string_view password) const;
  /// True if `stored_hash` was made with other parameters or another algorithm (upgrade on login).
  bool needs_rehash(std::string_view stored_hash) const;

  const HashCost& cost() const { return cost_; }

 private:
  HashCost cost_;
};

}  // namespace netmeter::auth
