// The per-minute time series of the history store (docs/history.md "Per-minute time series"): rows per
// second written through the RollupQueue into each backend, bytes per row on disk, one entity's day
// read back, every application's day (the read behind ts.lua iface:ndpi), and the list reads (every
// host's or application's traffic summed over a day or an hour: the Allegro lists over a past interval).
//
//   netmeter_history_series_bench [--hosts H] [--minutes M] [--dir DIR [--reuse 1]]
//
// Rows: every minute of M (default 240) carries the interface, H hosts (default 20 000), 300
// applications, 2 000 ports, 16 VLANs and 8 DSCP classes — one closed minute of a busy probe — pushed
// minute by minute through a RollupQueue (default configuration, waiting for room as a capture file's
// recorder does) into a fresh SQLite history.db (in DIR or a temporary directory) and into ClickHouse
// (its own clickhouse-server from tests/support; skipped when absent). Rate: rows / wall seconds from
// the first push until the queue has written everything.

#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "history/clickhouse/clickhouse_client.hpp"
#include "history/clickhouse/clickhouse_history_store.hpp"
#include "history/clickhouse/clickhouse_url.hpp"
#include "history/clickhouse/partition_retention.hpp"
#include "history/clickhouse/rollup_schema.hpp"
#include "history/rollup_entity.hpp"
#include "history/rollup_queue.hpp"
#include "history/sqlite/sqlite_history_store.hpp"
#include "stats/entities.hpp"
#include "stats/shard_delta.hpp"
#include "support/clickhouse_server.hpp"

namespace {

using namespace netmeter;
using namespace netmeter::history;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr uint32_t kStart = 1'700'000'040;

struct Options {
  uint32_t hosts = 20'000;
  uint32_t minutes = 240;
  std::string dir;
  bool reuse = false;  ///< read the history.db already in `dir` (written by an earlier run), nothing else
};

double process_cpu() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::vector<RollupRow> minute_rows(uint32_t minute, const Options& o) {
  std::vector<RollupRow> rows;
  auto add = [&](const RollupEntity& e, uint64_t n) {
    rows.push_back({e, minute, {n, n * 700, n / 2 + 1, n * 300}});
  };
  add(module_entity(0, RollupKind::Interface, 0), 1'000'000 + minute);
  for (uint32_t h = 0; h < o.hosts; ++h) {
    uint8_t b[4] = {10, static_cast<uint8_t>(h >> 16), static_cast<uint8_t>(h >> 8), static_cast<uint8_t>(h)};
    add(host_entity(0, stats::HostKey{core::IpAddress::v4(b), 0}), 1 + (h * 7919 + minute) % 5000);
  }
  for (uint32_t a = 0; a < 300; ++a)
    add(module_entity(0, RollupKind::Application, stats::app_key(a % 7, a)), 10 + a);
  for (uint32_t p = 0; p < 2000; ++p)
    add(module_entity(0, RollupKind::Port, stats::port_key(p % 2 ? 17 : 6, static_cast<uint16_t>(p))), 5 + p);
  for (uint32_t v = 0; v < 16; ++v)
    add(module_entity(0, RollupKind::Vlan, stats::vlan_key(0, static_cast<uint16_t>(v))), 100 + v);
  for (uint32_t d = 0; d < 8; ++d)
    add(module_entity(0, RollupKind::Dscp, d * 8), 50 + d);
  return rows;
}

/// Pushes every minute through a RollupQueue into `store`; returns the rows written.
uint64_t write_all(HistoryStore& store, const Options& o, const char* name) {
  RollupQueue queue(store, RollupQueueConfig{});
  const auto start = Clock::now();
  const double cpu_start = process_cpu();
  uint64_t rows = 0;
  for (uint32_t m = 0; m < o.minutes; ++m) {
    auto batch = minute_rows(kStart + m * 60, o);
    rows += batch.size();
    queue.push(std::move(batch), true);
  }
  queue.flush();
  const double wall = seconds_since(start);
  const double cpu = process_cpu() - cpu_start;
  auto c = queue.counters();
  std::printf(
      "%s: %llu rows in %.1f s: %.0f rows/s; this process's CPU %.1f s, %.2f us per row (not the "
      "ClickHouse server's) (stored %llu, dropped %llu%s%s)\n",
      name, static_cast<unsigned long long>(rows), wall, rows / wall, cpu, cpu * 1e6 / rows,
      static_cast<unsigned long long>(c.stored), static_cast<unsigned long long>(c.dropped),
      c.last_error.empty() ? "" : ", error: ", c.last_error.c_str());
  return c.stored;
}

void read_back(HistoryStore& store, const char* name, const Options& o) {
  uint8_t b[4] = {10, 0, 0, 42};
  RollupRange range{host_entity(0, stats::HostKey{core::IpAddress::v4(b), 0}), kStart, kStart + 86400};
  const auto start = Clock::now();
  auto points = store.read_rollups(range);
  std::printf("%s: one host's day read back: %zu minutes in %.1f ms\n", name, points.size(),
              seconds_since(start) * 1000);
  // What ts.lua iface:ndpi reads for a protocol: every application's minutes of the day.
  const auto kind_start = Clock::now();
  auto apps = store.read_rollup_kind({0, RollupKind::Application, kStart, kStart + 86400});
  std::printf("%s: every application's day read back: %zu rows in %.1f ms\n", name, apps.size(),
              seconds_since(kind_start) * 1000);
  // What the Allegro lists over a past interval read (read_rollup_totals): every entity of a kind with
  // its minutes summed by the store, one row per entity; a day, and the last hour of the data.
  const uint32_t end = kStart + o.minutes * 60;
  struct ListRead {
    const char* what;
    RollupKind kind;
    uint32_t start, end;
  };
  for (const ListRead& l :
       {ListRead{"every host's day", RollupKind::Host, kStart, kStart + 86400},
        ListRead{"every host's last hour", RollupKind::Host, end - 3600, end},
        ListRead{"every application's day", RollupKind::Application, kStart, kStart + 86400}}) {
    const auto list_start = Clock::now();
    auto totals = store.read_rollup_totals({0, l.kind, l.start, l.end});
    uint64_t bytes = 0;
    for (const auto& t : totals)
      bytes += t.traffic.bytes();
    std::printf("%s: list read, %s summed: %zu entities (%.0f MB) in %.1f ms\n", name, l.what, totals.size(),
                bytes / 1e6, seconds_since(list_start) * 1000);
  }
}

uint64_t file_bytes(const fs::path& p) {
  std::error_code ec;
  auto n = fs::file_size(p, ec);
  return ec ? 0 : n;
}

void sqlite_part(const Options& o) {
  fs::path dir = o.dir.empty() ? fs::temp_directory_path() / ("nm-series-bench-" + std::to_string(getpid()))
                               : fs::path(o.dir);
  fs::create_directories(dir);
  if (o.reuse) {
    auto store = SqliteHistoryStore::open(dir / "history.db");
    read_back(*store, "sqlite", o);
    return;
  }
  {
    auto store = SqliteHistoryStore::open(dir / "history.db");
    uint64_t rows = write_all(*store, o, "sqlite");
    read_back(*store, "sqlite", o);
    uint64_t bytes = store->used_bytes();
    std::printf("sqlite: %.1f MB of pages in use, %.1f bytes per row (history.db %.1f MB, WAL %.1f MB)\n",
                bytes / 1e6, rows ? static_cast<double>(bytes) / rows : 0.0,
                file_bytes(dir / "history.db") / 1e6, file_bytes(dir / "history.db-wal") / 1e6);
  }
  if (o.dir.empty()) fs::remove_all(dir);
}

void clickhouse_part(const Options& o) {
  std::fflush(stdout);
  std::string why;
  auto server = test::ClickHouseServer::start(why);
  if (!server) {
    std::printf("clickhouse: skipped: %s\n", why.c_str());
    return;
  }
  const std::string url = server->url("netmeter_series_bench");
  auto store = clickhouse::make_clickhouse_store(url, server->password_file(), std::chrono::minutes(5));
  uint64_t rows = write_all(*store, o, "clickhouse");
  read_back(*store, "clickhouse", o);
  clickhouse::ClientOptions options;
  options.url = *clickhouse::parse_clickhouse_url(url);
  options.password = server->password();
  options.timeout = std::chrono::minutes(5);
  clickhouse::ClickHouseClient client(options);
  uint64_t bytes = 0;
  for (const auto& p : clickhouse::list_partitions(client, clickhouse::kRollupTable))
    bytes += p.bytes;
  std::printf("clickhouse: %.1f MB on disk, %.1f bytes per row (unmerged parts)\n", bytes / 1e6,
              rows ? static_cast<double>(bytes) / rows : 0.0);
  client.statement("OPTIMIZE TABLE rollups FINAL");
  bytes = 0;
  for (const auto& p : clickhouse::list_partitions(client, clickhouse::kRollupTable))
    bytes += p.bytes;
  std::printf("clickhouse: %.1f MB on disk, %.1f bytes per row (after OPTIMIZE FINAL)\n", bytes / 1e6,
              rows ? static_cast<double>(bytes) / rows : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--hosts") == 0)
      o.hosts = static_cast<uint32_t>(std::stoul(argv[i + 1]));
    else if (std::strcmp(argv[i], "--minutes") == 0)
      o.minutes = static_cast<uint32_t>(std::stoul(argv[i + 1]));
    else if (std::strcmp(argv[i], "--dir") == 0)
      o.dir = argv[i + 1];
    else if (std::strcmp(argv[i], "--reuse") == 0)
      o.reuse = std::strcmp(argv[i + 1], "0") != 0;
    else {
      std::fprintf(stderr, "usage: %s [--hosts H] [--minutes M] [--dir DIR [--reuse 1]]\n", argv[0]);
      return 2;
    }
  }
  std::printf("%u minutes of %u hosts + interface, 300 apps, 2000 ports, 16 VLANs, 8 DSCP classes\n",
              o.minutes, o.hosts);
  std::fflush(stdout);  // the ClickHouse server is forked later: nothing buffered twice
  try {
    sqlite_part(o);
    if (!o.reuse) clickhouse_part(o);
  } catch (const HistoryError& e) {
    std::printf("history_series_bench failed: %s\n", e.what());
    return 1;
  }
  return 0;
}
