#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/tls_identity.hpp"

namespace netmeter::http {

/// One listening socket. `address` is a numeric IPv4 or IPv6 address ("0.0.0.0", "::", "127.0.0.1");
/// IPv6 sockets are IPv6-only, so "0.0.0.0" and "::" can both be listed on the same port.
struct ListenEndpoint {
  std::string address = "127.0.0.1";
  uint16_t port = 0;  ///< 0: any free port, see Server::bound_port
  bool tls = false;
};

struct ServerLimits {
  size_t max_header_bytes = 16 * 1024;  ///< request line + header fields; more → 431
  uint64_t max_body_bytes = 1 << 20;    ///< default in-memory body limit; more → 413
  /// In-memory request bodies of all requests together; a request that would pass it → 503 with
  /// Retry-After (bodies of announced length are admitted whole before a byte is read).
  uint64_t max_body_memory = 64u << 20;
  /// TLS connections: the handshake must be done this long after the connection was accepted.
  std::chrono::milliseconds handshake_timeout{5'000};
  /// A request head must be complete this long after its first byte (for a new connection: after the
  /// handshake, which is also how long the first byte may take). Partial head → 408, nothing → close.
  std::chrono::milliseconds header_timeout{10'000};
  /// How long a keep-alive connection may stay idle between requests before it is closed.
  std::chrono::milliseconds keepalive_timeout{30'000};
  /// Longest silence while a body is read or a response written → 408 (reading) or close (writing).
  /// A streamed response waiting for its source is not silence.
  std::chrono::milliseconds io_timeout{30'000};
  /// Open connections in all, and per client address (IPv6: per /64). When one is reached the oldest
  /// idle connection (handshake, head pending, keep-alive) of that client, or of the client with the
  /// most connections, is closed to make room; when all are busy the new one is answered 503 (plain) or
  /// closed (TLS).
  size_t max_connections = 1024;
  size_t max_connections_per_client = 64;
  size_t stream_chunk_bytes = 64 * 1024;  ///< read size for bodies and BodySource pieces (at least 1024)
};

enum class LogLevel { debug, info, warning, error };
/// Receives the server's log lines, from server threads (possibly several at once). Request bodies and
/// credentials never appear in them; each connection error is one debug line.
using LogFunction = std::function<void(LogLevel level, std::string_view message)>;

struct ServerConfig {
  std::vector<ListenEndpoint> endpoints;
  TlsFiles tls;  ///< needed when an endpoint has `tls`; TLS 1.2 and 1.3 only
  unsigned threads = 2;
  ServerLimits limits;
  int gzip_level = 6;  ///< 1 (fast) .. 9 (small)
  LogFunction log;     ///< empty: spdlog's default logger
};

}  // namespace netmeter::http
