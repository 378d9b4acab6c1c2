#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace netmeter::test {

/// A private clickhouse-server for one test or benchmark: a temporary data directory, a config.xml and
/// users.xml written here (random free HTTP, TCP and interserver ports, listening on 127.0.0.1 only,
/// user `default` with a random password), started and then polled on /ping. Stopped (SIGTERM, then
/// SIGKILL after 10 s) and its directory removed at destruction.
class ClickHouseServer {
 public:
  /// The server binary (clickhouse-server on PATH or /usr/sbin, or $CLICKHOUSE_SERVER), or empty.
  static std::filesystem::path find_binary();
  /// A running server, or nullptr with `why` set (binary absent, did not come up within 30 s).
  static std::unique_ptr<ClickHouseServer> start(std::string& why);

  ~ClickHouseServer();
  ClickHouseServer(const ClickHouseServer&) = delete;
  ClickHouseServer& operator=(const ClickHouseServer&) = delete;

  uint16_t http_port() const { return http_port_; }
  const std::string& password() const { return password_; }
  /// A file holding the password (what netmeter's --history option reads).
  std::filesystem::path password_file() const { return dir_ / "password"; }
  /// `clickhouse://default@127.0.0.1:<port>/<database>`.
  std::string url(const std::string& database) const;
  /// The server's process id (for CPU time figures).
  pid_t pid() const { return pid_; }
  /// The data directory (for disk usage figures).
  const std::filesystem::path& directory() const { return dir_; }

 private:
  ClickHouseServer() = default;
  bool launch(const std::filesystem::path& binary, std::string& why);

  std::filesystem::path dir_;
  std::string password_;
  uint16_t http_port_ = 0;
  pid_t pid_ = -1;
};

/// A TCP port on 127.0.0.1 nobody listened on a moment ago.
uint16_t free_loopback_port();

}  // namespace netmeter::test
