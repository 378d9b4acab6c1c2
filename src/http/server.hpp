#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "http/handler.hpp"
#include "http/server_config.hpp"

namespace netmeter::http {

/// Counters of a running server.
struct ServerStats {
  uint64_t connections_accepted = 0;
  uint64_t connections_rejected = 0;  ///< no room: every connection of the client / server was busy
  uint64_t connections_evicted = 0;   ///< idle connections closed to make room for new ones
  uint64_t connections_active = 0;
  uint64_t connections_busy = 0;  ///< of the active ones, those with a request or response in progress
  uint64_t requests = 0;          ///< complete requests given to the handler
  uint64_t transport_errors = 0;  ///< requests answered by error_response (400, 408, 413, 431 ...)
  /// Bytes of response bodies the server holds at this moment (stream pieces and their gzip output),
  /// over all connections: stays near connections × chunk size however large the streams are.
  uint64_t response_bytes_buffered = 0;
  uint64_t response_bytes_buffered_peak = 0;  ///< the highest value of the above since start()
  uint64_t request_body_bytes_in_memory = 0;  ///< held by requests now (bounded by max_body_memory)
  uint64_t request_body_refusals = 0;         ///< requests answered 503 because that bound was reached
};

/// The HTTP/1.1 server (Boost.Beast) on its own thread pool: keep-alive, pipelining (answered in order),
/// TLS, gzip, streaming with back-pressure, bodies to memory or disk. See Handler for the application side.
class Server {
 public:
  /// `handler` must outlive the server.
  Server(ServerConfig config, Handler& handler);
  /// Stops the server if it runs.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Loads the TLS files, binds every endpoint and starts the threads. Returns an empty string on
  /// success, else what failed (nothing keeps running then). Call once.
  [[nodiscard]] std::string start();

  /// Closes the listeners, aborts open connections and joins the threads. Idempotent; must not be called
  /// from a handler.
  void stop();

  /// The port endpoint `index` (order of ServerConfig::endpoints) is bound to; 0 before start().
  uint16_t bound_port(size_t index) const;

  ServerStats stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace netmeter::http
