// The ClickHouse history store (src/history/clickhouse, docs/history-clickhouse.md): insert rate of
// synthetic flows in export-sized batches, disk bytes per stored flow (system.parts), and the top-10
// talkers of a 1 h window over every stored flow. Starts its own clickhouse-server (tests/support/)
// unless --url names one; prints a message and exits 0 when clickhouse-server is not installed.
//
//   netmeter_history_clickhouse_bench [--flows N] [--batch N] [--url clickhouse://... --password-file F]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "history/clickhouse/clickhouse_history_store.hpp"
#include "history/query/flow_query_parser.hpp"
#include "history/query/render.hpp"
#include "support/clickhouse_server.hpp"

namespace {

using namespace netmeter::history;
using Clock = std::chrono::steady_clock;

constexpr uint32_t kWindowStart = 1'700'000'000 - 1'700'000'000 % 3600;  // an hour boundary

struct Options {
  uint64_t flows = 10'000'000;
  size_t batch = 100'000;
  std::string url;
  std::string password_file;
};

uint64_t splitmix(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Flows of a busy hour: 50 000 clients, 5 000 servers, a few services and names, sizes spread over
// orders of magnitude, start times increasing (as the exporter writes them).
void make_batch(std::vector<FlowRecord>& batch, uint64_t first_id, uint64_t total, uint64_t& rng) {
  static const char* const kNames[] = {"www.example.org",
                                       "api.example.com",
                                       "cdn.example.net",
                                       "",
                                       "mail.example.org",
                                       "update.vendor.example",
                                       "",
                                       "dns.example"};
  for (size_t i = 0; i < batch.size(); ++i) {
    auto& f = batch[i];
    const uint64_t id = first_id + i, r = splitmix(rng);
    f.flow_id = id;
    f.first_seen = kWindowStart + static_cast<uint32_t>(id * 3600 / total);
    f.last_seen = f.first_seen + static_cast<uint32_t>(r % 120);
    f.protocol = (r >> 8) % 4 == 0 ? 17 : 6;
    f.ipv4_src = 0x0A000000 + static_cast<uint32_t>((r >> 12) % 50'000);
    f.ipv4_dst = 0xC6336400 + static_cast<uint32_t>((r >> 28) % 5'000);
    f.src_port = static_cast<uint16_t>(32768 + (r >> 40) % 28'000);
    f.dst_port = f.protocol == 17 ? 53 : ((r >> 20) % 3 == 0 ? 80 : 443);
    const unsigned magnitude = static_cast<unsigned>((r >> 44) % 20);
    f.src2dst_bytes = 60 + ((r >> 16) & ((uint64_t{1} << magnitude) - 1));
    f.dst2src_bytes = 60 + ((r >> 24) & ((uint64_t{1} << (magnitude + 2)) - 1));
    f.src2dst_packets = 1 + f.src2dst_bytes / 1200;
    f.dst2src_packets = 1 + f.dst2src_bytes / 1200;
    f.l7_proto = f.dst_port == 53 ? 5 : (f.dst_port == 80 ? 7 : 91);
    f.l7_category = static_cast<uint16_t>(r % 30);
    f.info = kNames[(r >> 52) % 8];
    f.interface_id = 0;
    f.client_latency_us = static_cast<uint32_t>((r >> 33) % 50'000);
    f.server_latency_us = static_cast<uint32_t>((r >> 17) % 50'000);
    f.src2dst_tcp_flags = f.protocol == 6 ? 0x1b : 0;
    f.dst2src_tcp_flags = f.protocol == 6 ? 0x1b : 0;
    f.end_reason = 1 + static_cast<uint8_t>((r >> 60) % 3);
  }
}

// CPU seconds (user + system) of a process: this one (pid 0) or the server, from /proc.
double cpu_seconds(pid_t pid) {
  if (pid == 0) {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  }
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string field;
  double ticks = 0;
  for (int i = 1; i <= 15 && stat >> field; ++i)
    if (i == 14 || i == 15) ticks += std::stod(field);
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i], value = argv[i + 1];
    if (name == "--flows") options.flows = std::stoull(value);
    if (name == "--batch") options.batch = std::stoull(value);
    if (name == "--url") options.url = value;
    if (name == "--password-file") options.password_file = value;
  }
  return options;
}

RenderedQuery sql(std::string text) {
  RenderedQuery query;
  query.sql = std::move(text);
  return query;
}

uint64_t first_number(HistoryStore& store, const std::string& text) {
  const auto table = store.execute(sql(text));
  return table.rows.empty() ? 0 : std::get<uint64_t>(table.rows[0][0]);
}

void insert_all(HistoryStore& store, const Options& options, pid_t server_pid) {
  std::vector<FlowRecord> batch(options.batch);
  uint64_t rng = 42;
  double inserting = 0, client_cpu = 0;
  const double server_cpu_before = server_pid > 0 ? cpu_seconds(server_pid) : 0;
  for (uint64_t done = 0; done < options.flows; done += batch.size()) {
    batch.resize(std::min<uint64_t>(options.batch, options.flows - done));
    make_batch(batch, done, options.flows, rng);
    const auto start = Clock::now();
    const double cpu_start = cpu_seconds(0);
    store.insert(batch);
    client_cpu += cpu_seconds(0) - cpu_start;
    inserting += seconds_since(start);
  }
  std::printf("insert: %llu flows in batches of %zu: %.2f s, %.0f flows/s (encode + HTTP + server)\n",
              static_cast<unsigned long long>(options.flows), options.batch, inserting,
              options.flows / inserting);
  if (server_pid > 0) {
    const double server_cpu = cpu_seconds(server_pid) - server_cpu_before;
    std::printf(
        "insert CPU: netmeter %.2f s, clickhouse-server %.2f s (its merges included): %.0f flows per CPU s\n",
        client_cpu, server_cpu, options.flows / (client_cpu + server_cpu));
  }

  clickhouse::NativeBlockEncoder encoder;
  batch.resize(options.batch);
  make_batch(batch, 0, options.flows, rng);
  const auto start = Clock::now();
  size_t bytes = 0;
  std::string body;  // reused, as the store does
  for (int i = 0; i < 10; ++i) {
    encoder.encode_into(batch, body);
    bytes += body.size();
  }
  const double encoding = seconds_since(start);
  std::printf("encode alone (Native block): %.0f flows/s, %.1f bytes per flow\n",
              10.0 * batch.size() / encoding, static_cast<double>(bytes) / (10.0 * batch.size()));
}

void report_disk(HistoryStore& store, const std::string& database, const char* when) {
  const std::string where =
      "FROM system.parts WHERE database = '" + database + "' AND table = 'flows' AND active";
  const uint64_t bytes = first_number(store, "SELECT sum(bytes_on_disk) " + where);
  const uint64_t rows = first_number(store, "SELECT sum(rows) " + where);
  const uint64_t parts = first_number(store, "SELECT count() " + where);
  std::printf("disk %s: %llu rows in %llu parts, %.1f MB, %.1f bytes per flow\n", when,
              static_cast<unsigned long long>(rows), static_cast<unsigned long long>(parts), bytes / 1e6,
              rows ? static_cast<double>(bytes) / rows : 0.0);
}

void top_talkers(HistoryStore& store, pid_t server_pid) {
  // As the API asks it: get/db/flows.lua's clauses for the hour holding every flow, the slot's ifid.
  const std::string begin = std::to_string(kWindowStart), end = std::to_string(kWindowStart + 3600 + 120);
  auto parsed = query::parse_flow_query({.select = "IPV4_SRC_ADDR, SUM(TOTAL_BYTES) AS bytes",
                                         .group_by = "IPV4_SRC_ADDR",
                                         .order_by = "bytes DESC",
                                         .maxhits = "10",
                                         .begin_time = begin,
                                         .end_time = end});
  if (!parsed.query) throw HistoryError(parsed.error.message);
  parsed.query->interface_id = 0;
  const RenderedQuery rendered = query::render(*parsed.query, SqlDialect::ClickHouse);
  std::vector<double> times;
  size_t rows = 0;
  const double server_cpu_before = server_pid > 0 ? cpu_seconds(server_pid) : 0;
  for (int i = 0; i < 5; ++i) {
    const auto start = Clock::now();
    rows = store.execute(rendered).rows.size();
    times.push_back(seconds_since(start));
  }
  const double server_cpu = server_pid > 0 ? (cpu_seconds(server_pid) - server_cpu_before) / 5 : 0;
  std::sort(times.begin(), times.end());
  std::printf(
      "top-10 talkers of the 1 h window (%zu rows): median %.3f s, best %.3f s of 5; server CPU %.3f s a "
      "query\n",
      rows, times[2], times[0], server_cpu);
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  std::unique_ptr<netmeter::test::ClickHouseServer> server;
  std::string url = options.url, password_file = options.password_file;
  if (url.empty()) {
    std::string why;
    server = netmeter::test::ClickHouseServer::start(why);
    if (!server) {
      std::printf("history_clickhouse_bench skipped: %s\n", why.c_str());
      return 0;
    }
    url = server->url("netmeter_bench");
    password_file = server->password_file().string();
  }
  try {
    auto store = clickhouse::make_clickhouse_store(url, password_file, std::chrono::minutes(5));
    const auto parsed = clickhouse::parse_clickhouse_url(url);
    if (first_number(*store, "SELECT count() FROM flows") != 0) {
      std::printf("the flows table of %s is not empty: use a new database\n", parsed->database.c_str());
      return 1;
    }
    insert_all(*store, options, server ? server->pid() : 0);
    report_disk(*store, parsed->database, "right after the inserts");
    top_talkers(*store, server ? server->pid() : 0);
    clickhouse::ClientOptions client_options;
    client_options.url = *parsed;
    client_options.timeout = std::chrono::minutes(10);
    if (server) client_options.password = server->password();
    const auto start = Clock::now();
    if (server) {  // only on our own server: OPTIMIZE rewrites the whole table
      clickhouse::ClickHouseClient(client_options).statement("OPTIMIZE TABLE flows FINAL");
      std::printf("OPTIMIZE TABLE flows FINAL: %.1f s\n", seconds_since(start));
      report_disk(*store, parsed->database, "after merging");
      top_talkers(*store, server ? server->pid() : 0);
    }
  } catch (const HistoryError& e) {
    std::printf("history_clickhouse_bench failed: %s\n", e.what());
    return 1;
  }
  return 0;
}
