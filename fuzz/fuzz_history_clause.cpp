// fuzz_history_clause: arbitrary text as ntopng's historical flow clauses through src/history/query: the
// clause parser, then the renderer for both dialects, the SQLite rendering prepared and run by SQLite
// itself on an empty `flows` table made from flow_columns().
//
// Input: select, where, group by, order by, maxhits, begin time and end time clauses, one per line (the
// last field takes the rest, newlines included; missing fields are absent clauses). The same lines also go
// through parse_topk_query as keys, where, value, top-k function, maxhits, begin and end.
//
// Invariants:
// - a refused query names one of the seven clauses, says something, and points inside the clause;
// - a parsed query always renders, for both dialects, with one answer name and type per select item;
// - the SQLite SQL has exactly one `?` per parameter, SQLite prepares it, binds every parameter and runs it;
// - the ClickHouse SQL has no parameters, and outside its string literals no `;`, `--`, `/*`, no quote
//   left open and balanced parentheses (so no value escaped from its literal).

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "history/flow_columns.hpp"
#include "history/query/flow_query_parser.hpp"
#include "history/query/render.hpp"
#include "history/query/topk_query.hpp"

using namespace netmeter;
using namespace netmeter::history;

namespace {

sqlite3* empty_flows_table() {
  sqlite3* db = nullptr;
  NETMETER_FUZZ_CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
  std::string ddl = "CREATE TABLE flows (";
  for (const ColumnInfo& c : flow_columns()) {
    if (ddl.back() != '(') ddl += ", ";
    ddl += "\"" + std::string(c.name) + "\" ";
    ddl += c.type == ColumnType::String ? "TEXT" : c.type == ColumnType::Ipv6 ? "BLOB" : "INTEGER";
  }
  NETMETER_FUZZ_CHECK(sqlite3_exec(db, (ddl + ")").c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  return db;
}

void bind(sqlite3_stmt* stmt, int i, const Value& v) {
  int rc = SQLITE_OK;
  if (auto* n = std::get_if<uint64_t>(&v)) rc = sqlite3_bind_int64(stmt, i, static_cast<sqlite3_int64>(*n));
  if (auto* d = std::get_if<double>(&v)) rc = sqlite3_bind_double(stmt, i, *d);
  if (auto* s = std::get_if<std::string>(&v))
    rc = sqlite3_bind_text(stmt, i, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
  if (auto* a = std::get_if<std::array<uint8_t, 16>>(&v))
    rc = sqlite3_bind_blob(stmt, i, a->data(), 16, SQLITE_TRANSIENT);
  NETMETER_FUZZ_CHECK(rc == SQLITE_OK);
}

void check_sqlite(sqlite3* db, const RenderedQuery& r) {
  size_t marks = 0;
  for (char c : r.sql)
    marks += c == '?';
  NETMETER_FUZZ_CHECK(marks == r.params.size());
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db, r.sql.c_str(), -1, &stmt, nullptr);
  if (rc != SQLITE_OK) std::fprintf(stderr, "sql: %s\nsqlite: %s\n", r.sql.c_str(), sqlite3_errmsg(db));
  NETMETER_FUZZ_CHECK(rc == SQLITE_OK && stmt != nullptr);
  NETMETER_FUZZ_CHECK(sqlite3_bind_parameter_count(stmt) == static_cast<int>(r.params.size()));
  for (size_t i = 0; i < r.params.size(); ++i)
    bind(stmt, static_cast<int>(i + 1), r.params[i]);
  NETMETER_FUZZ_CHECK(sqlite3_column_count(stmt) == static_cast<int>(r.column_names.size()));
  int rc_step;
  while ((rc_step = sqlite3_step(stmt)) == SQLITE_ROW) {
  }  // an aggregate without GROUP BY answers one row even on no flows
  NETMETER_FUZZ_CHECK(rc_step == SQLITE_DONE);
  sqlite3_finalize(stmt);
}

// Scans the ClickHouse SQL as ClickHouse's lexer would: '...' literals with backslash escapes.
void check_clickhouse(const RenderedQuery& r) {
  NETMETER_FUZZ_CHECK(r.params.empty());
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < r.sql.size(); ++i) {
    const char c = r.sql[i];
    if (in_string) {
      NETMETER_FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F);
      if (c == '\\') {
        NETMETER_FUZZ_CHECK(i + 1 < r.sql.size());
        ++i;
      } else if (c == '\'') {
        in_string = false;
      }
      continue;
    }
    NETMETER_FUZZ_CHECK(c != ';' && c != '"');
    NETMETER_FUZZ_CHECK(r.sql.compare(i, 2, "--") != 0 && r.sql.compare(i, 2, "/*") != 0);
    if (c == '\'') in_string = true;
    if (c == '(') ++depth;
    if (c == ')') --depth;
    NETMETER_FUZZ_CHECK(depth >= 0);
  }
  NETMETER_FUZZ_CHECK(!in_string && depth == 0);
}

void check_error(const history::query::ClauseError& e, const std::vector<std::string_view>& f) {
  NETMETER_FUZZ_CHECK(!e.message.empty());
  const std::string_view names[] = {"select_clause",   "where_clause",   "group_by_clause",
                                    "order_by_clause", "maxhits_clause", "begin_time_clause",
                                    "end_time_clause"};
  for (size_t i = 0; i < 7; ++i)
    if (e.clause == names[i]) {
      NETMETER_FUZZ_CHECK(e.column <= f[i].size() + 1);
      return;
    }
  NETMETER_FUZZ_CHECK(e.column == 0);  // top-k: select_keys_clause, select_values_clause, topk_clause
  NETMETER_FUZZ_CHECK(e.clause == "select_keys_clause" || e.clause == "select_values_clause" ||
                      e.clause == "topk_clause");
}

void check_query(sqlite3* db, const history::query::FlowQuery& q) {
  NETMETER_FUZZ_CHECK(!q.select.empty() && q.limit >= 1 && q.limit <= history::query::kMaxHitsCap);
  for (SqlDialect d : {SqlDialect::Sqlite, SqlDialect::ClickHouse}) {
    const RenderedQuery r = history::query::render(q, d);
    NETMETER_FUZZ_CHECK(r.column_names.size() == q.select.size() && r.column_types.size() == q.select.size());
    if (d == SqlDialect::Sqlite)
      check_sqlite(db, r);
    else
      check_clickhouse(r);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static sqlite3* const db = empty_flows_table();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto f = fuzz::split_lines(text, 7);
  const auto parsed = history::query::parse_flow_query({f[0], f[1], f[2], f[3], f[4], f[5], f[6]});
  if (parsed)
    check_query(db, *parsed.query);
  else
    check_error(parsed.error, f);
  // The same lines as top-k parameters: keys, where, value, top-k function, maxhits, begin, end.
  const auto topk = history::query::parse_topk_query({f[0], f[2], f[3], f[1], f[4], f[5], f[6]});
  if (topk) check_query(db, *topk.query);
  if (!topk) NETMETER_FUZZ_CHECK(!topk.error.message.empty());
  return 0;
}
