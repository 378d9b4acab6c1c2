// A ClickHouse that is down or silent makes every call fail with HistoryError within the timeout; it
// never hangs the caller (the export thread, an API thread).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "history/clickhouse/clickhouse_history_store.hpp"
#include "support/clickhouse_server.hpp"

namespace netmeter::history::clickhouse {
namespace {

using namespace std::chrono_literals;

ClientOptions options_for(uint16_t port) {
  ClientOptions options;
  options.url.host = "127.0.0.1";
  options.url.port = port;
  options.url.database = "netmeter_test";
  options.timeout = 300ms;
  return options;
}

// Listens on loopback and never accepts: connect completes (the kernel's backlog), nothing answers.
class SilentListener {
 public:
  SilentListener() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(fd_, 8);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() { ::close(fd_); }
  uint16_t port() const { return port_; }

 private:
  int fd_;
  uint16_t port_ = 0;
};

TEST(ClickHouseDeadServer, NothingListening) {
  const uint16_t port = test::free_loopback_port();
  try {
    ClickHouseHistoryStore store(options_for(port));
    FAIL() << "a store without a server";
  } catch (const HistoryError& e) {
    EXPECT_NE(std::string(e.what()).find("ClickHouse at 127.0.0.1:" + std::to_string(port)),
              std::string::npos)
        << e.what();
  }
}

TEST(ClickHouseDeadServer, SilentServerTimesOut) {
  SilentListener listener;
  try {
    ClickHouseHistoryStore store(options_for(listener.port()));
    FAIL() << "a store whose server never answers";
  } catch (const HistoryError& e) {
    EXPECT_NE(std::string(e.what()).find("did not answer within 300 ms"), std::string::npos) << e.what();
  }
}

TEST(ClickHouseDeadServer, FactoryRefusesBadUrlAndMissingPasswordFile) {
  EXPECT_THROW(make_clickhouse_store("clickhouse://h:8123/db;drop", {}), HistoryError);
  EXPECT_THROW(make_clickhouse_store("clickhouse://127.0.0.1:1/db", "/nonexistent/netmeter-password"),
               HistoryError);
  try {
    make_clickhouse_store("clickhouse://127.0.0.1:1/db", "/nonexistent/netmeter-password");
  } catch (const HistoryError& e) {
    EXPECT_EQ(std::string(e.what()).find("/nonexistent"), std::string::npos);
  }
}

}  // namespace
}  // namespace netmeter::history::clickhouse
