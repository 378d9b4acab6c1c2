#include "app/run_command.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <vector>

#include "alerts/blacklist.hpp"
#include "api/api_handler.hpp"
#include "api/common/async_jobs.hpp"
#include "api/common/background_work.hpp"
#include "api/common/capture_exports.hpp"
#include "api/common/host_alias_book.hpp"
#include "api/common/response_cache.hpp"
#include "api/routes.hpp"
#include "app/signals.hpp"
#include "app/slot_registry.hpp"
#include "auth/auth_service.hpp"
#include "auth/bootstrap.hpp"
#include "auth/crypto.hpp"
#include "core/cidr.hpp"
#include "engine/slot_memory.hpp"
#include "geo/geo_db.hpp"
#include "history/clickhouse/clickhouse_alert_store.hpp"
#include "history/clickhouse/clickhouse_history_store.hpp"
#include "history/export_queue.hpp"
#include "history/rollup_queue.hpp"
#include "history/sqlite/sqlite_history_store.hpp"
#include "http/server.hpp"
#include "http/tls_identity.hpp"
#include "notify/dispatcher.hpp"
#include "notify/notification_service.hpp"
#include "notify/secret_box.hpp"
#include "ringbuffer/ring_recorder.hpp"
#include "stats/mac_vendors.hpp"
#include "store/database.hpp"
#include "store/sqlite_alert_store.hpp"

namespace netmeter::app {

namespace {

namespace fs = std::filesystem;

void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("netmeter");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  spdlog::set_level(spdlog::level::from_str(level));
}

// Every connection, capture file and download holds descriptors; the usual soft limit of 1024 is below
// what --max-connections alone allows.
void raise_open_file_limit(const RunOptions& o) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  rlim_t wanted = static_cast<rlim_t>(o.max_connections + o.max_downloads) + 256;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
    limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
    (void)::setrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted)
    spdlog::warn("open-files limit {} is below the {} the connection limits may need", limit.rlim_cur,
                 wanted);
}

bool prepare_data_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    spdlog::error("cannot create data directory {}: {}", dir.string(), ec.message());
    return false;
  }
  // Password hashes, token digests and the TLS key live here: owner only.
  if (::chmod(dir.c_str(), 0700) != 0) spdlog::warn("cannot set mode 0700 on {}", dir.string());
  return true;
}

// An operator's private key that others can read is a key others may have copied: say so loudly.
void warn_if_key_is_exposed(const std::string& key_file) {
  struct stat st {};
  if (::stat(key_file.c_str(), &st) != 0 || (st.st_mode & 077) == 0) return;
  spdlog::warn("TLS private key {} is readable by other users (mode {:03o}): chmod 600 it", key_file,
               st.st_mode & 0777);
}

std::optional<http::TlsFiles> tls_files(const RunOptions& o, const fs::path& data_dir) {
  if (!o.tls_cert.empty() || !o.tls_key.empty()) {
    if (o.tls_cert.empty() || o.tls_key.empty()) {
      spdlog::error("--tls-cert and --tls-key go together");
      return std::nullopt;
    }
    warn_if_key_is_exposed(o.tls_key);
    return http::TlsFiles{o.tls_cert, o.tls_key};
  }
  auto identity = http::ensure_self_signed((data_dir / "tls").string());
  if (!identity.files) {
    spdlog::error("TLS certificate: {}", identity.error);
    return std::nullopt;
  }
  if (identity.generated)
    spdlog::info("generated a self-signed certificate in {}", (data_dir / "tls").string());
  return identity.files;
}

std::optional<http::ServerConfig> server_config(const RunOptions& o, const http::TlsFiles& tls) {
  http::ServerConfig config;
  config.tls = tls;
  config.threads = std::max(1u, o.http_threads);
  http::ServerLimits& limits = config.limits;
  limits.max_connections = o.max_connections;
  limits.max_connections_per_client = o.max_connections_per_client;
  limits.handshake_timeout = std::chrono::seconds(o.handshake_timeout_s);
  limits.header_timeout = std::chrono::seconds(o.header_timeout_s);
  limits.keepalive_timeout = std::chrono::seconds(o.keepalive_timeout_s);
  limits.max_body_memory = o.max_body_memory;
  std::vector<std::string> listen = o.listen.empty() ? std::vector<std::string>{"0.0.0.0:8443"} : o.listen;
  for (const auto& text : listen) {
    auto parsed = parse_listen(text);
    if (parsed.port < 0 || parsed.address.empty()) {
      spdlog::error("invalid listen address '{}' (examples: 0.0.0.0:8443, [::]:8443)", text);
      return std::nullopt;
    }
    config.endpoints.push_back({parsed.address, static_cast<uint16_t>(parsed.port), true});
  }
  // Plain HTTP carries credentials in clear: loopback only.
  if (o.http_port > 0) config.endpoints.push_back({"127.0.0.1", static_cast<uint16_t>(o.http_port), false});
  return config;
}

std::unique_ptr<auth::AuthService> make_auth(const RunOptions& o, store::Database& db,
                                             const auth::Clock& clock) {
  auth::AuthConfig config;
  config.sessions.duration = std::chrono::seconds(std::max(1, o.session_duration_s));
  config.rate_limit.max_failures = std::max(1, o.login_max_failures);
  config.rate_limit.window = std::chrono::seconds(std::max(1, o.login_window_s));
  return std::make_unique<auth::AuthService>(db, clock, config);
}

bool bootstrap_admin(const RunOptions& o, auth::AuthService& auth) {
  std::optional<std::string_view> password;
  if (!o.admin_password.empty()) password = o.admin_password;
  auto created = auth::ensure_admin(auth.users(), password);
  if (!created) {
    spdlog::error("cannot create the admin user: {}", created.error().message);
    return false;
  }
  if (*created) {
    // Shown once, never logged to a file nor stored in clear.
    std::cerr << "netmeter: created user 'admin' with password: " << **created << "\n"
              << "netmeter: this password is not shown again; change it after logging in\n";
  }
  return true;
}

/// --geoip-dir, else DATA_DIR/geoip, else data/geoip of the source tree the binary was built in
/// (build/<preset>/netmeter), where scripts/setup installs the databases.
fs::path geoip_directory(const RunOptions& o) {
  if (!o.geoip_dir.empty()) return o.geoip_dir;
  std::error_code ec;
  fs::path in_data = fs::path(o.data_dir) / "geoip";
  if (fs::is_directory(in_data, ec)) return in_data;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path in_tree = exe.parent_path().parent_path().parent_path() / "data" / "geoip";
    if (fs::is_directory(in_tree, ec)) return in_tree;
  }
  return {};
}

std::shared_ptr<const geo::GeoDb> open_geoip(const RunOptions& o) {
  fs::path dir = geoip_directory(o);
  if (dir.empty()) {
    spdlog::warn(
        "no geolocation databases (scripts/setup installs them; --geoip-dir): hosts have no country");
    return nullptr;
  }
  auto db = std::make_shared<geo::GeoDb>(geo::GeoDb::open(dir));
  for (const auto& w : db->warnings())
    spdlog::warn("geolocation: {}", w);
  if (db->empty()) {
    spdlog::warn("no usable geolocation database in {}: hosts have no country", dir.string());
    return nullptr;
  }
  spdlog::info("geolocation: {}", db->describe());
  return db;
}

/// What the alert checks need: the blacklists of `--blacklist` (loaded once, off the packet path) and the
/// local networks.
std::optional<alerts::CheckContext> alert_check_context(const RunOptions& o,
                                                        const engine::EngineConfig& engine) {
  alerts::CheckContext context;
  context.local_networks = engine.stats.local_networks;
  if (o.blacklists.empty()) return context;
  auto lists = std::make_shared<alerts::Blacklist>();
  for (const auto& file : o.blacklists) {
    auto loaded = lists->add_file(file);
    if (loaded.error) {
      spdlog::error("{}", *loaded.error);
      return std::nullopt;
    }
    spdlog::info("blacklist {}: {} blocks ({} lines skipped)", file, loaded.entries, loaded.skipped);
  }
  lists->seal();
  context.blacklist = std::move(lists);
  return context;
}

std::optional<engine::EngineConfig> engine_config(const RunOptions& o) {
  engine::EngineConfig config;
  config.workers = o.workers;
  config.dpi.protos_file = o.ndpi_protos;
  if (!o.local_networks.empty()) {
    auto networks = core::parse_cidr_list(o.local_networks);
    if (!networks) {
      spdlog::error("invalid --local-networks '{}'", o.local_networks);
      return std::nullopt;
    }
    config.stats.local_networks = *networks;
  }
  std::string vendor_error;
  config.stats.mac_vendors = stats::MacVendors::load(stats::MacVendors::kDefaultPath, vendor_error);
  if (!config.stats.mac_vendors) spdlog::warn("no MAC vendor names: {}", vendor_error);
  config.stats.geo = open_geoip(o);
  // A delta is applied under the statistics' exclusive lock: bounded, an API call on a slot ingesting at
  // full speed waits a few milliseconds at most (bench/allegro_api_bench.py), not a whole busy second.
  // 256 rather than 1024: on a 1 M-host capture nearly every hold stays under 2 ms (1024: 2-7 ms), the
  // ingesting slot's own p50 drops from ~1.1 to ~0.75 ms, and the analysis takes as long (5-6 s).
  config.stats.max_delta_entries = 256;
  return config;
}

/// The configuration of upload slots: `config` bounded to --slot-memory.
std::optional<engine::EngineConfig> upload_config(const RunOptions& o, const engine::EngineConfig& config) {
  auto bounded = engine::bound_slot_memory(config, o.slot_memory_mib << 20);
  if (!bounded.error.empty()) {
    spdlog::error("--slot-memory {}: {}", o.slot_memory_mib, bounded.error);
    return std::nullopt;
  }
  const auto& c = bounded.config;
  spdlog::info(
      "upload slots: at most {} MiB each ({} worker(s)); up to {} flows, {} hosts, {} MACs, {} kept "
      "connections",
      o.slot_memory_mib, c.workers, c.max_flows, c.stats.max_hosts, c.stats.max_macs,
      c.stats.finished_connections_kept);
  return c;
}

// Directories of this machine that no answer may show, longest first (a prefix must not hide the rest).
std::vector<std::string> private_paths(const fs::path& data_dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const fs::path& p : {fs::absolute(data_dir, ec), fs::canonical(data_dir, ec), fs::current_path(ec)}) {
    std::string text = p.lexically_normal().string();
    while (text.size() > 1 && text.back() == '/')
      text.pop_back();
    if (text.size() > 1) out.push_back(text);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return out;
}

/// The store of past flows and the queue that feeds it (docs/history.md); both null with --history none.
struct FlowHistory {
  std::unique_ptr<history::HistoryStore> store;
  std::unique_ptr<history::ExportQueue> queue;
  std::unique_ptr<history::RollupQueue> series;  ///< the per-minute time series' queue, same store
};

/// The backend `--history` names: SQLite in the data directory, or ClickHouse for a clickhouse:// URL.
std::unique_ptr<history::HistoryStore> open_history_store(const RunOptions& o, const fs::path& data_dir,
                                                          uint64_t max_bytes) {
  if (o.history.starts_with("clickhouse://"))
    return history::clickhouse::make_clickhouse_store(o.history, o.history_password_file);
  return history::SqliteHistoryStore::open(data_dir / "history.db", max_bytes);
}

std::optional<FlowHistory> open_history(const RunOptions& o, const fs::path& data_dir) {
  if (o.history == "none") return FlowHistory{};
  bool clickhouse = o.history.starts_with("clickhouse://");
  if (o.history != "sqlite" && !clickhouse) {
    spdlog::error("--history {}: give sqlite, clickhouse://[user@]host:port/db or none", o.history);
    return std::nullopt;
  }
  history::ExportQueueConfig queue;
  queue.capacity = o.history_queue;
  queue.retention.max_days = o.history_retention_days;
  if (o.history_max_size != "0") {
    auto bound = ringbuffer::parse_size_bound(o.history_max_size, data_dir.string());
    if (!bound) {
      spdlog::error("--history-max-size {}: give bytes (20G, 500M), a share of the disk (5%) or 0",
                    o.history_max_size);
      return std::nullopt;
    }
    queue.retention.max_bytes = *bound;
  }
  FlowHistory h;
  try {
    h.store = open_history_store(o, data_dir, queue.retention.max_bytes);
  } catch (const history::HistoryError& e) {
    spdlog::error("{}", e.what());
    return std::nullopt;
  }
  h.queue = std::make_unique<history::ExportQueue>(*h.store, queue);
  history::RollupQueueConfig series;
  series.retention_days = o.history_series_retention_days;
  h.series = std::make_unique<history::RollupQueue>(*h.store, series);
  spdlog::info("past flows: {} ({} days{}, a row every {} s of long flows); per-minute series {} days",
               clickhouse ? "ClickHouse store" : "SQLite store history.db in the data directory",
               o.history_retention_days, queue.retention.max_bytes ? ", " + o.history_max_size : "",
               o.history_periodic_s, o.history_series_retention_days);
  return h;
}

/// Where the past alerts go: ClickHouse's `alerts` table with `--history clickhouse://`, else the SQLite
/// store (netmeter.db). Null (after a message) when ClickHouse refuses.
std::unique_ptr<store::AlertStore> open_alert_store(const RunOptions& o, store::Database& db) {
  if (!o.history.starts_with("clickhouse://")) return std::make_unique<store::SqliteAlertStore>(db);
  try {
    auto past = history::clickhouse::make_clickhouse_alert_store(o.history, o.history_password_file);
    spdlog::info("past alerts: ClickHouse store (table alerts)");
    return past;
  } catch (const history::HistoryError& e) {
    spdlog::error("{}", e.what());
    return nullptr;
  }
}

bool open_slots(const RunOptions& o, SlotRegistry& slots) {
  for (const auto& source : o.interfaces) {
    std::string error;
    if (!slots.add_source(source, error)) {
      spdlog::error("cannot open {}: {}", source, error);
      return false;
    }
  }
  return true;
}

}  // namespace

int run_daemon(const RunOptions& o) {
  setup_logging(o.log_level);
  block_termination_signals();
  if (!auth::init_crypto()) {
    spdlog::error("libsodium cannot initialise");
    return 1;
  }
  raise_open_file_limit(o);
  fs::path data_dir = o.data_dir;
  if (!prepare_data_dir(data_dir)) return 1;
  auto db = store::Database::open(data_dir);
  if (!db) {
    spdlog::error("cannot open the database in {}: {}", data_dir.string(), db.error().message);
    return 1;
  }
  auto tls = tls_files(o, data_dir);
  if (!tls) return 1;
  auto server_cfg = server_config(o, *tls);
  if (!server_cfg) return 1;

  auth::SystemClock clock;
  auto auth = make_auth(o, **db, clock);
  if (!bootstrap_admin(o, *auth)) return 1;

  auto config = engine_config(o);
  if (!config) return 1;
  std::string upload_dir = (data_dir / "uploads").string();
  if (std::string error; !SlotRegistry::clean_upload_directory(upload_dir, error)) {
    spdlog::error("cannot prepare {}: {}", upload_dir, error);
    return 1;
  }
  auto uploads = upload_config(o, *config);
  if (!uploads) return 1;
  query::HostAliases host_aliases;  // before the slots: their query layers read it
  api::HostAliasBook alias_book(**db, host_aliases);
  if (auto loaded = alias_book.load(); !loaded) {
    spdlog::error("cannot load the host aliases: {}", loaded.error().message);
    return 1;
  }
  auto check_context = alert_check_context(o, *config);
  if (!check_context) return 1;
  // Before the slots: their engines write to it and start from its stored check configuration.
  auto past_alerts = open_alert_store(o, **db);
  if (!past_alerts) return 1;
  alerts::AlertService alert_service(**db, std::move(past_alerts), alerts::StoreBounds{},
                                     std::move(*check_context));
  if (auto loaded = alert_service.load(); !loaded) {
    spdlog::error("cannot load the alert check configuration: {}", loaded.error().message);
    return 1;
  }
  // Notifications: endpoints and recipients from the store, delivered off the alert path (before the
  // slots: their engines hand alerts to the dispatcher).
  auto secret_box = notify::SecretBox::open(data_dir / "notify.key");
  if (!secret_box) {
    spdlog::error("cannot read or create {}", (data_dir / "notify.key").string());
    return 1;
  }
  notify::Dispatcher notify_dispatcher(notify::DispatcherOptions{o.notification_queue, {}});
  notify::NotificationService notifications(**db, std::move(*secret_box), notify_dispatcher);
  if (auto error = notifications.load()) spdlog::warn("notifications are off: {}", *error);
  alert_service.set_notifier(&notify_dispatcher);
  // Before the slots: their exporters write to its queue until they stop.
  auto flow_history = open_history(o, data_dir);
  if (!flow_history) return 1;
  SlotRegistryConfig slot_config{*config, *uploads, upload_dir, {}, o.max_slots};
  slot_config.file_options.history = flow_history->queue.get();
  slot_config.file_options.history_periodic_s = o.history_periodic_s;
  slot_config.file_options.series = {flow_history->series.get(), flow_history->store.get()};
  slot_config.file_options.alerts = &alert_service;
  slot_config.file_options.replay_speed = o.replay_speed;
  slot_config.file_options.aliases = &host_aliases;
  if (!o.no_ringbuffer) {
    auto& ring = slot_config.file_options.ring;
    ring.root = (data_dir / "ringbuffer").string();
    auto bound = ringbuffer::parse_size_bound(o.ringbuffer_size, ring.root);
    if (!bound) {
      spdlog::error("--ringbuffer-size {}: give bytes (2G, 500M) or a share of the disk (10%)",
                    o.ringbuffer_size);
      return 1;
    }
    ring.max_bytes = *bound;
    ring.snaplen = o.ringbuffer_snaplen;
    ring.files = o.ringbuffer_files;
  }
  SlotRegistry slots(std::move(slot_config));
  if (!open_slots(o, slots)) return 1;

  api::ApiServices services{
      *auth,  std::chrono::steady_clock::now(),  "0.1.0",
      &slots, api::StreamLimit(o.max_downloads), static_cast<size_t>(o.download_buffer)};
  api::AsyncJobs async_jobs;  // after the slots: its jobs hold slot data until it stops
  services.async = &async_jobs;
  api::ResponseCache response_cache;
  services.cache = &response_cache;
  services.aliases = &alias_book;
  api::CaptureExports capture_exports((data_dir / "exports").string());
  services.exports = &capture_exports;
  services.alerts = &alert_service;
  services.notifications = &notifications;
  services.history = flow_history->store.get();
  // After the store (its queries hold it), before the server (a waiting answer is given up when it stops).
  api::BackgroundWork history_queries(2, 64);
  services.background = &history_queries;
  services.history_export = flow_history->queue.get();
  services.pools = db->get();
  api::RouteTree routes;
  api::register_routes(routes, services);
  api::HandlerOptions handler_options;
  handler_options.upload_directory = upload_dir;
  handler_options.max_upload_bytes = o.max_upload_bytes;
  handler_options.private_paths = private_paths(data_dir);
  api::ApiHandler handler(routes, *auth, handler_options);
  http::Server server(*server_cfg, handler);
  if (auto error = server.start(); !error.empty()) {
    spdlog::error("cannot start the HTTP server: {}", error);
    return 1;
  }
  for (size_t i = 0; i < server_cfg->endpoints.size(); ++i) {
    const auto& e = server_cfg->endpoints[i];
    bool v6 = e.address.find(':') != std::string::npos;
    spdlog::info("listening on {}://{}{}{}:{}", e.tls ? "https" : "http", v6 ? "[" : "", e.address,
                 v6 ? "]" : "", server.bound_port(i));
  }
  slots.start_all();

  int signal = wait_for_termination();
  spdlog::info("signal {} received, shutting down", signal);
  slots.end_streams();  // capture downloads end now, so no server thread waits for packets
  server.stop();
  slots.stop_all();                                        // also removes the uploaded captures
  if (flow_history->queue) flow_history->queue->stop();    // writes the last rows of the stopped slots
  if (flow_history->series) flow_history->series->stop();  // and their last minutes
  spdlog::info("stopped");
  return 0;
}

}  // namespace netmeter::app
