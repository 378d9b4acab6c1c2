#pragma once

// A deliberately simple blocking HTTP/1.1 client for the server tests: raw bytes in and out, over plain
// TCP or TLS (OpenSSL), so tests can send malformed or pipelined requests and read at their own pace.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace netmeter::http::testing {

struct ParsedResponse {
  std::string status_line;
  int status = 0;
  std::multimap<std::string, std::string> headers;  // names lower-cased
  std::string body;                                 // de-chunked
  bool chunked = false;

  std::optional<std::string> header(const std::string& lower_name) const;
};

struct ClientOptions {
  bool tls = false;
  std::string ca_file;      // TLS: verify the server against this certificate (empty: no verification)
  std::string verify_host;  // TLS: the name or IP the certificate must match
  int max_tls_version = 0;  // TLS: e.g. TLS1_1_VERSION to try an old protocol; 0: library default
  int receive_buffer = 0;   // SO_RCVBUF before connecting; 0: system default
  std::string address = "127.0.0.1";
  std::string source_address;  // IPv4: bind to this local address first (any of 127.0.0.0/8 on loopback)
};

class TestClient {
 public:
  /// Connects (and handshakes); null with `error` on failure.
  static std::unique_ptr<TestClient> connect(uint16_t port, const ClientOptions& options,
                                             std::string* error = nullptr);
  static std::unique_ptr<TestClient> connect(uint16_t port) { return connect(port, ClientOptions{}); }
  ~TestClient();

  bool write(std::string_view bytes);
  /// Reads up to `max` bytes; empty on EOF, error or timeout.
  std::string read_some(size_t max = 65536);
  /// Reads one response (Content-Length, chunked, or up to EOF). nullopt on EOF before a status line.
  std::optional<ParsedResponse> read_response(bool head_request = false);
  /// Reads the next "\r\n\r\n"-terminated block (e.g. an interim 100 Continue).
  std::optional<std::string> read_head();
  /// True when the server closed the connection (EOF) within `wait`.
  bool closed_by_peer(std::chrono::milliseconds wait = std::chrono::milliseconds(3000));
  /// Bytes received and not yet consumed by read_response/read_head.
  std::string& pending() { return buffer_; }
  /// Appends what arrives next (up to `max` bytes) to pending(); false on EOF, error or timeout.
  bool receive(size_t max = 65536) { return fill(max); }
  void shutdown_write();
  /// TLS 1.3: sends a KeyUpdate message now (a record that carries no application data). False otherwise.
  bool send_key_update();

 private:
  TestClient() = default;
  bool fill(size_t max = 65536);  // appends to buffer_; false on EOF/error

  int fd_ = -1;
  struct Tls;
  std::unique_ptr<Tls> tls_;
  std::string buffer_;
};

/// Simple request text: "METHOD target HTTP/1.1", Host, extra header lines (each ending in \r\n), body.
std::string request_text(std::string_view method, std::string_view target,
                         std::string_view extra_headers = {}, std::string_view body = {});

/// gunzips a complete gzip stream; nullopt when it is not valid.
std::optional<std::string> gunzip(std::string_view data);

}  // namespace netmeter::http::testing
