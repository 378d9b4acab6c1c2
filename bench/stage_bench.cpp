// Where netmeter's time goes on a real capture: runs the file through the packet path one stage at a
// time, each pass adding a stage to the previous one, and prints the cost of each in ns per packet.
//
//   netmeter_stage_bench FILE [--stages read,decode,key,ring,ringbell,worker,nodpi,engine]
//
// Stages (cumulative, each a full pass over FILE with netmeter's own PcapSource):
//   read      PcapSource::next (libpcap, nanosecond timestamps)
//   decode    + DecodedPacket reset and Dissector::decode        (the reader thread's work ...)
//   key       + fragment map, FlowKey::make and hash              (... all of Reader::dispatch but the push)
//   ring      + copy of the record and the IP bytes into an SpscByteRing, popped at once on the same
//               thread: the cost of the hand-over without a second core
//   ringbell  the same plus Doorbell::ring() after each record, as Reader::push does
//   worker    key + Worker::handle on the same thread, no ring (a single-threaded netmeter), then
//             Worker::finish
//   nodpi     the same with application detection off
//   engine    Engine::run with 1 worker thread (reader + worker), Engine::finish, then the report as
//             `netmeter analyze --format json` builds and writes it (to a null stream)
// Times are CPU time (this process), so other load on the machine inflates them little; the engine
// stage also gives its wall time. +ns/pkt is the cost over the stage above for decode and key, and
// over `key` for ring, ringbell, worker and nodpi.

#include <malloc.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <new>
#include <ostream>
#include <set>
#include <sstream>
#include <streambuf>
#include <string>

#include "capture/pcap_source.hpp"
#include "core/doorbell.hpp"
#include "core/spsc_byte_ring.hpp"
#include "decode/dissector.hpp"
#include "dpi/classifier.hpp"
#include "engine/engine.hpp"
#include "engine/packet_record.hpp"
#include "engine/worker.hpp"
#include "flow/fragment_map.hpp"
#include "report/analysis_report.hpp"
#include "report/json_report.hpp"

namespace {

using namespace netmeter;

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}
double wall_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Resident set size of this process in MB (VmRSS), after handing freed heap back to the system.
double rss_mb() {
  malloc_trim(0);
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

struct StageResult {
  uint64_t packets = 0;
  double wall = 0;
  double cpu = 0;
  std::string note;
};

std::unique_ptr<capture::PacketSource> open(const std::string& path) {
  auto opened = capture::PcapSource::open_file(path);
  if (!opened.source) {
    std::fprintf(stderr, "stage_bench: %s\n", opened.error.c_str());
    std::exit(1);
  }
  return std::move(opened.source);
}

// Reads every packet of `path` and hands it to `fn`.
template <typename Fn>
StageResult pass(const std::string& path, Fn&& fn) {
  auto source = open(path);
  capture::RawPacket raw;
  StageResult r;
  double w0 = wall_now(), c0 = cpu_now();
  while (source->next(raw) == capture::ReadStatus::Packet) {
    fn(raw);
    ++r.packets;
  }
  r.wall = wall_now() - w0;
  r.cpu = cpu_now() - c0;
  return r;
}

// The reader's decode step (as Reader::dispatch does it).
struct Decode {
  explicit Decode(core::LinkType link) : dissector(link) {}
  decode::Dissector dissector;
  core::AnomalyCounters anomalies;
  engine::PacketRecord rec;

  void operator()(const capture::RawPacket& raw) {
    decode::DecodedPacket& pkt = rec.pkt;
    pkt = decode::DecodedPacket{};
    pkt.ts = raw.ts;
    pkt.caplen = raw.caplen;
    pkt.wire_len = raw.caplen > raw.wire_len ? raw.caplen : raw.wire_len;
    dissector.decode({raw.data, raw.caplen}, pkt, anomalies);
  }
};

// Decode plus the flow key work; fills rec like Reader::dispatch. Returns the IP bytes to hand over.
struct DecodeKey : Decode {
  using Decode::Decode;
  flow::FragmentMap fragments;

  uint32_t operator()(const capture::RawPacket& raw) {
    Decode::operator()(raw);
    decode::DecodedPacket& pkt = rec.pkt;
    uint32_t l3_bytes = 0;
    if (pkt.has_ip) {
      if (pkt.is_fragment) fragments.resolve(pkt);
      bool swapped = false;
      core::FlowKey key = core::FlowKey::make({pkt.src_ip, pkt.src_port}, {pkt.dst_ip, pkt.dst_port},
                                              pkt.vlan_inner, pkt.l4_proto, swapped);
      rec.flow_hash = key.hash();
      l3_bytes = raw.caplen > pkt.l3_offset ? raw.caplen - pkt.l3_offset : 0;
    } else {
      rec.flow_hash = 0;
    }
    rec.l3_bytes = l3_bytes;
    return l3_bytes;
  }
};

engine::EngineConfig file_config(bool dpi) {
  engine::EngineConfig config;
  config.workers = 1;
  config.flows.expire_idle = false;  // as `netmeter analyze FILE`
  config.keep_finished_flows = true;
  config.dpi.enabled = dpi;
  return config;
}

StageResult run_worker_inline(const std::string& path, core::LinkType link, bool dpi) {
  auto config = file_config(dpi);
  double rss0 = rss_mb();
  auto c = dpi::Classifier::create(config.dpi);
  if (!c.classifier) {
    std::fprintf(stderr, "stage_bench: %s\n", c.error.c_str());
    std::exit(1);
  }
  auto worker = std::make_unique<engine::Worker>(config, std::move(c.classifier));
  DecodeKey dk(link);
  StageResult r = pass(path, [&](const capture::RawPacket& raw) {
    dk(raw);
    worker->handle(dk.rec, raw.data + dk.rec.pkt.l3_offset);
  });
  double rss_run = rss_mb();
  double w0 = wall_now(), c0 = cpu_now();
  engine::Results res = worker->finish();
  double fin = cpu_now() - c0;
  r.wall += wall_now() - w0;
  r.cpu += fin;
  double rss_fin = rss_mb();
  const double n = static_cast<double>(res.flows.empty() ? 1 : res.flows.size());
  char note[256];
  std::snprintf(note, sizeof note,
                "%zu flows, %llu DPI pkts, finish %.3f s; RSS +%.0f MB (%.0f B/flow), after finish +%.0f MB "
                "(%.0f B/flow)",
                res.flows.size(), static_cast<unsigned long long>(res.traffic.dpi_packets), fin,
                rss_run - rss0, (rss_run - rss0) * 1048576 / n, rss_fin - rss0,
                (rss_fin - rss0) * 1048576 / n);
  r.note = note;
  return r;
}

// An ostream that discards what it is given (like -o /dev/null, without the system calls).
class NullBuf final : public std::streambuf {
 protected:
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<uint64_t>(n);
    return n;
  }

 public:
  uint64_t bytes = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(
        stderr,
        "usage: netmeter_stage_bench FILE [--stages read,decode,key,ring,ringbell,worker,nodpi,engine]\n");
    return 2;
  }
  std::string path = argv[1];
  std::set<std::string> stages = {"read", "decode", "key", "ring", "ringbell", "worker", "nodpi", "engine"};
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--stages") == 0 && i + 1 < argc) {
      stages.clear();
      std::stringstream ss(argv[++i]);
      for (std::string s; std::getline(ss, s, ',');)
        stages.insert(s);
    } else {
      std::fprintf(stderr, "stage_bench: unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  const core::LinkType link = open(path)->link_type();
  pass(path, [](const capture::RawPacket&) {});  // untimed: brings the file into the page cache

  std::printf("%-8s %10s %8s %8s %8s %8s  %s\n", "stage", "packets", "wall_s", "cpu_s", "ns/pkt", "+ns/pkt",
              "");
  double prev_ns = 0;
  auto print = [&](const char* name, const StageResult& r, double base_ns) {
    double ns = r.cpu * 1e9 / static_cast<double>(r.packets ? r.packets : 1);
    std::printf("%-8s %10llu %8.3f %8.3f %8.1f %8.1f  %s\n", name, static_cast<unsigned long long>(r.packets),
                r.wall, r.cpu, ns, ns - base_ns, r.note.c_str());
    std::fflush(stdout);
    return ns;
  };

  double key_ns = 0;
  if (stages.count("read")) {
    uint64_t sum = 0;
    auto r = pass(path, [&](const capture::RawPacket& raw) { sum += raw.caplen; });
    r.note = "captured bytes " + std::to_string(sum);
    prev_ns = print("read", r, 0);
  }
  if (stages.count("decode")) {
    Decode d(link);
    auto r = pass(path, [&](const capture::RawPacket& raw) { d(raw); });
    prev_ns = print("decode", r, prev_ns);
  }
  if (stages.count("key")) {
    DecodeKey dk(link);
    uint64_t h = 0;
    auto r = pass(path, [&](const capture::RawPacket& raw) {
      dk(raw);
      h ^= dk.rec.flow_hash;
    });
    r.note = h == 42 ? "!" : "";
    key_ns = prev_ns = print("key", r, prev_ns);
  }
  for (const char* stage : {"ring", "ringbell"}) {
    if (!stages.count(stage)) continue;
    const bool bell_too = std::strcmp(stage, "ringbell") == 0;
    DecodeKey dk(link);
    core::SpscByteRing ring(engine::EngineConfig{}.queue_bytes);
    core::Doorbell bell;
    uint64_t sum = 0;
    auto r = pass(path, [&](const capture::RawPacket& raw) {
      uint32_t l3 = dk(raw);
      size_t size = sizeof(engine::PacketRecord) + l3;
      if (size > ring.max_record()) {
        l3 = static_cast<uint32_t>(ring.max_record() - sizeof(engine::PacketRecord));
        size = ring.max_record();
      }
      auto slot = ring.try_reserve(size);
      auto* rec = new (slot.data()) engine::PacketRecord(dk.rec);
      rec->l3_bytes = l3;
      if (l3 > 0)
        std::memcpy(slot.data() + sizeof(engine::PacketRecord), raw.data + dk.rec.pkt.l3_offset, l3);
      ring.commit();
      ring.publish();  // per packet here; Reader::push publishes every kPublishBatch records
      if (bell_too) bell.ring();
      auto front = ring.front();
      sum += static_cast<uint64_t>(front[sizeof(engine::PacketRecord) / 2]);
      ring.pop();
    });
    r.note = "record " + std::to_string(sizeof(engine::PacketRecord)) + " B + IP bytes" +
             (bell_too ? ", then Doorbell::ring()" : "") + (sum == 1 ? "!" : "");
    print(stage, r, key_ns);
  }
  if (stages.count("worker")) print("worker", run_worker_inline(path, link, true), key_ns);
  if (stages.count("nodpi")) print("nodpi", run_worker_inline(path, link, false), key_ns);
  if (stages.count("engine")) {
    auto created = engine::Engine::create(file_config(true));
    if (!created.engine) {
      std::fprintf(stderr, "stage_bench: %s\n", created.error.c_str());
      return 1;
    }
    auto source = open(path);
    double w0 = wall_now(), c0 = cpu_now();
    auto summary = created.engine->run(*source);
    double w1 = wall_now(), c1 = cpu_now();
    engine::Results res = created.engine->finish();
    size_t flows = res.flows.size();
    double c2 = cpu_now();
    auto report =
        report::build_report(std::move(res), created.engine->names(), path, created.engine->worker_count());
    double c3 = cpu_now();
    NullBuf null;
    std::ostream out(&null);
    report::write_json(out, report, created.engine->names());
    double w4 = wall_now(), c4 = cpu_now();
    StageResult r;
    r.packets = summary.packets;
    r.wall = w4 - w0;
    r.cpu = c4 - c0;
    char note[320];
    std::snprintf(note, sizeof note,
                  "run: %.3f s wall, %.3f s cpu (2 threads); then cpu s: finish %.3f, build_report %.3f, "
                  "write_json %.3f (%.1f MB, %.1f us/flow); %zu flows",
                  w1 - w0, c1 - c0, c2 - c1, c3 - c2, c4 - c3, static_cast<double>(null.bytes) / 1e6,
                  flows ? (c4 - c3) * 1e6 / static_cast<double>(flows) : 0.0, flows);
    r.note = note;
    print("engine", r, 0);
  }
  return 0;
}
