// The same clauses rendered for SQLite and for ClickHouse answer the same rows. The test starts its own
// clickhouse-server (Debian 12's 18.16) on loopback with a temporary data directory, loads the same flows
// into it and into an in-memory SQLite table, and compares the answers. Skipped when clickhouse-server,
// clickhouse-client or the packaged users.xml is absent.
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "clause_test_util.hpp"
#include "sqlite_flows_table.hpp"
#include "temp_dir.hpp"

extern char** environ;

namespace netmeter::history::query {
namespace {

using test::FlowsTable;
using test::parsed;

constexpr const char* kServer = "/usr/sbin/clickhouse-server";
constexpr const char* kClient = "/usr/bin/clickhouse-client";
constexpr const char* kUsers = "/etc/clickhouse-server/users.xml";

struct Output {
  int status = -1;
  std::string out;
};

// Runs argv without a shell; stdout captured, stderr discarded.
Output run(const std::vector<std::string>& argv, pid_t* background = nullptr) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, background ? open("/dev/null", O_WRONLY) : fds[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  std::vector<char*> args;
  for (const std::string& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  Output o;
  if (rc != 0) {
    close(fds[0]);
    return o;
  }
  if (background) {
    *background = pid;
    close(fds[0]);
    o.status = 0;
    return o;
  }
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0)
    o.out.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  o.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return o;
}

int free_port() {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  close(s);
  return ntohs(a.sin_port);
}

class ClickHouseServer {
 public:
  ClickHouseServer() {
    namespace fs = std::filesystem;
    if (!fs::exists(kServer) || !fs::exists(kClient) || !fs::exists(kUsers)) return;
    const fs::path dir = dir_.path();
    fs::copy_file(kUsers, dir / "users.xml");
    port_ = std::to_string(free_port());
    std::ofstream(dir / "config.xml")
        << "<yandex><logger><level>warning</level><console>0</console><log>" + (dir / "server.log").string() +
               "</log></logger><tcp_port>" + port_ + "</tcp_port><http_port>" + std::to_string(free_port()) +
               "</http_port><listen_host>127.0.0.1</listen_host><path>" + (dir / "data").string() +
               "/</path><tmp_path>" + (dir / "tmp").string() + "/</tmp_path><users_config>" +
               (dir / "users.xml").string() +
               "</users_config><default_profile>default</default_profile>"
               "<default_database>default</default_database><mark_cache_size>"
               "5368709</mark_cache_size><timezone>UTC</timezone></yandex>";
    run({kServer, "--config-file=" + (dir / "config.xml").string()}, &pid_);
    for (int i = 0; i < 300 && pid_ > 0; ++i) {  // up to 30 s for the server to listen
      if (query("SELECT 1").out == "1\n") {
        ready_ = true;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ~ClickHouseServer() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  ClickHouseServer(const ClickHouseServer&) = delete;
  ClickHouseServer& operator=(const ClickHouseServer&) = delete;

  bool ready() const { return ready_; }
  Output query(const std::string& sql) { return run({kClient, "--port", port_, "--query", sql}); }

 private:
  netmeter::test::TempDir dir_{"netmeter-clickhouse"};
  std::string port_;
  pid_t pid_ = -1;
  bool ready_ = false;
};

std::string clickhouse_type(ColumnType t) {
  switch (t) {
    case ColumnType::Ipv4:
      return "UInt32";
    case ColumnType::Ipv6:
      return "FixedString(16)";
    case ColumnType::UInt8:
      return "UInt8";
    case ColumnType::UInt16:
      return "UInt16";
    case ColumnType::UInt32:
      return "UInt32";
    case ColumnType::UInt64:
      return "UInt64";
    case ColumnType::DateTime:
      return "DateTime";
    case ColumnType::String:
      return "String";
  }
  return "String";
}

using Fields = std::map<std::string, Value>;

Value field(const Fields& f, const ColumnInfo& c) {
  if (auto it = f.find(std::string(c.name)); it != f.end()) return it->second;
  if (c.type == ColumnType::String) return std::string();
  if (c.type == ColumnType::Ipv6) return std::array<uint8_t, 16>{};
  return uint64_t{0};
}

std::string insert_sql(const Fields& f) {
  SqlWriter w(SqlDialect::ClickHouse);
  w.raw("INSERT INTO flows VALUES (");
  bool first = true;
  for (const ColumnInfo& c : flow_columns()) {
    if (!first) w.raw(", ");
    first = false;
    w.value(field(f, c), c.type);
  }
  return w.raw(")").take_sql();
}

// ClickHouse's TabSeparated output: rows of cells, escapes read back.
std::vector<std::vector<std::string>> tsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row(1);
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      const char e = text[++i];
      row.back() += e == 't' ? '\t' : e == 'n' ? '\n' : e == '0' ? '\0' : e;
    } else if (c == '\t') {
      row.emplace_back();
    } else if (c == '\n') {
      rows.push_back(std::move(row));
      row.assign(1, std::string());
    } else {
      row.back() += c;
    }
  }
  return rows;
}

// A SQLite cell as ClickHouse prints the same answer (IPv6 answers come as upper-case hex there).
std::string text_of(const Value& v) {
  if (auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* a = std::get_if<std::array<uint8_t, 16>>(&v)) {
    std::string out;
    for (uint8_t b : *a) {
      out += "0123456789ABCDEF"[b >> 4];
      out += "0123456789ABCDEF"[b & 0xF];
    }
    return out;
  }
  return "?";
}

std::array<uint8_t, 16> v6(uint8_t last) {
  std::array<uint8_t, 16> a{0x20, 0x01, 0x0d, 0xb8};
  a[15] = last;
  return a;
}

Fields v4_flow(uint64_t id, uint64_t src, uint64_t dst, uint64_t proto, uint64_t port, uint64_t bytes,
               uint64_t first, uint64_t last, std::string info) {
  return {{"FLOW_ID", id},        {"IP_PROTOCOL_VERSION", uint64_t{4}},
          {"IPV4_SRC_ADDR", src}, {"IPV4_DST_ADDR", dst},
          {"PROTOCOL", proto},    {"IP_DST_PORT", port},
          {"TOTAL_BYTES", bytes}, {"FIRST_SEEN", first},
          {"LAST_SEEN", last},    {"INFO", std::move(info)},
          {"SCORE", id * 5},      {"INTERFACE_ID", id % 2}};
}

TEST(ClauseClickHouse, BothBackendsAnswerTheSame) {
  ClickHouseServer server;
  if (!server.ready()) GTEST_SKIP() << "clickhouse-server not available";
  std::string ddl = "CREATE TABLE flows (";
  for (const ColumnInfo& c : flow_columns())
    ddl += (ddl.back() == '(' ? "`" : ", `") + std::string(c.name) + "` " + clickhouse_type(c.type);
  ASSERT_EQ(
      server.query(ddl + ") ENGINE = MergeTree() PARTITION BY toYYYYMMDD(FIRST_SEEN) ORDER BY FIRST_SEEN")
          .status,
      0);

  const std::vector<Fields> flows{
      v4_flow(1, 0x0A000001, 0x0A000002, 6, 443, 1000, 100, 110, "www.example.com"),
      v4_flow(2, 0x0A000001, 0x0A000003, 17, 53, 200, 105, 106, "Example.org"),
      v4_flow(3, 0x0A000002, 0x0A000003, 6, 80, 5000, 150, 300, "a_b%c.net"),
      v4_flow(4, 0x0A000003, 0x0A000001, 1, 0, 50, 290, 310, "it's \\ here"),
      {{"FLOW_ID", uint64_t{5}},
       {"IP_PROTOCOL_VERSION", uint64_t{6}},
       {"IPV6_SRC_ADDR", Value{v6(1)}},
       {"IPV6_DST_ADDR", Value{v6(2)}},
       {"TOTAL_BYTES", uint64_t{70}},
       {"PROTOCOL", uint64_t{6}},
       {"FIRST_SEEN", uint64_t{120}},
       {"LAST_SEEN", uint64_t{130}},
       {"INFO", std::string("v6.example.com")}}};
  FlowsTable sqlite;
  for (const Fields& f : flows) {
    sqlite.insert(f);
    ASSERT_EQ(server.query(insert_sql(f)).status, 0) << insert_sql(f);
  }

  const std::vector<FlowClauses> queries{
      {.select = "FLOW_ID", .where = "IPV4_SRC_ADDR = 10.0.0.1", .order_by = "FLOW_ID"},
      {.where = "FLOW_ID = 5"},
      {.where = "FLOW_ID = 4"},
      {.select = "FLOW_ID", .where = "PROTOCOL IN (1, 17) OR IP_DST_PORT BETWEEN 80 AND 100"},
      {.select = "FLOW_ID",
       .where = "PROTOCOL NOT IN (6) AND NOT (SCORE >= 20 OR IP_DST_PORT NOT BETWEEN 1 AND 60)"},
      {.select = "FLOW_ID", .where = "INFO LIKE '%example%'"},
      {.select = "FLOW_ID", .where = "INFO LIKE 'Example._rg' OR INFO LIKE '%\\_b\\%%'"},
      {.select = "FLOW_ID", .where = "INFO LIKE '%\\\\%' OR INFO LIKE 'a*%'"},
      {.select = "FLOW_ID", .where = "INFO NOT LIKE '%.com'"},
      {.select = "FLOW_ID", .where = "INFO = 'it''s \\\\ here' OR INFO = '''; DROP TABLE flows; --'"},
      {.select = "FLOW_ID, IPV6_DST_ADDR", .where = "IPV6_SRC_ADDR = '2001:db8::1'"},
      {.select = "FLOW_ID", .where = "FIRST_SEEN IN (100, 105) OR IPV6_DST_ADDR IN ('2001:db8::2', '::1')"},
      {.select = "FLOW_ID", .where = "IPV6_SRC_ADDR > '2001:db8::' AND LAST_SEEN NOT IN (1, 2)"},
      {.select = "FLOW_ID",
       .where = "TOTAL_BYTES > 18446744073709551615 OR TOTAL_BYTES >= 9223372036854775808"},
      {.select = "FLOW_ID",
       .where = "LAST_SEEN > FIRST_SEEN AND TOTAL_BYTES < 1000 AND 1 <= IP_PROTOCOL_VERSION"},
      {.select = "FLOW_ID", .begin_time = "100", .end_time = "300"},
      {.select = "FLOW_ID", .end_time = "130"},
      {.select = "IPV4_SRC_ADDR, SUM(TOTAL_BYTES) AS bytes, COUNT(*) n",
       .where = "IP_PROTOCOL_VERSION = 4",
       .group_by = "IPV4_SRC_ADDR",
       .order_by = "bytes DESC",
       .maxhits = "2"},
      {.select =
           "PROTOCOL, MIN(FIRST_SEEN), MAX(LAST_SEEN), MAX(IPV6_SRC_ADDR), COUNT(DISTINCT IPV4_DST_ADDR)",
       .group_by = "PROTOCOL",
       .order_by = "PROTOCOL"},
      {.select = "SUM(TOTAL_BYTES), COUNT(*)", .where = "PROTOCOL = 99"},
      {.select = "IP_PROTOCOL_VERSION, FIRST_SEEN",
       .group_by = "IP_PROTOCOL_VERSION, FIRST_SEEN",
       .order_by = "FIRST_SEEN DESC",
       .maxhits = "3"},
  };
  for (const FlowClauses& c : queries) {
    const FlowQuery q = parsed(c);
    std::vector<std::vector<std::string>> expected;
    for (const test::Row& r : sqlite.query(render(q, SqlDialect::Sqlite))) {
      expected.emplace_back();
      for (const Value& v : r)
        expected.back().push_back(text_of(v));
    }
    const RenderedQuery ch = render(q, SqlDialect::ClickHouse);
    const Output out = server.query(ch.sql);
    ASSERT_EQ(out.status, 0) << ch.sql;
    auto answered = tsv(out.out);
    if (q.order_by.empty()) {
      std::sort(expected.begin(), expected.end());
      std::sort(answered.begin(), answered.end());
    }
    EXPECT_EQ(answered, expected) << "where: " << c.where << "\nselect: " << c.select << "\n" << ch.sql;
  }
  EXPECT_EQ(server.query("SELECT count() FROM flows").out, "5\n");
}

}  // namespace
}  // namespace netmeter::history::query
