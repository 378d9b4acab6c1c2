#include "l7/tls_parser.hpp"

#include <algorithm>
#include <array>

#include "l7/byte_reader.hpp"

namespace netmeter::l7 {
namespace {

using Bytes = std::span<const uint8_t>;

constexpr uint8_t kContentHandshake = 22;
constexpr size_t kRecordHeaderSize = 5;
constexpr size_t kHandshakeHeaderSize = 4;
constexpr size_t kMaxRecordLength = 16384 + 2048;  // TLSCiphertext limit (RFC 5246 6.2.3)
constexpr size_t kRandomSize = 32;
constexpr size_t kMaxSessionIdSize = 32;

namespace extension {
constexpr uint16_t kServerName = 0;
constexpr uint16_t kAlpn = 16;
constexpr uint16_t kSupportedVersions = 43;
}  // namespace extension

// SHA-256 of "HelloRetryRequest": the random of a ServerHello that is a HelloRetryRequest (RFC 8446 4.1.3).
constexpr std::array<uint8_t, kRandomSize> kHelloRetryRandom{
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

bool is_grease(uint16_t v) {
  return (v & 0x0F0F) == 0x0A0A && (v >> 8) == (v & 0xFF);
}

// Orders versions for "highest offered": SSLv3 < TLS 1.0 .. 1.2 < TLS 1.3 drafts < TLS 1.3. -1: not a
// TLS version (GREASE, DTLS, private experiments), ignored.
int version_rank(uint16_t v) {
  if ((v >> 8) == 3) return v << 8;
  if ((v >> 8) == 0x7F) return (0x0303 << 8) + 1 + (v & 0xFF) / 2;
  return -1;
}

// A cursor over a hello body that tells a cut capture from a broken length. `avail_` holds the bytes that
// were captured; each read names the end its enclosing field declares. Reading past that end is
// Malformed, reading past the captured bytes is Truncated; after either, every read fails.
class HelloCursor {
 public:
  explicit HelloCursor(Bytes avail) : avail_(avail) {}

  size_t pos() const { return pos_; }
  ParseStatus status() const { return status_; }

  bool fits(size_t n, size_t end) {
    if (status_ != ParseStatus::Ok) return false;
    if (pos_ > end || n > end - pos_) {
      status_ = ParseStatus::Malformed;
      return false;
    }
    if (n > avail_.size() - pos_) {
      status_ = ParseStatus::Truncated;
      return false;
    }
    return true;
  }
  // Reads after a successful fits().
  uint8_t u8() { return avail_[pos_++]; }
  uint16_t u16() {
    uint16_t v = load_be16(avail_.data() + pos_);
    pos_ += 2;
    return v;
  }
  Bytes bytes(size_t n) {
    Bytes b = avail_.subspan(pos_, n);
    pos_ += n;
    return b;
  }
  // For a length that breaks a rule of its own (a limit, an even count): Malformed, and reading stops.
  void fail_unless(bool ok) {
    if (!ok && status_ == ParseStatus::Ok) status_ = ParseStatus::Malformed;
  }

 private:
  Bytes avail_;
  size_t pos_ = 0;
  ParseStatus status_ = ParseStatus::Ok;
};

void read_server_name(Bytes data, TlsHandshake& out) {
  ByteReader r(data);
  uint16_t list_length = r.u16();
  if (r.short_read() || list_length != r.remaining()) return note_problem(out.status, ParseStatus::Malformed);
  while (!r.at_end()) {
    uint8_t name_type = r.u8();
    Bytes name = r.bytes(r.u16());
    if (r.short_read()) return note_problem(out.status, ParseStatus::Malformed);
    if (name_type == 0) {  // host_name
      if (out.server_name.empty()) out.server_name.assign(name, /*lower=*/true);
      return;
    }
  }
}

void read_alpn(Bytes data, TlsHandshake& out) {
  ByteReader r(data);
  uint16_t list_length = r.u16();
  Bytes first = r.bytes(r.u8());
  if (r.short_read() || list_length != data.size() - 2 || first.empty())
    return note_problem(out.status, ParseStatus::Malformed);
  if (out.alpn.empty()) out.alpn.assign(first);
}

// Of repeated extensions (not allowed) the first one counts, here and for the server name and ALPN.
void read_supported_versions(Bytes data, bool client, TlsHandshake& out) {
  if (out.has_supported_versions) return;
  if (!client) {
    if (data.size() != 2) return note_problem(out.status, ParseStatus::Malformed);
    out.version = load_be16(data.data());
    out.has_supported_versions = true;
    return;
  }
  if (data.empty() || data[0] != data.size() - 1 || data[0] % 2 != 0)
    return note_problem(out.status, ParseStatus::Malformed);
  int best_rank = -1;
  uint16_t best = 0;
  for (size_t i = 1; i + 1 < data.size(); i += 2) {
    uint16_t v = load_be16(data.data() + i);
    if (int rank = version_rank(v); rank > best_rank) {
      best_rank = rank;
      best = v;
    }
  }
  if (best_rank < 0) return;  // only GREASE or unknown values: the legacy version stands
  out.version = best;
  out.has_supported_versions = true;
}

void read_extensions(HelloCursor& c, size_t end, bool client, TlsHandshake& out) {
  if (c.pos() == end) return;  // extensions are optional
  if (!c.fits(2, end)) return;
  size_t length = c.u16();
  c.fail_unless(length <= end - c.pos());
  // Bytes after the extensions are not allowed, but they do not hide the extensions themselves.
  if (length < end - c.pos()) note_problem(out.status, ParseStatus::Malformed);
  size_t ext_end = c.pos() + length;
  while (c.pos() < ext_end) {
    if (!c.fits(4, ext_end)) return;
    uint16_t type = c.u16();
    uint16_t ext_length = c.u16();
    if (!c.fits(ext_length, ext_end)) return;
    Bytes data = c.bytes(ext_length);
    if (type == extension::kServerName && client)
      read_server_name(data, out);
    else if (type == extension::kAlpn)
      read_alpn(data, out);
    else if (type == extension::kSupportedVersions)
      read_supported_versions(data, client, out);
  }
}

// Reads a length-prefixed field of at most `max` bytes and skips it.
void skip_vector8(HelloCursor& c, size_t end, size_t min, size_t max) {
  if (!c.fits(1, end)) return;
  size_t n = c.u8();
  c.fail_unless(n >= min && n <= max);
  if (c.fits(n, end)) c.bytes(n);
}

void read_client_hello(HelloCursor& c, size_t end, TlsHandshake& out) {
  if (!c.fits(2, end)) return;
  out.legacy_version = out.version = c.u16();
  if (!c.fits(kRandomSize, end)) return;
  c.bytes(kRandomSize);
  skip_vector8(c, end, 0, kMaxSessionIdSize);
  if (!c.fits(2, end)) return;
  size_t suites = c.u16();
  c.fail_unless(suites >= 2 && suites % 2 == 0 && suites <= end - c.pos());
  if (c.status() != ParseStatus::Ok) return;
  out.cipher_suite_count = static_cast<uint16_t>(suites / 2);  // known even when the list itself is cut
  if (!c.fits(suites, end)) return;
  c.bytes(suites);
  skip_vector8(c, end, 1, 255);  // compression methods
  read_extensions(c, end, /*client=*/true, out);
}

void read_server_hello(HelloCursor& c, size_t end, TlsHandshake& out) {
  if (!c.fits(2, end)) return;
  out.legacy_version = out.version = c.u16();
  if (!c.fits(kRandomSize, end)) return;
  Bytes random = c.bytes(kRandomSize);
  out.hello_retry_request = std::equal(random.begin(), random.end(), kHelloRetryRandom.begin());
  skip_vector8(c, end, 0, kMaxSessionIdSize);
  if (!c.fits(3, end)) return;
  out.cipher_suite = c.u16();
  c.u8();  // compression method
  read_extensions(c, end, /*client=*/false, out);
}

}  // namespace

std::string_view tls_handshake_type_name(TlsHandshakeType type) {
  switch (type) {
    case TlsHandshakeType::HelloRequest:
      return "HelloRequest";
    case TlsHandshakeType::ClientHello:
      return "ClientHello";
    case TlsHandshakeType::ServerHello:
      return "ServerHello";
    case TlsHandshakeType::NewSessionTicket:
      return "NewSessionTicket";
    case TlsHandshakeType::EndOfEarlyData:
      return "EndOfEarlyData";
    case TlsHandshakeType::EncryptedExtensions:
      return "EncryptedExtensions";
    case TlsHandshakeType::Certificate:
      return "Certificate";
    case TlsHandshakeType::ServerKeyExchange:
      return "ServerKeyExchange";
    case TlsHandshakeType::CertificateRequest:
      return "CertificateRequest";
    case TlsHandshakeType::ServerHelloDone:
      return "ServerHelloDone";
    case TlsHandshakeType::CertificateVerify:
      return "CertificateVerify";
    case TlsHandshakeType::ClientKeyExchange:
      return "ClientKeyExchange";
    case TlsHandshakeType::Finished:
      return "Finished";
    case TlsHandshakeType::CertificateStatus:
      return "CertificateStatus";
    case TlsHandshakeType::KeyUpdate:
      return "KeyUpdate";
    case TlsHandshakeType::MessageHash:
      return "MessageHash";
  }
  return "other";
}

std::string_view tls_version_name(uint16_t version) {
  switch (version) {
    case 0x0300:
      return "SSLv3";
    case 0x0301:
      return "TLSv1.0";
    case 0x0302:
      return "TLSv1.1";
    case 0x0303:
      return "TLSv1.2";
    case 0x0304:
      return "TLSv1.3";
    default:
      break;
  }
  if ((version >> 8) == 0x7F) return "TLSv1.3-draft";
  if (is_grease(version)) return "GREASE";
  return "unknown";
}

bool looks_like_tls_handshake(std::span<const uint8_t> payload) {
  return payload.size() >= 3 && payload[0] == kContentHandshake && payload[1] == 3 && payload[2] <= 4;
}

std::optional<TlsHandshake> parse_tls_handshake(std::span<const uint8_t> payload) {
  if (!looks_like_tls_handshake(payload) || payload.size() <= kRecordHeaderSize) return std::nullopt;
  size_t record_length = load_be16(payload.data() + 3);
  if (record_length == 0 || record_length > kMaxRecordLength) return std::nullopt;
  std::optional<TlsHandshake> result(std::in_place);
  TlsHandshake& out = *result;
  out.record_version = load_be16(payload.data() + 1);
  Bytes record =
      payload.subspan(kRecordHeaderSize, std::min(record_length, payload.size() - kRecordHeaderSize));
  out.type = static_cast<TlsHandshakeType>(record[0]);
  if (record.size() < kHandshakeHeaderSize) {
    out.status = record_length < kHandshakeHeaderSize ? ParseStatus::Malformed : ParseStatus::Truncated;
    return result;
  }
  // A handshake message longer than its record continues in the next record: those bytes count as cut.
  size_t declared = load_be24(record.data() + 1);
  Bytes body = record.subspan(kHandshakeHeaderSize);
  HelloCursor cursor(body.first(std::min(body.size(), declared)));
  if (out.type == TlsHandshakeType::ClientHello)
    read_client_hello(cursor, declared, out);
  else if (out.type == TlsHandshakeType::ServerHello)
    read_server_hello(cursor, declared, out);
  note_problem(out.status, cursor.status());
  return result;
}

}  // namespace netmeter::l7
