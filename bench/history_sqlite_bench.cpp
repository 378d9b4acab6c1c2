// The SQLite store of past flows (docs/history.md): how fast flows go through the ExportQueue into
// SQLite, what a stored flow costs on disk, how long the top-10 talkers take, and what exporting costs
// the ingest of a capture.
//
//   netmeter_history_sqlite_bench [--flows N] [--hours H] [--dir DIR] [--capture FILE] [--runs R] [--no-past
//   1]
//
// Store part (always): N synthetic flows (default 10 000 000; 20 000 sources with a skewed share of the
// flows, random destinations and ports, 1 in 4 with a server name) spread evenly over H hours of packet
// time (default 24), pushed in time order through an ExportQueue (default configuration: batches of
// 10 000) into a fresh history.db in DIR (default: a temporary directory, removed afterwards). The
// producer waits while the queue is full, so the rate is the store's sustained rate (flows dropped: 0).
// Then: disk bytes per flow (history.db + its WAL), and the top-10 sources by SUM(TOTAL_BYTES) in a
// 1 h window (LAST_SEEN in the middle hour) and over every stored flow, median of 5 runs; and the
// Allegro globalConnections of that hour read from the store (history::past_connection_query: one row per
// flow, the 100 000 first by bytes; docs/allegro/ip.md "Past connections"), unfiltered and with a filter
// the store tests (`port==443`), median of 5 runs.
//
// Ingest part (with --capture): Engine::run + Engine::finish on FILE as `netmeter analyze FILE` does it,
// statistics on, without and then with a FlowExporter writing through an ExportQueue into SQLite; best of
// R runs (default 3) each, wall and process CPU time per packet.

#include <sqlite3.h>
#include <stdlib.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <random>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "capture/pcap_source.hpp"
#include "engine/engine.hpp"
#include "history/export_queue.hpp"
#include "history/filter_predicate.hpp"
#include "history/flow_exporter.hpp"
#include "history/past_connections.hpp"
#include "history/query/flow_query_parser.hpp"
#include "history/query/render.hpp"
#include "history/sqlite/sqlite_history_store.hpp"

namespace {

using namespace netmeter;
namespace fs = std::filesystem;

struct Options {
  uint64_t flows = 10'000'000;
  uint32_t hours = 24;
  std::string dir;
  std::string capture;
  int runs = 3;
  size_t batch = 0;  ///< --batch: flows per transaction (0: ExportQueueConfig's default)
  bool past = true;  ///< --no-past 1 skips the globalConnections part
};

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

double process_cpu() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double thread_cpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

/// The SQLite store, with the export thread's CPU time spent inside insert() added up: on a shared
/// machine the wall-clock rate depends on the neighbours, the CPU cost per flow does not.
class TimedStore final : public history::HistoryStore {
 public:
  explicit TimedStore(history::HistoryStore& store) : store_(store) {}
  history::SqlDialect dialect() const override { return store_.dialect(); }
  void insert(std::span<const history::FlowRecord> batch) override {
    double t = thread_cpu();
    store_.insert(batch);
    cpu_ += thread_cpu() - t;
  }
  history::ResultTable execute(const history::RenderedQuery& q) override { return store_.execute(q); }
  uint64_t enforce_retention(const history::Retention& r, uint32_t now) override {
    return store_.enforce_retention(r, now);
  }
  double cpu() const { return cpu_; }  ///< read after the queue has stopped

 private:
  history::HistoryStore& store_;
  double cpu_ = 0;
};

constexpr uint32_t kT0 = 1'700'000'000;

history::FlowRecord synthetic_flow(std::mt19937_64& rng, uint64_t i, const Options& o) {
  history::FlowRecord r;
  r.flow_id = i;
  uint64_t span = uint64_t{o.hours} * 3600;
  r.last_seen = kT0 + static_cast<uint32_t>(i * span / o.flows);
  r.first_seen = r.last_seen - static_cast<uint32_t>(rng() % 30);
  // Skewed sources: the square of a uniform number favours the low indexes (a few heavy talkers).
  uint64_t u = rng() % 20000;
  r.ipv4_src = 0x0a000000 + static_cast<uint32_t>(u * u / 20000);
  r.ipv4_dst = static_cast<uint32_t>(rng());
  r.src_port = static_cast<uint16_t>(1024 + rng() % 60000);
  r.dst_port = (rng() % 2) ? 443 : 53;
  r.protocol = r.dst_port == 443 ? 6 : 17;
  r.src2dst_packets = 1 + rng() % 50;
  r.dst2src_packets = 1 + rng() % 80;
  r.src2dst_bytes = r.src2dst_packets * (60 + rng() % 1400);
  r.dst2src_bytes = r.dst2src_packets * (60 + rng() % 1400);
  r.l7_master = r.protocol == 6 ? 91 : 5;
  r.l7_proto = static_cast<uint16_t>(rng() % 300);
  r.l7_category = static_cast<uint16_t>(rng() % 30);
  if (rng() % 4 == 0) r.info = "host" + std::to_string(rng() % 5000) + ".example.com";
  r.end_reason = 1;
  return r;
}

uint64_t file_bytes(const fs::path& p) {
  std::error_code ec;
  auto n = fs::file_size(p, ec);
  return ec ? 0 : n;
}

double median_ms(const std::function<void()>& f) {
  std::vector<double> ms;
  for (int i = 0; i < 5; ++i) {
    auto t = std::chrono::steady_clock::now();
    f();
    ms.push_back(seconds_since(t) * 1000);
  }
  std::sort(ms.begin(), ms.end());
  return ms[2];
}

/// Top-10 sources by bytes of the flows within [begin, end], rendered from the clauses ntopng's
/// get/db/flows.lua takes, with the slot's ifid, as the API does it.
history::RenderedQuery top_talkers(uint32_t begin, uint32_t end) {
  const std::string b = std::to_string(begin), e = std::to_string(end);
  auto parsed = history::query::parse_flow_query({.select = "IPV4_SRC_ADDR, SUM(TOTAL_BYTES) AS bytes",
                                                  .group_by = "IPV4_SRC_ADDR",
                                                  .order_by = "bytes DESC",
                                                  .maxhits = "10",
                                                  .begin_time = b,
                                                  .end_time = e});
  if (!parsed.query) {
    std::fprintf(stderr, "history_sqlite_bench: %s\n", parsed.error.message.c_str());
    std::exit(1);
  }
  parsed.query->interface_id = 0;
  return history::query::render(*parsed.query, history::SqlDialect::Sqlite);
}

/// globalConnections of the hour from `begin` read from the store, sorted by bytes: unfiltered, then with
/// `port==443` (the where tree history::filter_predicate makes of it).
void past_connections_part(history::HistoryStore& store, uint32_t begin) {
  history::PastConnectionRequest request;
  request.begin = begin;
  request.end = begin + 3599;
  request.order = history::PastOrder::Bytes;
  request.descending = true;
  for (const char* label : {"unfiltered", "port==443"}) {
    if (std::string_view(label) == "port==443") {
      filter::Comparison port{filter::Field::Port, filter::Side::Any, filter::Op::Eq, filter::PortValue{443}};
      request.where = history::filter_predicate(filter::Expression::compare(port));
    }
    const auto sql = history::query::render(history::past_connection_query(request), store.dialect());
    size_t rows = 0;
    double ms = median_ms([&] { rows = history::past_connection_rows(store.execute(sql)).size(); });
    std::printf("past     globalConnections of a 1 h window, %s: %zu connections read in %.0f ms\n", label,
                rows, ms);
  }
}

void store_part(const Options& o, const fs::path& dir) {
  fs::path file = dir / "history.db";
  auto store = history::SqliteHistoryStore::open(file);
  TimedStore timed(*store);
  history::ExportQueueConfig config;
  if (o.batch > 0) {
    config.batch_size = o.batch;
    config.capacity = std::max(config.capacity, 2 * o.batch);
  }
  history::ExportQueue queue(timed, config);
  std::mt19937_64 rng(42);
  auto t = std::chrono::steady_clock::now();
  for (uint64_t i = 0; i < o.flows; ++i) {
    auto r = synthetic_flow(rng, i, o);
    // The producer waits while the queue is nearly full (checked every 1024 flows): the rate measured
    // is what the store sustains, nothing is dropped.
    if (i % 1024 == 0)
      while (queue.counters().pending + 2048 >= config.capacity)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    queue.push(std::move(r));
  }
  queue.flush();
  double insert_s = seconds_since(t);
  auto c = queue.counters();
  queue.stop();
  std::printf(
      "insert   %llu flows in %.1f s: %.0f flows/s through the ExportQueue (stored %llu, dropped %llu)\n",
      static_cast<unsigned long long>(o.flows), insert_s, static_cast<double>(o.flows) / insert_s,
      static_cast<unsigned long long>(c.stored), static_cast<unsigned long long>(c.dropped));
  std::printf(
      "insert   export thread CPU inside the store: %.1f s, %.0f flows per CPU second (%.2f us/flow)\n",
      timed.cpu(), static_cast<double>(o.flows) / timed.cpu(),
      timed.cpu() * 1e6 / static_cast<double>(o.flows));
  uint64_t disk = file_bytes(file) + file_bytes(dir / "history.db-wal");
  std::printf("disk     %.1f MiB: %.1f bytes per stored flow (database %.1f, WAL %.1f MiB)\n",
              static_cast<double>(disk) / (1 << 20), static_cast<double>(disk) / static_cast<double>(o.flows),
              static_cast<double>(file_bytes(file)) / (1 << 20),
              static_cast<double>(file_bytes(dir / "history.db-wal")) / (1 << 20));

  uint32_t middle = kT0 + o.hours * 3600 / 2;
  history::ResultTable answer;
  double window_ms = median_ms([&] { answer = store->execute(top_talkers(middle, middle + 3600)); });
  auto in_window =
      store->execute({"SELECT count(*) FROM flows WHERE FIRST_SEEN >= ? AND FIRST_SEEN <= ? "
                      "AND LAST_SEEN <= ?",
                      {uint64_t{middle}, uint64_t{middle + 3600}, uint64_t{middle + 3600}},
                      {"n"},
                      {history::ColumnType::UInt64}});
  std::printf(
      "top-10   talkers in a 1 h window (%llu flows in it): %.0f ms (first: %llu bytes)\n",
      static_cast<unsigned long long>(std::get<uint64_t>(in_window.rows.at(0).at(0))), window_ms,
      answer.rows.empty() ? 0ULL : static_cast<unsigned long long>(std::get<uint64_t>(answer.rows[0][1])));
  double all_ms =
      median_ms([&] { answer = store->execute(top_talkers(kT0 - 60, kT0 + o.hours * 3600 + 1)); });
  std::printf("top-10   talkers over all %llu flows: %.0f ms\n", static_cast<unsigned long long>(o.flows),
              all_ms);
  if (o.past) past_connections_part(*store, middle);
}

struct IngestRun {
  uint64_t packets = 0;
  double wall = 0;
  double cpu = 0;
  uint64_t stored = 0;
  uint64_t dropped = 0;
};

IngestRun ingest(const std::string& capture, const fs::path& dir, bool export_flows) {
  auto opened = capture::PcapSource::open_file(capture);
  if (!opened.source) {
    std::fprintf(stderr, "history_sqlite_bench: %s\n", opened.error.c_str());
    std::exit(1);
  }
  engine::EngineConfig config;
  config.flows.expire_idle = false;  // as `netmeter analyze FILE`
  auto created = engine::Engine::create(config);
  if (!created.engine) {
    std::fprintf(stderr, "history_sqlite_bench: %s\n", created.error.c_str());
    std::exit(1);
  }
  fs::remove(dir / "ingest.db");
  fs::remove(dir / "ingest.db-wal");
  fs::remove(dir / "ingest.db-shm");
  std::unique_ptr<history::SqliteHistoryStore> store;
  std::unique_ptr<history::ExportQueue> queue;
  std::unique_ptr<history::FlowExporter> exporter;
  if (export_flows) {
    store = history::SqliteHistoryStore::open(dir / "ingest.db");
    queue = std::make_unique<history::ExportQueue>(*store, history::ExportQueueConfig{});
    history::FlowExporterConfig c;
    c.lossless = true;  // as a capture-file slot
    exporter = std::make_unique<history::FlowExporter>(*queue, std::move(c));
    created.engine->mutable_stats()->set_observer(exporter.get());
  }
  double cpu0 = process_cpu();
  auto t = std::chrono::steady_clock::now();
  auto summary = created.engine->run(*opened.source);
  created.engine->finish();
  if (queue) queue->flush();  // the last rows are part of the cost
  IngestRun r{summary.packets, seconds_since(t), process_cpu() - cpu0};
  if (queue) {
    auto c = queue->counters();
    r.stored = c.stored;
    r.dropped = c.dropped;
  }
  created.engine.reset();
  return r;
}

void ingest_part(const Options& o, const fs::path& dir) {
  (void)ingest(o.capture, dir, false);  // untimed: the file into the page cache
  for (bool on : {false, true}) {
    IngestRun best;
    for (int i = 0; i < o.runs; ++i) {
      auto r = ingest(o.capture, dir, on);
      if (best.packets == 0 || r.cpu < best.cpu) best = r;
    }
    double n = static_cast<double>(best.packets);
    std::printf("ingest   export %-3s %llu packets: %.0f ns/packet wall, %.0f ns/packet CPU",
                on ? "on" : "off", static_cast<unsigned long long>(best.packets), best.wall * 1e9 / n,
                best.cpu * 1e9 / n);
    if (on)
      std::printf(" (%llu rows stored, %llu dropped)", static_cast<unsigned long long>(best.stored),
                  static_cast<unsigned long long>(best.dropped));
    std::printf("\n");
  }
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--flows")
      o.flows = std::stoull(argv[i + 1]);
    else if (a == "--hours")
      o.hours = static_cast<uint32_t>(std::stoul(argv[i + 1]));
    else if (a == "--dir")
      o.dir = argv[i + 1];
    else if (a == "--capture")
      o.capture = argv[i + 1];
    else if (a == "--batch")
      o.batch = std::stoull(argv[i + 1]);
    else if (a == "--no-past")
      o.past = std::string_view(argv[i + 1]) != "1";
    else if (a == "--runs")
      o.runs = std::max(1, std::stoi(argv[i + 1]));
    else {
      std::fprintf(stderr,
                   "usage: netmeter_history_sqlite_bench [--flows N] [--hours H] [--dir DIR] "
                   "[--capture FILE] [--runs R] [--no-past 1]\n");
      std::exit(2);
    }
  }
  o.flows = std::max<uint64_t>(o.flows, 1000);
  o.hours = std::max<uint32_t>(o.hours, 1);
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse(argc, argv);
  fs::path dir = o.dir;
  bool temporary = dir.empty();
  if (temporary) {
    std::string pattern = (fs::temp_directory_path() / "netmeter-history-bench-XXXXXX").string();
    dir = ::mkdtemp(pattern.data());
  }
  fs::create_directories(dir);
  fs::remove(dir / "history.db");
  fs::remove(dir / "history.db-wal");
  fs::remove(dir / "history.db-shm");
  store_part(o, dir);
  if (!o.capture.empty()) ingest_part(o, dir);
  if (temporary) fs::remove_all(dir);
  return 0;
}
