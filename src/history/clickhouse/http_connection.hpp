#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace netmeter::history::clickhouse {

/// What a server answered: the HTTP status and the body.
struct HttpAnswer {
  unsigned status = 0;
  std::string body;
};

/// One HTTP/1.1 POST request: target (path and query string), Authorization value, body.
struct HttpPost {
  std::string target;
  std::string authorization;
  std::string body;
};

/// One keep-alive HTTP/1.1 client connection (plain HTTP). Connect, write and read run under one
/// deadline, so a silent or dead server costs at most `timeout` per call; the host name is resolved by
/// the system resolver with its own timeouts (an address or a local name avoids that). Not
/// thread-safe: one caller at a time (ClickHouseClient hands connections out from a pool).
class HttpConnection {
 public:
  HttpConnection(std::string host, uint16_t port, std::chrono::milliseconds timeout, size_t body_limit);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  /// Sends `request` and reads the answer, reconnecting when the kept-alive socket was closed by the
  /// server while idle. Throws HistoryError on I/O failure or timeout (the socket is then closed).
  HttpAnswer post(const HttpPost& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace netmeter::history::clickhouse
