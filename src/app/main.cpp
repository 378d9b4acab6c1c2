#include <CLI/CLI.hpp>
#include <iostream>

#include "app/analyze_command.hpp"

namespace {

void add_analyze(CLI::App& cli, netmeter::app::AnalyzeOptions& o, int& flow_timeout, bool& expire) {
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
  cmd->add_flag("--expire-idle", expire, "expire idle flows during file analysis too (always on for live)");
  cmd->add_option("--idle-timeout", flow_timeout, "seconds before an idle flow expires")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--closed-timeout", o.engine.flows.closed_timeout_ns,
                  "seconds before a closed TCP flow expires")
      ->check(CLI::PositiveNumber)
      ->transform([](const std::string& s) { return std::to_string(std::stoll(s) * 1'000'000'000LL); });
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"netmeter: a network multimeter"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", "netmeter 0.1.0");
  netmeter::app::AnalyzeOptions analyze;
  int flow_timeout = 60;
  bool expire = false;
  add_analyze(cli, analyze, flow_timeout, expire);
  CLI11_PARSE(cli, argc, argv);

  if (cli.got_subcommand("analyze")) {
    if (analyze.file.empty() == analyze.interface.empty()) {
      std::cerr << "netmeter analyze: give either a FILE or -i INTERFACE\n";
      return 2;
    }
    analyze.engine.flows.idle_timeout_ns = int64_t{flow_timeout} * 1'000'000'000LL;
    analyze.engine.flows.expire_idle = expire || !analyze.interface.empty();
    analyze.engine.keep_finished_flows = true;
    return netmeter::app::run_analyze(analyze);
  }
  return 0;
}
