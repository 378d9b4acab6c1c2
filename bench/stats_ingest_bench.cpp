// What the statistics modules cost on the packet path, in ns per packet over the bare engine.
//
//   netmeter_stats_ingest_bench [--runs N] [--workers N] [--recorder-packets N] FILE...
//
// For each capture:
//   engine     Engine::run + Engine::finish with EngineConfig::stats.enabled = false, then = true (the same
//              configuration as `netmeter analyze FILE` otherwise); best of --runs each, wall time and the
//              CPU time of the whole process (reader, workers and the aggregator thread). The difference
//              is the statistics' cost: the recorders in the workers plus the aggregator's apply.
//   recorder   stats::ShardRecorder::on_packet alone, on one thread, over the first --recorder-packets
//              packets decoded and given their flows beforehand (as the worker would), with an Aggregator
//              applying the deltas on its own thread: ns per packet of the recording thread's CPU time,
//              and of the rest of the process (the aggregator) over the same packets.
// The file is read once, untimed, first, so that every timed pass finds it in the page cache.

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "capture/pcap_source.hpp"
#include "core/anomaly.hpp"
#include "decode/dissector.hpp"
#include "engine/engine.hpp"
#include "flow/client_rule.hpp"
#include "stats/aggregator.hpp"
#include "stats/recorder.hpp"

namespace {

using namespace netmeter;

double cpu_of(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}
double process_cpu() {
  return cpu_of(CLOCK_PROCESS_CPUTIME_ID);
}
double thread_cpu() {
  return cpu_of(CLOCK_THREAD_CPUTIME_ID);
}
double wall_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::unique_ptr<capture::PacketSource> open(const std::string& path) {
  auto opened = capture::PcapSource::open_file(path);
  if (!opened.source) {
    std::fprintf(stderr, "stats_ingest_bench: %s\n", opened.error.c_str());
    std::exit(1);
  }
  return std::move(opened.source);
}

struct Run {
  uint64_t packets = 0;
  double wall = 0;
  double cpu = 0;
  size_t hosts = 0;
  size_t connections = 0;
  size_t finished_kept = 0;
  uint64_t deltas = 0;
  size_t host_memory = 0;
};

Run run_engine(const std::string& path, unsigned workers, bool stats) {
  engine::EngineConfig config;
  config.workers = workers;
  config.flows.expire_idle = false;  // as `netmeter analyze FILE`
  config.keep_finished_flows = true;
  config.stats.enabled = stats;
  auto created = engine::Engine::create(config);
  if (!created.engine) {
    std::fprintf(stderr, "stats_ingest_bench: %s\n", created.error.c_str());
    std::exit(1);
  }
  auto source = open(path);
  Run r;
  const double w0 = wall_now(), c0 = process_cpu();
  r.packets = created.engine->run(*source).packets;
  engine::Results results = created.engine->finish();
  r.wall = wall_now() - w0;
  r.cpu = process_cpu() - c0;
  if (const stats::Aggregator* agg = created.engine->stats()) {
    r.deltas = agg->deltas_applied();
    agg->read([&](const stats::StatsStore& s) {
      r.hosts = s.hosts().size();
      r.connections = s.active_connections().size() + s.finished_connections().size();
      r.finished_kept = s.finished_connections().size();
      r.host_memory = s.host_memory_bytes();
      return 0;
    });
  }
  return r;
}

Run best_of(int runs, const std::string& path, unsigned workers, bool stats) {
  Run best;
  for (int i = 0; i < runs; ++i) {
    Run r = run_engine(path, workers, stats);
    if (i == 0 || r.cpu < best.cpu) best = r;
  }
  return best;
}

// ---- the recorder alone ----

struct FlowKeyHash {
  size_t operator()(const core::FlowKey& k) const { return k.hash(); }
};

struct Prepared {
  std::vector<decode::DecodedPacket> packets;
  std::vector<flow::Flow*> flows;  // per packet; null without one
  std::vector<uint8_t> directions;
  std::unordered_map<core::FlowKey, flow::Flow, FlowKeyHash> table;
};

// Decodes up to `limit` packets and gives each its flow, as the reader and the worker would (without
// fragment reassembly, TCP tracking or detection: the recorder only reads what they leave in the flow).
std::unique_ptr<Prepared> prepare(const std::string& path, size_t limit) {
  auto p = std::make_unique<Prepared>();
  auto source = open(path);
  decode::Dissector dissector(source->link_type());
  core::AnomalyCounters anomalies;
  capture::RawPacket raw;
  uint64_t next_id = 1;
  p->packets.reserve(limit);
  while (p->packets.size() < limit && source->next(raw) == capture::ReadStatus::Packet) {
    decode::DecodedPacket pkt;
    pkt.ts = raw.ts;
    pkt.caplen = raw.caplen;
    pkt.wire_len = std::max(raw.caplen, raw.wire_len);
    dissector.decode({raw.data, raw.caplen}, pkt, anomalies);
    flow::Flow* f = nullptr;
    int direction = 0;
    if (pkt.has_ip) {
      bool swapped = false;
      core::FlowKey key = core::FlowKey::make({pkt.src_ip, pkt.src_port}, {pkt.dst_ip, pkt.dst_port},
                                              pkt.vlan_inner, pkt.l4_proto, swapped);
      auto [it, created] = p->table.try_emplace(key);
      f = &it->second;
      if (created) {
        f->key = key;
        f->client_is_lo = flow::sender_is_client(pkt) != swapped;
        f->id = next_id++;
      }
      direction = (swapped != f->client_is_lo) ? flow::Flow::kClientToServer : flow::Flow::kServerToClient;
      flow::DirectionStats& d = f->dir[direction];
      if (d.packets == 0) d.first_seen = pkt.ts;
      ++d.packets;
      d.bytes += pkt.wire_len;
      d.payload_bytes += pkt.payload_len;
      d.last_seen = pkt.ts;
    }
    p->packets.push_back(pkt);
    p->flows.push_back(f);
    p->directions.push_back(static_cast<uint8_t>(direction));
  }
  return p;
}

struct RecorderRun {
  double recorder_cpu = 0;  // the recording thread
  double other_cpu = 0;     // the rest of the process: the aggregator applying
  double wall = 0;
};

RecorderRun run_recorder(Prepared& p) {
  for (auto& [key, f] : p.table)
    f.stats_epoch = 0;  // a fresh recorder's bookkeeping
  stats::StatsConfig config;
  stats::Aggregator aggregator(config, 1);
  aggregator.start();
  RecorderRun r;
  {
    stats::ShardRecorder recorder(config, aggregator.channel(), 0);
    const double w0 = wall_now(), p0 = process_cpu(), t0 = thread_cpu();
    for (size_t i = 0; i < p.packets.size(); ++i)
      recorder.on_packet(p.packets[i], p.flows[i], p.directions[i], {});
    recorder.flush();
    r.recorder_cpu = thread_cpu() - t0;
    aggregator.stop();  // applies what is still queued
    r.wall = wall_now() - w0;
    r.other_cpu = process_cpu() - p0 - r.recorder_cpu;
  }
  return r;
}

void bench_file(const std::string& path, int runs, unsigned workers, size_t recorder_packets) {
  {
    auto source = open(path);  // untimed: brings the file into the page cache
    capture::RawPacket raw;
    while (source->next(raw) == capture::ReadStatus::Packet) {
    }
  }
  std::printf("\nstats ingest: %s\n", path.c_str());
  std::printf(
      "  engine, %u worker(s), best of %d (by CPU time)   packets  wall_s   cpu_s  wall ns/pkt  cpu ns/pkt\n",
      workers, runs);
  Run off = best_of(runs, path, workers, false);
  Run on = best_of(runs, path, workers, true);
  auto print = [](const char* what, const Run& r) {
    const double n = static_cast<double>(r.packets ? r.packets : 1);
    std::printf("  %-46s %9llu %7.3f %7.3f %12.1f %11.1f\n", what, static_cast<unsigned long long>(r.packets),
                r.wall, r.cpu, r.wall * 1e9 / n, r.cpu * 1e9 / n);
  };
  print("statistics off (bare engine)", off);
  print("statistics on", on);
  const double n = static_cast<double>(on.packets ? on.packets : 1);
  std::printf("  statistics cost: %+.1f ns/pkt CPU (%+.0f %%), %+.1f ns/pkt wall (%+.0f %%)\n",
              (on.cpu - off.cpu) * 1e9 / n, 100.0 * (on.cpu - off.cpu) / off.cpu,
              (on.wall - off.wall) * 1e9 / n, 100.0 * (on.wall - off.wall) / off.wall);
  std::printf(
      "  the store at the end: %zu hosts (%.0f B/host), %zu connections (%zu finished kept), %llu deltas\n",
      on.hosts, on.hosts ? static_cast<double>(on.host_memory) / static_cast<double>(on.hosts) : 0.0,
      on.connections, on.finished_kept, static_cast<unsigned long long>(on.deltas));

  auto prepared = prepare(path, recorder_packets);
  const double m = static_cast<double>(prepared->packets.empty() ? 1 : prepared->packets.size());
  RecorderRun best;
  for (int i = 0; i < runs; ++i) {
    RecorderRun r = run_recorder(*prepared);
    if (i == 0 || r.recorder_cpu < best.recorder_cpu) best = r;
  }
  std::printf(
      "  recorder alone: ShardRecorder::on_packet over %zu pre-decoded packets (%zu flows): %.1f ns/pkt "
      "(recording thread CPU); aggregator applying them: %.1f ns/pkt (its CPU); wall %.1f ns/pkt\n",
      prepared->packets.size(), prepared->table.size(), best.recorder_cpu * 1e9 / m, best.other_cpu * 1e9 / m,
      best.wall * 1e9 / m);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 3;
  unsigned workers = 1;
  size_t recorder_packets = 1'000'000;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else if (std::strcmp(argv[i], "--workers") == 0 && i + 1 < argc) {
      workers = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
    } else if (std::strcmp(argv[i], "--recorder-packets") == 0 && i + 1 < argc) {
      recorder_packets = static_cast<size_t>(std::max(1L, std::atol(argv[++i])));
    } else if (argv[i][0] == '-') {
      files.clear();
      break;
    } else {
      files.emplace_back(argv[i]);
    }
  }
  if (files.empty()) {
    std::fprintf(
        stderr,
        "usage: netmeter_stats_ingest_bench [--runs N] [--workers N] [--recorder-packets N] FILE...\n"
        "(scripts/bench passes its replay captures; any pcap works)\n");
    return 2;
  }
  for (const auto& f : files)
    bench_file(f, runs, workers, recorder_packets);
  return 0;
}
