#pragma once

#include <optional>
#include <string>

namespace netmeter::http {

/// Where the server certificate (chain) and its private key are, both PEM.
struct TlsFiles {
  std::string cert_file;
  std::string key_file;
};

struct SelfSignedOptions {
  enum class KeyType { ec_p256, rsa_2048 };
  KeyType key_type = KeyType::ec_p256;
  int validity_days = 3650;
  /// Extra DNS name in the certificate; empty: this machine's host name (when it is a valid DNS name).
  std::string host_name;
};

struct TlsIdentityResult {
  std::optional<TlsFiles> files;  ///< set on success
  bool generated = false;         ///< true when a new certificate was written
  std::string error;              ///< set on failure
};

/// Makes sure `dir` holds `cert.pem` and `key.pem`. Creates `dir` (mode 0700) when missing; when either
/// file is missing, generates a self-signed certificate (SAN: localhost, 127.0.0.1, ::1 and the host
/// name; random serial) and writes both atomically, the key with mode 0600. Existing files are kept.
/// Operator-provided certificate paths do not go through this: give them to the server as they are.
TlsIdentityResult ensure_self_signed(const std::string& dir, const SelfSignedOptions& options = {});

}  // namespace netmeter::http
