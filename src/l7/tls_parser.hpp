#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "l7/bounded_text.hpp"
#include "l7/parse_status.hpp"

namespace netmeter::l7 {

/// TLS handshake message types (RFC 8446 4), with the wire values. Other values are legal too.
enum class TlsHandshakeType : uint8_t {
  HelloRequest = 0,
  ClientHello = 1,
  ServerHello = 2,
  NewSessionTicket = 4,
  EndOfEarlyData = 5,
  EncryptedExtensions = 8,
  Certificate = 11,
  ServerKeyExchange = 12,
  CertificateRequest = 13,
  ServerHelloDone = 14,
  CertificateVerify = 15,
  ClientKeyExchange = 16,
  Finished = 20,
  CertificateStatus = 22,
  KeyUpdate = 24,
  MessageHash = 254,
};

/// "ClientHello", "ServerHello", ...; "other" for values without a name.
std::string_view tls_handshake_type_name(TlsHandshakeType type);

/// "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"; "TLSv1.3-draft" for 0x7Fxx, "GREASE" for the
/// RFC 8701 values, "unknown" otherwise.
std::string_view tls_version_name(uint16_t version);

/// The first handshake message of the first TLS record of a segment.
struct TlsHandshake {
  uint16_t record_version = 0;
  TlsHandshakeType type = TlsHandshakeType::HelloRequest;
  /// The hello's own version field (client_version / legacy_version); 0 for other messages.
  uint16_t legacy_version = 0;
  /// ClientHello: the highest version offered, from supported_versions when present (GREASE ignored),
  /// else `legacy_version`. ServerHello: the version selected, likewise.
  uint16_t version = 0;
  bool has_supported_versions = false;
  uint16_t cipher_suite_count = 0;   ///< ClientHello: from the cipher_suites length
  uint16_t cipher_suite = 0;         ///< ServerHello: the suite chosen
  bool hello_retry_request = false;  ///< ServerHello: a TLS 1.3 HelloRetryRequest
  BoundedText<255> server_name;      ///< ClientHello: the first SNI host_name, lower-cased
  /// ClientHello: the first ALPN protocol offered; ServerHello: the protocol chosen (TLS 1.2 and older)
  BoundedText<64> alpn;
  /// Truncated when the bytes ended before the hello did (what came before is filled in); Malformed when
  /// a length field disagrees with the one around it.
  ParseStatus status = ParseStatus::Ok;
};

/// A cheap per-packet test: a handshake record header (content type 22, version 3.x).
bool looks_like_tls_handshake(std::span<const uint8_t> payload);

/// Parses the handshake message at the start of the first TLS record in `payload` (a TCP payload that
/// starts a record). The fields of ClientHello and ServerHello are read; for other handshake types only
/// `record_version` and `type`. nullopt when the bytes do not start a handshake record (content type
/// 22, version 3.0 to 3.4, a plausible length) or are too short to hold the handshake type. An encrypted
/// handshake record (TLS 1.2's Finished, after ChangeCipherSpec) looks the same, and its `type` is noise.
std::optional<TlsHandshake> parse_tls_handshake(std::span<const uint8_t> payload);

}  // namespace netmeter::l7
