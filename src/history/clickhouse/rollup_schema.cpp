#include "history/clickhouse/rollup_schema.hpp"

#include <charconv>

#include "history/history_store.hpp"

namespace netmeter::history::clickhouse {
namespace {

template <typename T>
void put(std::string& out, T v) {
  for (size_t i = 0; i < sizeof(T); ++i)
    out.push_back(static_cast<char>(static_cast<uint64_t>(v) >> (8 * i)));
}

std::string hex(const std::array<uint8_t, 16>& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

uint64_t field(std::string_view& line) {
  size_t tab = line.find('\t');
  std::string_view text = line.substr(0, tab);
  line = tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1);
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    throw HistoryError("ClickHouse answered a time series row that is not numbers");
  return v;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// 16 bytes as 32 hex digits (ClickHouse's hex() of a FixedString(16)).
std::array<uint8_t, 16> hex_field(std::string_view& line) {
  size_t tab = line.find('\t');
  std::string_view text = line.substr(0, tab);
  line = tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1);
  std::array<uint8_t, 16> out{};
  if (text.size() != 2 * out.size())
    throw HistoryError("ClickHouse answered a time series address that is not 16 bytes");
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = hex_digit(text[2 * i]), lo = hex_digit(text[2 * i + 1]);
    if (hi < 0 || lo < 0) throw HistoryError("ClickHouse answered a time series address that is not hex");
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

/// The four counters ending a row, which must have no more columns.
stats::Traffic traffic_fields(std::string_view& line) {
  stats::Traffic t;
  t.rx_packets = field(line);
  t.rx_bytes = field(line);
  t.tx_packets = field(line);
  t.tx_bytes = field(line);
  if (!line.empty()) throw HistoryError("ClickHouse answered a time series row with extra columns");
  return t;
}

/// Calls `row` with each non-empty line of a TabSeparated answer.
template <typename Row>
void for_each_line(std::string_view tsv, Row&& row) {
  while (!tsv.empty()) {
    size_t nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv = nl == std::string_view::npos ? std::string_view() : tsv.substr(nl + 1);
    if (!line.empty()) row(line);
  }
}

}  // namespace

std::string create_rollup_table_sql() {
  return "CREATE TABLE IF NOT EXISTS " + std::string(kRollupTable) +
         " (\n  interface_id UInt16,\n  kind UInt8,\n  id UInt64,\n  vlan UInt16,\n  address "
         "FixedString(16),\n"
         "  minute DateTime('UTC'),\n  rx_packets UInt64,\n  rx_bytes UInt64,\n  tx_packets UInt64,\n"
         "  tx_bytes UInt64\n) ENGINE = MergeTree()\nPARTITION BY toYYYYMMDD(minute)\n"
         "ORDER BY (interface_id, kind, id, vlan, address, minute)\nSETTINGS index_granularity = 8192";
}

std::string insert_rollups_sql() {
  return "INSERT INTO " + std::string(kRollupTable) +
         " (interface_id, kind, id, vlan, address, minute, rx_packets, rx_bytes, tx_packets, tx_bytes) "
         "FORMAT RowBinary";
}

void encode_rollups(std::span<const RollupRow> rows, std::string& out) {
  out.clear();
  out.reserve(rows.size() * 65);
  for (const RollupRow& r : rows) {
    put(out, r.entity.interface_id);
    put(out, static_cast<uint8_t>(r.entity.kind));
    put(out, r.entity.id);
    put(out, r.entity.vlan);
    out.append(reinterpret_cast<const char*>(r.entity.address.data()), r.entity.address.size());
    put(out, r.minute);
    put(out, r.traffic.rx_packets);
    put(out, r.traffic.rx_bytes);
    put(out, r.traffic.tx_packets);
    put(out, r.traffic.tx_bytes);
  }
}

std::string select_rollups_sql(const RollupRange& range) {
  const RollupEntity& e = range.entity;
  return "SELECT toUInt32(minute) AS m, sum(rx_packets), sum(rx_bytes), sum(tx_packets), sum(tx_bytes) "
         "FROM " +
         std::string(kRollupTable) + " WHERE interface_id = " + std::to_string(e.interface_id) +
         " AND kind = " + std::to_string(static_cast<unsigned>(e.kind)) +
         " AND id = " + std::to_string(e.id) + " AND vlan = " + std::to_string(e.vlan) +
         " AND address = toFixedString(unhex('" + hex(e.address) + "'), 16) AND minute >= toDateTime(" +
         std::to_string(range.start) + ") AND minute < toDateTime(" + std::to_string(range.end) +
         ") GROUP BY m ORDER BY m FORMAT TabSeparated";
}

namespace {

/// FROM and WHERE of every row of one kind of one interface in a minute range.
std::string kind_range_from(const RollupKindRange& range) {
  return " FROM " + std::string(kRollupTable) +
         " WHERE interface_id = " + std::to_string(range.interface_id) +
         " AND kind = " + std::to_string(static_cast<unsigned>(range.kind)) + " AND minute >= toDateTime(" +
         std::to_string(range.start) + ") AND minute < toDateTime(" + std::to_string(range.end) + ")";
}

}  // namespace

std::string select_rollup_kind_sql(const RollupKindRange& range) {
  return "SELECT id, toUInt32(minute) AS m, sum(rx_packets), sum(rx_bytes), sum(tx_packets), sum(tx_bytes)" +
         kind_range_from(range) + " GROUP BY id, m ORDER BY id, m FORMAT TabSeparated";
}

std::string select_rollup_totals_sql(const RollupKindRange& range) {
  return "SELECT id, vlan, hex(address) AS a, sum(rx_packets), sum(rx_bytes), sum(tx_packets), "
         "sum(tx_bytes)" +
         kind_range_from(range) + " GROUP BY id, vlan, a ORDER BY id, vlan, a FORMAT TabSeparated";
}

std::vector<RollupTotal> parse_rollup_totals(std::string_view tsv) {
  std::vector<RollupTotal> out;
  for_each_line(tsv, [&](std::string_view line) {
    RollupTotal t;
    t.id = field(line);
    t.vlan = static_cast<uint16_t>(field(line));
    t.address = hex_field(line);
    t.traffic = traffic_fields(line);
    out.push_back(t);
  });
  return out;
}

std::vector<KeyedRollupPoint> parse_keyed_rollups(std::string_view tsv) {
  std::vector<KeyedRollupPoint> out;
  for_each_line(tsv, [&](std::string_view line) {
    KeyedRollupPoint p;
    p.id = field(line);
    p.minute = static_cast<uint32_t>(field(line));
    p.traffic = traffic_fields(line);
    out.push_back(p);
  });
  return out;
}

std::vector<RollupPoint> parse_rollups(std::string_view tsv) {
  std::vector<RollupPoint> out;
  for_each_line(tsv, [&](std::string_view line) {
    RollupPoint p;
    p.minute = static_cast<uint32_t>(field(line));
    p.traffic = traffic_fields(line);
    out.push_back(p);
  });
  return out;
}

}  // namespace netmeter::history::clickhouse
