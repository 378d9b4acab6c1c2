#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "history/clickhouse/clickhouse_url.hpp"

namespace netmeter::history::clickhouse {

class HttpConnection;

/// How to reach the server. The password is kept only to build the Authorization header; it is never
/// logged nor put in an error message.
struct ClientOptions {
  ClickHouseUrl url;
  std::string password;
  std::chrono::milliseconds timeout{10'000};    ///< per request, connect to last byte
  size_t max_answer_bytes = 256 * 1024 * 1024;  ///< larger answers fail rather than exhaust memory
};

/// ClickHouse's HTTP interface: statements, read-only queries and inserts with a data body, over a small
/// pool of kept-alive connections so that the export thread and API threads do not wait for each other.
/// Any answer other than 200 becomes a HistoryError carrying ClickHouse's own (cleaned) message.
class ClickHouseClient {
 public:
  explicit ClickHouseClient(ClientOptions options);
  ~ClickHouseClient();
  ClickHouseClient(const ClickHouseClient&) = delete;
  ClickHouseClient& operator=(const ClickHouseClient&) = delete;

  /// Runs a statement (DDL, ALTER) in the URL's database, or outside any when `in_database` is false
  /// (CREATE DATABASE). Returns the answer body.
  std::string statement(std::string_view sql, bool in_database = true);
  /// Runs `sql` with readonly=1: the server refuses anything that would change data or settings.
  std::string query(std::string_view sql);
  /// Runs `INSERT ... FORMAT x` (in the URL) with `data` as the body; `settings` ("name=value&...",
  /// made by netmeter, never by a client) are added to the URL.
  void insert(std::string_view insert_sql, const std::string& data, std::string_view settings = {});

  const ClickHouseUrl& url() const { return options_.url; }

 private:
  std::string run(std::string target, const std::string& body);
  std::unique_ptr<HttpConnection> acquire();
  void release(std::unique_ptr<HttpConnection> connection);

  ClientOptions options_;
  std::string authorization_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<HttpConnection>> idle_;
};

/// `text` percent-encoded for a URL query string (everything but RFC 3986's unreserved characters).
std::string url_encode(std::string_view text);

}  // namespace netmeter::history::clickhouse
