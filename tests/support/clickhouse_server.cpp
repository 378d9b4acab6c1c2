#include "support/clickhouse_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

namespace netmeter::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::string random_password() {
  std::random_device device;
  std::string out;
  for (int i = 0; i < 24; ++i)
    out += "abcdefghijklmnopqrstuvwxyz0123456789"[device() % 36];
  return out;
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

// A non-UTC server time zone on purpose: netmeter's DateTime('UTC') columns must not depend on it.
std::string config_xml(const fs::path& dir, uint16_t http, uint16_t tcp, uint16_t interserver) {
  const std::string d = dir.string();
  std::ostringstream out;
  out << "<?xml version=\"1.0\"?>\n<yandex>\n"
      << "  <logger><level>warning</level><log>" << d << "/log/server.log</log><errorlog>" << d
      << "/log/error.log</errorlog><size>10M</size><count>1</count></logger>\n"
      << "  <listen_host>127.0.0.1</listen_host>\n"
      << "  <http_port>" << http << "</http_port>\n  <tcp_port>" << tcp << "</tcp_port>\n"
      << "  <interserver_http_port>" << interserver << "</interserver_http_port>\n"
      << "  <interserver_http_host>127.0.0.1</interserver_http_host>\n"
      << "  <path>" << d << "/data/</path>\n  <tmp_path>" << d << "/tmp/</tmp_path>\n"
      << "  <user_files_path>" << d << "/user_files/</user_files_path>\n"
      << "  <format_schema_path>" << d << "/format_schemas/</format_schema_path>\n"
      << "  <users_config>" << d << "/users.xml</users_config>\n"
      << "  <default_profile>default</default_profile>\n  <default_database>default</default_database>\n"
      << "  <timezone>Europe/Berlin</timezone>\n"
      << "  <mark_cache_size>268435456</mark_cache_size>\n"
      << "  <uncompressed_cache_size>268435456</uncompressed_cache_size>\n"
      << "  <max_concurrent_queries>20</max_concurrent_queries>\n"
      // Shorter than the client's 2 s idle limit, so tests also meet connections the server closed.
      << "  <keep_alive_timeout>1</keep_alive_timeout>\n"
      << "  <mlock_executable>false</mlock_executable>\n</yandex>\n";
  return out.str();
}

std::string users_xml(const std::string& password) {
  return "<?xml version=\"1.0\"?>\n<yandex>\n"
         "  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>\n"
         "  <users><default><password>" +
         password +
         "</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile>"
         "<quota>default</quota></default></users>\n"
         "  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>"
         "<result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval>"
         "</default></quotas>\n</yandex>\n";
}

// GET /ping over a plain socket: true when the server answers "Ok.".
bool pings(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  bool ok = false;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    const std::string request = "GET /ping HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
      std::string answer;
      char buffer[512];
      for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;)
        answer.append(buffer, static_cast<size_t>(n));
      ok = answer.find("Ok.") != std::string::npos;
    }
  }
  ::close(fd);
  return ok;
}

std::string tail_of(const fs::path& file) {
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.size() > 600 ? text.substr(text.size() - 600) : text;
}

}  // namespace

uint16_t free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

fs::path ClickHouseServer::find_binary() {
  if (const char* configured = std::getenv("CLICKHOUSE_SERVER"))
    return fs::exists(configured) ? configured : "";
  if (const char* path = std::getenv("PATH")) {
    std::istringstream dirs(path);
    for (std::string dir; std::getline(dirs, dir, ':');)
      if (!dir.empty() && ::access((fs::path(dir) / "clickhouse-server").c_str(), X_OK) == 0)
        return fs::path(dir) / "clickhouse-server";
  }
  if (::access("/usr/sbin/clickhouse-server", X_OK) == 0) return "/usr/sbin/clickhouse-server";
  return {};
}

std::unique_ptr<ClickHouseServer> ClickHouseServer::start(std::string& why) {
  const fs::path binary = find_binary();
  if (binary.empty()) {
    why = "clickhouse-server is not installed (scripts/setup installs it)";
    return nullptr;
  }
  // A port taken between choosing and binding makes the server exit: try again with new ports.
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::unique_ptr<ClickHouseServer> server(new ClickHouseServer());
    if (server->launch(binary, why)) return server;
  }
  return nullptr;
}

bool ClickHouseServer::launch(const fs::path& binary, std::string& why) {
  std::string pattern = (fs::temp_directory_path() / "netmeter-clickhouse-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) {
    why = "cannot create a temporary directory";
    return false;
  }
  dir_ = pattern;
  fs::create_directories(dir_ / "log");
  password_ = random_password();
  http_port_ = free_loopback_port();
  const uint16_t tcp = free_loopback_port(), interserver = free_loopback_port();
  write_file(dir_ / "config.xml", config_xml(dir_, http_port_, tcp, interserver));
  write_file(dir_ / "users.xml", users_xml(password_));
  write_file(password_file(), password_ + "\n");

  const std::string config_arg = "--config-file=" + (dir_ / "config.xml").string();
  pid_ = ::fork();
  if (pid_ == 0) {
    ::chdir(dir_.c_str());
    const fs::path out = dir_ / "log" / "stdout";
    ::freopen(out.c_str(), "w", stdout);
    ::freopen(out.c_str(), "a", stderr);
    ::execl(binary.c_str(), binary.c_str(), config_arg.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  for (auto waited = 0ms; waited < 30s; waited += 50ms) {
    if (pings(http_port_)) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      why = "clickhouse-server exited at start: " + tail_of(dir_ / "log" / "error.log");
      return false;
    }
    std::this_thread::sleep_for(50ms);
  }
  why = "clickhouse-server did not answer /ping within 30 s";
  return false;
}

std::string ClickHouseServer::url(const std::string& database) const {
  return "clickhouse://default@127.0.0.1:" + std::to_string(http_port_) + "/" + database;
}

ClickHouseServer::~ClickHouseServer() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    bool gone = false;
    for (auto waited = 0ms; waited < 10s && !gone; waited += 20ms) {
      gone = ::waitpid(pid_, &status, WNOHANG) == pid_;
      if (!gone) std::this_thread::sleep_for(20ms);
    }
    if (!gone) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
  }
  std::error_code ignored;
  if (!dir_.empty()) fs::remove_all(dir_, ignored);
}

}  // namespace netmeter::test
