#include "history/clickhouse/clickhouse_client.hpp"

#include <boost/beast/core/detail/base64.hpp>

#include "history/clickhouse/http_connection.hpp"
#include "history/clickhouse/server_error.hpp"
#include "history/history_store.hpp"

namespace netmeter::history::clickhouse {
namespace {

constexpr size_t kMaxIdleConnections = 4;

std::string basic_authorization(const std::string& user, const std::string& password) {
  const std::string plain = user + ":" + password;
  std::string out(boost::beast::detail::base64::encoded_size(plain.size()), '\0');
  out.resize(boost::beast::detail::base64::encode(out.data(), plain.data(), plain.size()));
  return "Basic " + out;
}

bool is_unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

}  // namespace

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (char c : text) {
    if (is_unreserved(c)) {
      out += c;
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    out += '%';
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  }
  return out;
}

ClickHouseClient::ClickHouseClient(ClientOptions options)
    : options_(std::move(options)),
      authorization_(basic_authorization(options_.url.user, options_.password)) {}

ClickHouseClient::~ClickHouseClient() = default;

std::string ClickHouseClient::statement(std::string_view sql, bool in_database) {
  // The SQL goes in the body: no URL length limit applies to it.
  return run(in_database ? "/?database=" + options_.url.database : "/", std::string(sql));
}

std::string ClickHouseClient::query(std::string_view sql) {
  // wait_end_of_query: the server buffers the answer, so an error half-way is an HTTP error, not a
  // truncated 200 with the exception text appended to the rows.
  return run("/?database=" + options_.url.database + "&readonly=1&wait_end_of_query=1", std::string(sql));
}

void ClickHouseClient::insert(std::string_view insert_sql, const std::string& data,
                              std::string_view settings) {
  std::string target = "/?database=" + options_.url.database + "&query=" + url_encode(insert_sql);
  if (!settings.empty()) {
    target += '&';
    target += settings;
  }
  run(std::move(target), data);
}

std::string ClickHouseClient::run(std::string target, const std::string& body) {
  auto connection = acquire();
  // A failed connection is dropped with its socket (closed by HttpConnection); a good one goes back.
  HttpAnswer answer = connection->post(HttpPost{std::move(target), authorization_, body});
  release(std::move(connection));
  if (answer.status != 200) throw HistoryError(clean_server_error(answer.body, answer.status));
  return std::move(answer.body);
}

std::unique_ptr<HttpConnection> ClickHouseClient::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
  }
  return std::make_unique<HttpConnection>(options_.url.host, options_.url.port, options_.timeout,
                                          options_.max_answer_bytes);
}

void ClickHouseClient::release(std::unique_ptr<HttpConnection> connection) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(connection));
}

}  // namespace netmeter::history::clickhouse
