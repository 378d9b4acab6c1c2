#include <CLI/CLI.hpp>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "app/analyze_command.hpp"
#include "app/run_command.hpp"
#include "app/run_options.hpp"

namespace {

// Options given in convenient units, converted once parsing has succeeded.
struct Units {
  int idle_s = 60;
  int closed_s = 15;
  int queue_kib = 4096;
  bool expire = false;
};
constexpr int kMaxTimeoutSeconds = 365 * 24 * 3600;

void add_analyze(CLI::App& cli, netmeter::app::AnalyzeOptions& o, Units& t) {
  auto* cmd = cli.add_subcommand("analyze", "Analyse a capture file or a live interface and print a report");
  cmd->add_option("file", o.file, "pcap or pcapng file");
  cmd->add_option("-i,--interface", o.interface, "capture live from this interface (\"any\" for all)");
  cmd->add_option("-f,--filter", o.bpf, "BPF filter applied before analysis (tcpdump syntax)");
  cmd->add_option("--format", o.format, "report format: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("-o,--output", o.output, "write the report to this file");
  cmd->add_option("--workers", o.engine.workers, "worker threads (default: cores - 1, at least 1)")
      ->check(CLI::Range(0u, 256u));
  cmd->add_option("--replay-speed", o.replay_speed, "replay a file at its original pace times this factor")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--snaplen", o.snaplen, "live: bytes captured per packet")->check(CLI::Range(64, 262144));
  cmd->add_flag("!--no-promisc", o.promiscuous, "live: do not put the interface in promiscuous mode");
  cmd->add_option("--duration", o.duration_s, "live: stop after this many seconds")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-flows", o.engine.max_flows, "flow table size over all workers")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--expire-idle", t.expire, "expire idle flows during file analysis too (always on for live)");
  cmd->add_option("--idle-timeout", t.idle_s, "seconds before an idle flow expires")
      ->check(CLI::Range(1, kMaxTimeoutSeconds));
  cmd->add_option("--closed-timeout", t.closed_s, "seconds before a closed TCP flow expires")
      ->check(CLI::Range(1, kMaxTimeoutSeconds));
  cmd->add_option("--queue-kb", t.queue_kib, "size of each worker's packet queue in KiB")
      ->check(CLI::Range(64, 1 << 20));
  cmd->add_option("--top", o.top, "text report: how many hosts and flows to list");
  cmd->add_flag("!--no-progress", o.progress, "no progress line on the terminal");
  cmd->add_flag("!--no-dpi", o.engine.dpi.enabled, "skip application detection");
  cmd->add_option("--ndpi-protos", o.engine.dpi.protos_file, "nDPI custom protocols file")
      ->check(CLI::ExistingFile);
  cmd->add_option("--ndpi-categories", o.engine.dpi.categories_file, "nDPI categories file")
      ->check(CLI::ExistingFile);
  cmd->add_option("--ndpi-risky-domains", o.engine.dpi.risky_domains_file, "nDPI risky domains file")
      ->check(CLI::ExistingFile);
  cmd->add_option("--ndpi-ja3", o.engine.dpi.ja3_file, "nDPI malicious JA3 fingerprints")
      ->check(CLI::ExistingFile);
  cmd->add_option("--ndpi-sha1", o.engine.dpi.sha1_file, "nDPI malicious certificate SHA1s")
      ->check(CLI::ExistingFile);
}

// What one client and all clients together may hold of the API server.
void add_run_limits(CLI::App& cmd, netmeter::app::RunOptions& o) {
  cmd.add_option("--max-connections", o.max_connections, "open API connections in all")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));
  cmd.add_option("--max-connections-per-client", o.max_connections_per_client,
                 "open API connections per client address (IPv6: per /64)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));
  cmd.add_option("--handshake-timeout", o.handshake_timeout_s, "seconds a client has for the TLS handshake")
      ->check(CLI::Range(1, 3600));
  cmd.add_option("--header-timeout", o.header_timeout_s, "seconds a client has to send a request head")
      ->check(CLI::Range(1, 3600));
  cmd.add_option("--keepalive-timeout", o.keepalive_timeout_s,
                 "seconds an idle keep-alive connection stays open")
      ->check(CLI::Range(1, 86400));
  cmd.add_option("--max-body-memory", o.max_body_memory,
                 "bytes of request bodies held in memory by all requests together (beyond: 503)")
      ->check(CLI::Range(uint64_t{1} << 20, uint64_t{1} << 40));
  cmd.add_option("--max-downloads", o.max_downloads, "capture downloads open at once, all slots together")
      ->check(CLI::Range(size_t{1}, size_t{256}));
  cmd.add_option("--download-buffer", o.download_buffer, "bytes of packets queued per capture download")
      ->check(CLI::Range(uint64_t{64} << 10, uint64_t{1} << 30));
}

void add_run_history(CLI::App& cmd, netmeter::app::RunOptions& o) {
  cmd.add_option("--history", o.history,
                 "store of past flows: sqlite (DATA_DIR/history.db, the default), "
                 "clickhouse://[user@]host:port/db or none (docs/history.md)");
  cmd.add_option("--history-password-file", o.history_password_file,
                 "file whose first line is the ClickHouse user's password (--history clickhouse://...)");
  cmd.add_option("--history-retention-days", o.history_retention_days,
                 "days of past flows kept, in packet time (default 30; 0: no age bound)")
      ->check(CLI::Range(0u, 36500u));
  cmd.add_option("--history-series-retention-days", o.history_series_retention_days,
                 "days of per-minute time series kept (interface, hosts, applications, ports, VLANs, DSCP), "
                 "in packet time (default 365; 0: no age bound)")
      ->check(CLI::Range(0u, 36500u));
  cmd.add_option("--history-max-size", o.history_max_size,
                 "bound of the past-flow store: bytes (20G, 500M) or a share of the disk (5%); 0: none");
  cmd.add_option(
         "--history-periodic", o.history_periodic_s,
         "seconds of packet time between two rows of a long-lived flow (default 60; 0: at its end only)")
      ->check(CLI::Range(0u, 86400u));
  cmd.add_option("--history-queue", o.history_queue,
                 "flows waiting to be stored; more are dropped and counted (default 200000)")
      ->check(CLI::Range(1000, 1 << 26));
}

void add_run(CLI::App& cli, netmeter::app::RunOptions& o) {
  auto* cmd =
      cli.add_subcommand("run", "Run the daemon: capture, analyse and serve the REST API (the default)");
  cmd->fallthrough();  // --config belongs to the top level
  cmd->add_option("-i,--interface", o.interfaces,
                  "capture from this interface or analyse this capture file; repeat for more slots");
  cmd->add_option("-m,--local-networks", o.local_networks, "local networks, comma-separated CIDRs");
  cmd->add_option("-w,--listen", o.listen,
                  "HTTPS listen address, e.g. 0.0.0.0:8443 or [::]:8443 (repeatable)");
  cmd->add_option("--http-port", o.http_port, "also serve plain HTTP on 127.0.0.1:PORT")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--data-dir", o.data_dir, "data directory (database, TLS identity)");
  cmd->add_option(
      "--geoip-dir", o.geoip_dir,
      "directory of MMDB geolocation databases (default: DATA_DIR/geoip, else the data/geoip that "
      "scripts/setup fills; docs/geo.md)");
  cmd->add_option("--workers", o.workers, "engine worker threads per slot (default: cores - 1, at least 1)")
      ->check(CLI::Range(0u, 256u));
  cmd->add_option("--http-threads", o.http_threads, "threads serving the API")->check(CLI::Range(1u, 64u));
  cmd->add_option("--tls-cert", o.tls_cert, "PEM certificate (chain); default: self-signed in DATA_DIR/tls")
      ->check(CLI::ExistingFile);
  cmd->add_option("--tls-key", o.tls_key, "PEM private key of --tls-cert")->check(CLI::ExistingFile);
  cmd->add_option("--admin-password", o.admin_password, "password of the admin user created on first start")
      ->envname("NETMETER_ADMIN_PASSWORD");
  cmd->add_option("--log-level", o.log_level, "trace, debug, info, warn, error, critical or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  cmd->add_option("--session-duration", o.session_duration_s, "default lifetime of login sessions in seconds")
      ->check(CLI::Range(1, 365 * 24 * 3600));
  cmd->add_option("--login-max-failures", o.login_max_failures,
                  "failed logins per client address within --login-window before 429")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--login-window", o.login_window_s, "seconds of the failed-login window")
      ->check(CLI::Range(1, 86400));
  cmd->add_option("--max-upload-size", o.max_upload_bytes, "largest PCAP upload in bytes (default 64 GiB)")
      ->check(CLI::PositiveNumber);
  cmd->add_option(
         "--replay-speed", o.replay_speed,
         "capture files given with -i: replay at their original pace times this factor (0: full speed)")
      ->check(CLI::NonNegativeNumber);
  add_run_limits(*cmd, o);
  cmd->add_option("--max-slots", o.max_slots, "analysis slots in all, -i sources included (default 16)")
      ->check(CLI::Range(1, 65536));
  cmd->add_option("--notification-queue", o.notification_queue,
                  "alerts waiting per notification endpoint; more are dropped and counted (default 1024)")
      ->check(CLI::Range(1, 1 << 20));
  cmd->add_option("--slot-memory", o.slot_memory_mib,
                  "memory bound of one upload slot in MiB; sizes its tables (default 256)")
      ->check(CLI::Range(32, 1 << 20));
  cmd->add_option("--ndpi-protos", o.ndpi_protos, "nDPI custom protocols file (every slot)")
      ->check(CLI::ExistingFile);
  cmd->add_option(
         "--blacklist", o.blacklists,
         "IP blacklist, one address or CIDR a line (FireHOL .netset/.ipset, Spamhaus DROP); repeatable")
      ->check(CLI::ExistingFile);
  cmd->add_option("--ringbuffer-size", o.ringbuffer_size,
                  "packet ring buffer of each recording slot: bytes (2G, 500M) or a share of the disk (10%)");
  cmd->add_option("--ringbuffer-snaplen", o.ringbuffer_snaplen,
                  "bytes kept of each packet in the ring buffer (default 0: whole packets)")
      ->check(CLI::Range(0u, 262144u));
  cmd->add_flag("--ringbuffer-files", o.ringbuffer_files,
                "capture files (-i FILE) and uploads are recorded into their slot's ring buffer too");
  cmd->add_flag("--no-ringbuffer", o.no_ringbuffer, "no slot records packets (live slots do by default)");
  add_run_history(*cmd, o);
}

// Plain `netmeter [options]` means `netmeter run [options]`.
std::vector<char*> with_default_subcommand(int argc, char** argv) {
  static char run[] = "run";
  std::vector<char*> args(argv, argv + argc);
  bool subcommand = argc > 1 && (std::strcmp(argv[1], "analyze") == 0 || std::strcmp(argv[1], "run") == 0);
  bool top_level = argc > 1 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
                                std::strcmp(argv[1], "--version") == 0);
  if (!subcommand && !top_level) args.insert(args.begin() + 1, run);
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"netmeter: a network multimeter"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", "netmeter 0.1.0");
  netmeter::app::AnalyzeOptions analyze;
  Units units;
  add_analyze(cli, analyze, units);
  netmeter::app::RunOptions run;
  add_run(cli, run);
  // CLI11 reads config files at the top level; keys of `run` go in a [run] section (see docs/api.md).
  cli.set_config("--config", "", "read options from this file (INI or TOML; run's options under [run])");

  auto args = with_default_subcommand(argc, argv);
  try {
    cli.parse(static_cast<int>(args.size()), args.data());
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every usage error exits 2, as documented.
    return cli.exit(e) == 0 ? 0 : 2;
  }

  if (cli.got_subcommand("analyze")) {
    if (analyze.file.empty() == analyze.interface.empty()) {
      std::cerr << "netmeter analyze: give either a FILE or -i INTERFACE\n";
      return 2;
    }
    analyze.engine.flows.idle_timeout_ns = int64_t{units.idle_s} * 1'000'000'000LL;
    analyze.engine.flows.closed_timeout_ns = int64_t{units.closed_s} * 1'000'000'000LL;
    analyze.engine.queue_bytes = static_cast<size_t>(units.queue_kib) * 1024;
    analyze.engine.flows.expire_idle = units.expire || !analyze.interface.empty();
    analyze.engine.keep_finished_flows = true;
    return netmeter::app::run_analyze(analyze);
  }
  return netmeter::app::run_daemon(run);
}
