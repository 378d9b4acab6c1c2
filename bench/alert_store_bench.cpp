// The alert store's read side on a large table (docs/ntopng/alerts.md, docs/allegro/incidents.md): the
// queries behind the alert lists, time series, top lists and incident summary, on N past alerts
// (default 1 000 000: 90 % flow alerts on 2 interfaces, over a day of packet time).
//
//   build/release/bench/netmeter_alert_store_bench [N] [DATA_DIR] [--clickhouse]
//
// DATA_DIR (default: a temporary directory, removed at the end) is kept when given. --clickhouse: the
// same on the ClickHouse store (`--history clickhouse://`: history/clickhouse/clickhouse_alert_store.hpp)
// of a clickhouse-server of its own (tests/support/), instead of SQLite.
// Prints the median of 5 runs of each query, in milliseconds; then what a list page costs the store
// (recordsFiltered + the page of 10, as the lists ask it) at four depths (first, 1000th, middle, last page),
// for the sorts clients use (tstamp, severity, score) and the filters (none, type, severity, host, a time
// range): p50 and p99 of 21 runs each. The middle page is the deepest walk (a far page is read from the other
// end). Then what the sink's writes cost: inserts of 10 alerts (one delta's worth), p50 and p99 of 200.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "history/clickhouse/clickhouse_alert_store.hpp"
#include "store/alert_store.hpp"
#include "store/database.hpp"
#include "store/sqlite_alert_store.hpp"
#include "support/clickhouse_server.hpp"

namespace {

using netmeter::store::AlertFilter;
using netmeter::store::AlertRecord;
using netmeter::store::AlertStore;

AlertRecord random_alert(std::mt19937& rng, int64_t t0) {
  AlertRecord r;
  r.ifid = rng() % 2;
  const bool flow = rng() % 10 != 0;
  r.entity = flow ? 4 : 1;
  r.alert_id = flow ? 1 + rng() % 40 : 4 + rng() % 3;
  r.severity = 3 + rng() % 3;
  r.score = 10 * r.severity;
  r.tstamp = t0 + rng() % 86'400;
  r.tstamp_end = flow ? r.tstamp : r.tstamp + rng() % 60;
  const std::string cli = "10.0." + std::to_string(rng() % 256) + "." + std::to_string(rng() % 256);
  const std::string srv = "192.0.2." + std::to_string(rng() % 256);
  r.ip = cli;
  if (flow) {
    r.cli_ip = cli;
    r.srv_ip = srv;
    r.cli_port = 1024 + rng() % 60000;
    r.srv_port = 443;
    r.proto = 6;
    r.flow_id = rng();
  }
  return r;
}

struct Percentiles {
  double p50 = 0;
  double p99 = 0;
};

Percentiles percentiles_ms(const std::function<void()>& f, int runs) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto t = std::chrono::steady_clock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
  }
  std::sort(ms.begin(), ms.end());
  auto rank = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<size_t>(p * ms.size()))]; };
  return {rank(0.5), rank(0.99)};
}

/// The list pages: for each sort and filter, the first, 1000th, middle and last page of 10.
void bench_pages(AlertStore& repo, const AlertFilter& base) {
  using C = AlertStore::SortColumn;
  const std::pair<const char*, C> sorts[] = {
      {"tstamp", C::Time}, {"severity", C::Severity}, {"score", C::Score}};
  std::vector<std::pair<const char*, AlertFilter>> filters;
  filters.emplace_back("none", base);
  filters.emplace_back("type", base).second.alert_id = 7;
  filters.emplace_back("severity", base).second.severity = 4;
  filters.emplace_back("host", base).second.ip = "192.0.2.7";
  AlertFilter half_day = base;  // as ntopng's UI asks: epoch_begin/epoch_end, here not on whole hours
  half_day.epoch_begin = 1'700'000'000 + 6 * 3600 + 1234;
  half_day.epoch_end = 1'700'000'000 + 18 * 3600 - 77;
  filters.emplace_back("12 hours", half_day);
  constexpr int64_t kPage = 10;
  std::printf("\nlist pages of %lld (recordsFiltered + page), ms\n", static_cast<long long>(kPage));
  std::printf("%-9s %-9s %9s %15s %15s %15s %15s\n", "sort", "filter", "matched", "first p50/p99",
              "1000th p50/p99", "middle p50/p99", "last p50/p99");
  for (const auto& [sort_name, sort] : sorts) {
    for (const auto& [filter_name, filter] : filters) {
      auto counted = repo.count(filter);
      const int64_t matched = counted ? *counted : 0;
      const int64_t offsets[] = {0, 999 * kPage, matched / 2 / kPage * kPage,
                                 std::max<int64_t>(0, (matched - 1) / kPage * kPage)};
      std::printf("%-9s %-9s %9lld", sort_name, filter_name, static_cast<long long>(matched));
      for (int64_t offset : offsets) {
        auto p = percentiles_ms([&] { (void)repo.list_page(filter, sort, true, offset, kPage); }, 21);
        std::printf("  %6.1f / %6.1f", p.p50, p.p99);
      }
      std::printf("\n");
    }
  }
}

double median_ms(const std::function<void()>& f) {
  std::vector<double> ms;
  for (int i = 0; i < 5; ++i) {
    auto t = std::chrono::steady_clock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[2];
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const bool clickhouse = std::erase(args, "--clickhouse") > 0;
  const int64_t n = !args.empty() ? std::atoll(args[0].c_str()) : 1'000'000;
  const std::filesystem::path dir = args.size() > 1
                                        ? std::filesystem::path(args[1])
                                        : std::filesystem::temp_directory_path() / "nm-alert-bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto db = netmeter::store::Database::open(dir);
  if (!db) {
    std::fprintf(stderr, "cannot open %s\n", dir.c_str());
    return 1;
  }
  std::unique_ptr<netmeter::test::ClickHouseServer> server;
  std::unique_ptr<AlertStore> store;
  if (clickhouse) {
    std::string why;
    server = netmeter::test::ClickHouseServer::start(why);
    if (!server) {
      std::fprintf(stderr, "no clickhouse-server: %s\n", why.c_str());
      return 77;
    }
    store = netmeter::history::clickhouse::make_clickhouse_alert_store(server->url("bench"),
                                                                       server->password_file());
  } else {
    store = std::make_unique<netmeter::store::SqliteAlertStore>(**db);
  }
  std::printf("store: %s\n", clickhouse ? "ClickHouse" : "SQLite");
  std::mt19937 rng(42);
  const int64_t t0 = 1'700'000'000;
  double insert_s = 0;  // the store's write cost, indexes included (batches of 100 000, as one delta's)
  {
    std::vector<AlertRecord> batch;
    for (int64_t i = 0; i < n; i += static_cast<int64_t>(batch.size())) {
      batch.clear();
      for (int64_t j = i; j < n && j < i + 100'000; ++j)
        batch.push_back(random_alert(rng, t0));
      const auto t = std::chrono::steady_clock::now();
      if (!store->insert(batch)) return 1;
      insert_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    }
  }
  AlertFilter one_if;
  one_if.ifids = std::vector<int64_t>{0};
  AlertFilter flows = one_if;
  flows.entity = 4;
  using C = AlertStore::SortColumn;
  using A = AlertStore::AddressColumn;
  auto run = [&](const char* name, const std::function<void(AlertStore&)>& q) {
    std::printf("%-44s %8.1f ms\n", name, median_ms([&] { q(*store); }));
    std::fflush(stdout);
  };
  std::printf("%lld alerts, inserted in %.1f s (%.0f alerts/s)\n", static_cast<long long>(n), insert_s,
              static_cast<double>(n) / insert_s);
  run("list page 1 (newest first, one interface)",
      [&](auto& r) { (void)r.list_sorted(flows, C::Time, true, 0, 10); });
  run("list page 1000", [&](auto& r) { (void)r.list_sorted(flows, C::Time, true, 9990, 10); });
  run("count (one interface, flows)", [&](auto& r) { (void)r.count(flows); });
  run("list page 1 by severity", [&](auto& r) { (void)r.list_sorted(flows, C::Severity, true, 0, 10); });
  run("count_by_time (31 slots of a day)", [&](auto& r) { (void)r.count_by_time(one_if, 86'400 / 31 + 1); });
  run("count_by_type_severity", [&](auto& r) { (void)r.count_by_type_severity(one_if); });
  run("count_by_address (clients)", [&](auto& r) { (void)r.count_by_address(A::ClientIp, flows); });
  AlertFilter one_host = one_if;
  one_host.ip = "192.0.2.7";
  run("count (one host, any end)", [&](auto& r) { (void)r.count(one_host); });
  run("count_alerted_flows (one host as client)",
      [&](auto& r) { (void)r.count_alerted_flows(one_if, "10.0.1.1", true); });
  bench_pages(*store, flows);
  auto small = percentiles_ms(
      [&] {
        std::vector<AlertRecord> ten;
        for (int i = 0; i < 10; ++i)
          ten.push_back(random_alert(rng, t0 + 86'400));
        (void)store->insert(ten);
      },
      200);
  std::printf("\ninsert of 10 alerts: p50 %.2f ms, p99 %.2f ms\n", small.p50, small.p99);
  std::fflush(stdout);
  if (args.size() <= 1) std::filesystem::remove_all(dir);  // a DATA_DIR given is kept, for inspection
  return 0;
}
