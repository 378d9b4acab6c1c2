#pragma once

// Private to src/http: the open connections of a server, their limits and who makes room. No Asio here.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace netmeter::http {

/// The address a per-client limit counts under: IPv4 as is (also when IPv4-mapped), IPv6 by /64
/// (one host usually owns a whole /64 and could rotate through it).
std::string client_key(std::string_view address);

struct ConnectionLimits {
  size_t max_total = 1024;
  size_t max_per_client = 64;
};

/// Open connections, so that stop() can abort them and new clients find room. A connection is *busy*
/// from a complete request head until its response is done; otherwise (TLS handshake, waiting for or
/// reading a request head, keep-alive idle) it is idle and may be closed to make room. Thread-safe.
class ConnectionRegistry {
 public:
  using Abort = std::function<void()>;

  /// Makes room for one more connection from `client` and registers it: when `client` is at its limit
  /// its oldest idle connection is aborted, when the server is at its limit the oldest idle one of the
  /// client with the most connections is. Returns 0 (and registers nothing) when no room can be made
  /// because every candidate is busy, or once abort_all() has run. `evicted` counts aborted ones.
  uint64_t admit(const std::string& client, const ConnectionLimits& limits, Abort abort, uint64_t& evicted);
  void set_busy(uint64_t id, bool busy);
  void remove(uint64_t id);
  /// Calls every abort function and refuses later additions.
  void abort_all();
  size_t size() const;
  size_t size_of(const std::string& client) const;
  /// Connections with a request in progress (the others may be closed to make room).
  size_t busy() const;

 private:
  struct Entry {
    std::string client;
    Abort abort;
    uint64_t idle_since = 0;  ///< sequence number of the last change to idle: smaller is older
    bool busy = false;
  };

  /// The oldest idle connection of `client`, or of anyone when `client` is empty; 0 when none.
  uint64_t oldest_idle(const std::string* client) const;
  /// The client with the most connections that has an idle one.
  const std::string* busiest_client_with_idle() const;
  /// Unregisters `id` now (its count frees at once) and returns its abort function.
  Abort evict(uint64_t id);

  mutable std::mutex mutex_;
  std::unordered_map<uint64_t, Entry> entries_;
  std::unordered_map<std::string, size_t> per_client_;
  uint64_t next_id_ = 1;
  uint64_t sequence_ = 0;
  bool closed_ = false;
};

}  // namespace netmeter::http
