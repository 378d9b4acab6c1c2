#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netmeter::history::clickhouse {

/// Where the ClickHouse store lives: `clickhouse://[user@]host[:port]/database` (HTTP interface, port
/// 8123 by default). The database name is a plain identifier, so it can be written into DDL as is.
struct ClickHouseUrl {
  std::string user = "default";
  std::string host;
  uint16_t port = 8123;
  std::string database;
};

/// Parses `text`, or nothing when it is not such a URL (wrong scheme, bad port, database missing or not
/// an identifier `[A-Za-z_][A-Za-z0-9_]*`, user with characters other than `[A-Za-z0-9_.-]`).
std::optional<ClickHouseUrl> parse_clickhouse_url(std::string_view text);

/// Whether `name` is a plain ClickHouse identifier (safe to write unquoted into SQL).
bool is_plain_identifier(std::string_view name);

}  // namespace netmeter::history::clickhouse
