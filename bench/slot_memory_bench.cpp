// What an analysis slot costs in resident memory: fixed (before its first packet, per worker) and per
// entry of each table its memory bound (engine/slot_memory.hpp, `netmeter run --slot-memory`) sizes.
//
//   netmeter_slot_memory_bench [--workers N] [--entries N]
//
// Each measurement runs in a forked child (so that what an earlier one freed into the allocator does not
// hide what the next one takes) over synthetic traffic generated in memory, with an engine configured
// like an upload slot (file: no idle expiry, evicted flows not kept) and bounds large enough that nothing
// is refused. A child reports the growth of its resident set (VmRSS, and the peak VmHWM, reset before
// the engine is created) after Engine::create, after Engine::run, and after Engine::retire (then
// malloc_trim, so that only what the retired slot really holds is counted).
//
// Per-entry costs are slopes between two sizes (--entries and twice that), so that fixed parts cancel:
//   flow        UDP flows of one unanswered packet each (nDPI keeps its state for all of them: the most
//               a flow can cost) among 200 clients and 16 servers;
//   host        as above but every flow from another client: the slope minus the flow's;
//   mac         non-IP frames from distinct source MACs;
//   connection  the flow case with every finished connection kept, minus none kept, after retire();
//   port        UDP flows to distinct ports (a module table entry: ports, VLANs, MPLS, ICMP, apps);
//   dns name    DNS query/answer pairs for distinct names (address names, top names, pending queries),
//               each pair a flow of its own (included);
//   L7 tables   each bounded DNS/HTTP/TLS/DHCP table filled directly with entries of the largest kind
//               (names of L7Event::kMaxName bytes; HTTP servers with all their host names).

#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "capture/packet_source.hpp"
#include "engine/engine.hpp"
#include "engine/slot_memory.hpp"
#include "stats/l7_stats.hpp"

namespace {

using namespace netmeter;

long status_kib(const char* field) {
  std::ifstream f("/proc/self/status");
  std::string line;
  size_t n = std::strlen(field);
  while (std::getline(f, line))
    if (line.compare(0, n, field) == 0 && line[n] == ':') return std::stol(line.substr(n + 1));
  return 0;
}

void reset_peak() {
  std::ofstream("/proc/self/clear_refs") << "5";
}

/// Frames made on demand: frame(i, buffer) writes packet i and returns its length.
class SyntheticSource final : public capture::PacketSource {
 public:
  using Make = std::function<uint32_t(uint64_t, uint8_t*)>;
  SyntheticSource(uint64_t packets, Make make) : packets_(packets), make_(std::move(make)) {}

  capture::ReadStatus next(capture::RawPacket& pkt) override {
    if (next_ == packets_) return capture::ReadStatus::End;
    uint32_t len = make_(next_, buffer_.data());
    // Ten seconds of packet time, so that histories hold several buckets.
    pkt.ts = core::Timestamp{int64_t{1'700'000'000} * core::kNanosPerSecond +
                             static_cast<int64_t>(next_ * 10 * core::kNanosPerSecond / packets_)};
    pkt.caplen = pkt.wire_len = len;
    pkt.data = buffer_.data();
    ++next_;
    return capture::ReadStatus::Packet;
  }
  core::LinkType link_type() const override { return core::LinkType::Ethernet; }
  std::string name() const override { return "synthetic"; }
  bool is_live() const override { return false; }
  capture::SourceStats stats() const override { return {next_, 0, 0, 0}; }
  void stop() override {}

 private:
  uint64_t packets_;
  uint64_t next_ = 0;
  Make make_;
  std::array<uint8_t, 2048> buffer_{};
};

void put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
void put32(uint8_t* p, uint32_t v) {
  put16(p, static_cast<uint16_t>(v >> 16));
  put16(p + 2, static_cast<uint16_t>(v));
}

uint32_t ethernet(uint8_t* f, uint64_t src_mac, uint16_t ethertype) {
  static constexpr uint8_t kDst[6] = {0x02, 0, 0, 0, 0, 0x01};
  std::memcpy(f, kDst, 6);
  f[6] = 0x02;
  for (int i = 0; i < 5; ++i)
    f[7 + i] = static_cast<uint8_t>(src_mac >> (8 * (4 - i)));
  put16(f + 12, ethertype);
  return 14;
}

/// Ethernet/IPv4/UDP with `payload` bytes; returns the frame length.
uint32_t udp_frame(uint8_t* f, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
                   const uint8_t* payload, uint16_t payload_len) {
  uint32_t off = ethernet(f, 0x0A, 0x0800);
  uint8_t* ip = f + off;
  auto ip_len = static_cast<uint16_t>(20 + 8 + payload_len);
  std::memset(ip, 0, 28);
  ip[0] = 0x45;
  put16(ip + 2, ip_len);
  ip[8] = 64;
  ip[9] = 17;
  put32(ip + 12, src);
  put32(ip + 16, dst);
  put16(ip + 20, sport);
  put16(ip + 22, dport);
  put16(ip + 24, static_cast<uint16_t>(8 + payload_len));
  std::memcpy(ip + 28, payload, payload_len);
  return off + ip_len;
}

constexpr uint32_t kClients = 0x0A010000;  // 10.1.0.0
constexpr uint32_t kServers = 0x0A020000;  // 10.2.0.0
constexpr uint8_t kNoise[32] = {0x9c, 0x11, 0xe4, 0x37, 0x58, 0x02, 0xaf, 0x6b, 0x21, 0xd0, 0x7e,
                                0x94, 0x3a, 0xc5, 0x0f, 0x88, 0x61, 0xbb, 0x2e, 0x73, 0xf9, 0x46,
                                0x1d, 0xa2, 0x5c, 0xe7, 0x30, 0x8b, 0x64, 0xd9, 0x05, 0x7a};

uint32_t flow_packet(uint64_t i, uint8_t* f) {
  auto client = static_cast<uint32_t>(kClients + 1 + i % 200);
  auto server = static_cast<uint32_t>(kServers + 1 + (i / 200) % 16);
  auto sport = static_cast<uint16_t>(10000 + i / 3200);
  return udp_frame(f, client, server, sport, 5000, kNoise, sizeof kNoise);
}

uint32_t host_packet(uint64_t i, uint8_t* f) {
  return udp_frame(f, static_cast<uint32_t>(0x0B000000 + 1 + i), kServers + 1, 40000, 5000, kNoise,
                   sizeof kNoise);
}

uint32_t port_packet(uint64_t i, uint8_t* f) {
  return udp_frame(f, kClients + 1, kServers + 1, 40000, static_cast<uint16_t>(1 + i % 65535), kNoise,
                   sizeof kNoise);
}

uint32_t mac_packet(uint64_t i, uint8_t* f) {
  uint32_t off = ethernet(f, 0x100000 + i, 0x88B5);  // IEEE local experimental ethertype
  std::memcpy(f + off, kNoise, sizeof kNoise);
  return off + static_cast<uint32_t>(sizeof kNoise);
}

/// DNS: even packets are queries for name i/2 from port 20000 + i/2, odd ones their A answer.
uint32_t dns_packet(uint64_t i, uint8_t* f) {
  uint64_t n = i / 2;
  bool answer = i % 2;
  uint8_t dns[128];
  uint16_t id = static_cast<uint16_t>(n);
  put16(dns, id);
  put16(dns + 2, answer ? 0x8180 : 0x0100);
  put16(dns + 4, 1);
  put16(dns + 6, answer ? 1 : 0);
  put16(dns + 8, 0);
  put16(dns + 10, 0);
  char label[32];
  int label_len = std::snprintf(label, sizeof label, "host%07llu", static_cast<unsigned long long>(n));
  size_t o = 12;
  dns[o++] = static_cast<uint8_t>(label_len);
  std::memcpy(dns + o, label, static_cast<size_t>(label_len));
  o += static_cast<size_t>(label_len);
  static constexpr uint8_t kDomain[] = {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0};
  std::memcpy(dns + o, kDomain, sizeof kDomain);
  o += sizeof kDomain;
  put16(dns + o, 1);  // A
  put16(dns + o + 2, 1);
  o += 4;
  if (answer) {
    put16(dns + o, 0xC00C);
    put16(dns + o + 2, 1);
    put16(dns + o + 4, 1);
    put32(dns + o + 6, 300);
    put16(dns + o + 10, 4);
    put32(dns + o + 12, static_cast<uint32_t>(0x0C000000 + n));
    o += 16;
  }
  auto sport = static_cast<uint16_t>(20000 + n % 40000);
  auto client = static_cast<uint32_t>(kClients + 1 + (n / 40000) % 200);
  if (answer) return udp_frame(f, kServers + 53, client, 53, sport, dns, static_cast<uint16_t>(o));
  return udp_frame(f, client, kServers + 53, sport, 53, dns, static_cast<uint16_t>(o));
}

/// A name as long as an L7 event carries (the most a table entry can hold).
std::string long_name(uint64_t i) {
  std::string name = "host" + std::to_string(i) + ".";
  name.resize(stats::L7Event::kMaxName, 'x');
  return name;
}

stats::HostKey host_key(uint64_t i) {
  uint8_t bytes[4];
  put32(bytes, static_cast<uint32_t>(0x0C000000 + i));
  return {core::IpAddress::v4(bytes), 0};
}

/// Fills one L7 table with `n` entries of the largest kind; returns the resident growth in KiB.
double fill_l7(const std::string& table, uint64_t n) {
  int fds[2];
  if (pipe(fds) != 0) std::exit(1);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    malloc_trim(0);
    long base = status_kib("VmRSS");
    stats::L7Stats l7;
    for (uint64_t i = 0; i < n; ++i) {
      if (table == "names") {
        l7.dns.names.add(long_name(i), n);
      } else if (table == "pending") {
        l7.http.pending.put(i, stats::HttpPending{}, n);
      } else if (table == "address names") {
        l7.dns_names.put(host_key(i), long_name(i), n);
      } else if (table == "servers") {
        auto& server = l7.http.servers[host_key(i)];
        for (size_t k = 0; k < stats::HttpServerStats::kMaxHostNames; ++k)
          server.host_names.push_back(long_name(i * 8 + k));
      } else if (table == "dhcp leases") {
        l7.dhcp.leases[i].host_name = long_name(i);
      }
    }
    double kib = static_cast<double>(status_kib("VmRSS") - base);
    if (write(fds[1], &kib, sizeof kib) != sizeof kib) _exit(3);
    _exit(0);
  }
  close(fds[1]);
  double kib = 0;
  if (read(fds[0], &kib, sizeof kib) != sizeof kib)
    std::fprintf(stderr, "slot_memory_bench: a child failed\n");
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  return kib;
}

struct Growth {
  double created = 0;  ///< KiB after create
  double run = 0;      ///< KiB after run
  double peak = 0;     ///< KiB, VmHWM over create, run and retire
  double retired = 0;  ///< KiB after retire and malloc_trim
};

/// Runs one engine over `packets` packets of `make` in a child process.
Growth measure(const engine::EngineConfig& config, uint64_t packets, SyntheticSource::Make make) {
  int fds[2];
  if (pipe(fds) != 0) std::exit(1);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    malloc_trim(0);
    long base = status_kib("VmRSS");
    reset_peak();
    Growth g;
    auto created = engine::Engine::create(config);
    if (!created.engine) _exit(2);
    g.created = static_cast<double>(status_kib("VmRSS") - base);
    SyntheticSource source(packets, std::move(make));
    created.engine->run(source);
    g.run = static_cast<double>(status_kib("VmRSS") - base);
    created.engine->retire();
    malloc_trim(0);
    g.retired = static_cast<double>(status_kib("VmRSS") - base);
    g.peak = static_cast<double>(status_kib("VmHWM") - base);
    if (write(fds[1], &g, sizeof g) != sizeof g) _exit(3);
    _exit(0);
  }
  close(fds[1]);
  Growth g;
  if (read(fds[0], &g, sizeof g) != sizeof g) std::fprintf(stderr, "slot_memory_bench: a child failed\n");
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  return g;
}

engine::EngineConfig slot_config(unsigned workers) {
  engine::EngineConfig c;
  c.workers = workers;
  c.flows.expire_idle = false;
  c.stats.expire_idle = false;
  c.keep_finished_flows = false;
  c.max_flows = 64u << 20;
  c.stats.max_hosts = 64u << 20;
  c.stats.max_macs = 64u << 20;
  c.stats.finished_connections_kept = 0;
  c.stats.max_delta_entries = engine::SlotMemoryCosts::kDeltaEntries;
  return c;
}

double bytes_per(double kib_a, double kib_b, uint64_t entries) {
  return (kib_b - kib_a) * 1024.0 / static_cast<double>(entries);
}

}  // namespace

int main(int argc, char** argv) {
  unsigned workers = 1;
  uint64_t n = 100000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--workers") == 0) workers = static_cast<unsigned>(std::stoul(argv[i + 1]));
    if (std::strcmp(argv[i], "--entries") == 0) n = std::stoull(argv[i + 1]);
  }
  auto config = slot_config(workers);
  std::printf(
      "slot memory, %u worker(s), %llu and %llu entries (KiB of growth: created / run / peak / "
      "retired)\n",
      workers, static_cast<unsigned long long>(n), static_cast<unsigned long long>(2 * n));
  auto line = [](const char* what, const Growth& g) {
    std::printf("  %-26s %9.0f %9.0f %9.0f %9.0f\n", what, g.created, g.run, g.peak, g.retired);
  };

  Growth tiny = measure(config, 1, flow_packet);
  line("1 packet", tiny);

  Growth f1 = measure(config, n, flow_packet), f2 = measure(config, 2 * n, flow_packet);
  line("flows n", f1);
  line("flows 2n", f2);
  double flow_run = bytes_per(f1.run, f2.run, n), flow_peak = bytes_per(f1.peak, f2.peak, n);
  double flow_retired = bytes_per(f1.retired, f2.retired, n);

  auto kept = config;
  kept.stats.finished_connections_kept = 64u << 20;
  Growth c1 = measure(kept, n, flow_packet), c2 = measure(kept, 2 * n, flow_packet);
  line("flows n, connections kept", c1);
  line("flows 2n, connections kept", c2);
  double conn_retired = bytes_per(c1.retired, c2.retired, n) - flow_retired;
  double conn_peak = bytes_per(c1.peak, c2.peak, n) - flow_peak;

  Growth h1 = measure(config, n, host_packet), h2 = measure(config, 2 * n, host_packet);
  line("hosts n", h1);
  line("hosts 2n", h2);
  uint64_t ports = std::min<uint64_t>(n, 30000);
  Growth p1 = measure(config, ports, port_packet), p2 = measure(config, 2 * ports, port_packet);
  line("ports n (at most 30000)", p1);
  line("ports 2n", p2);
  Growth m1 = measure(config, n, mac_packet), m2 = measure(config, 2 * n, mac_packet);
  line("macs n", m1);
  line("macs 2n", m2);
  Growth d1 = measure(config, 2 * n, dns_packet), d2 = measure(config, 4 * n, dns_packet);
  line("dns names n", d1);
  line("dns names 2n", d2);

  std::printf("bytes per entry (peak: the most at any time; retired: what a finished slot keeps)\n");
  std::printf("  flow        run %6.0f  peak %6.0f  retired %6.0f\n", flow_run, flow_peak, flow_retired);
  std::printf("  connection  peak %6.0f  retired %6.0f  (kept finished connection, beyond its flow)\n",
              conn_peak, conn_retired);
  std::printf("  host        peak %6.0f  retired %6.0f  (beyond its flow)\n",
              bytes_per(h1.peak, h2.peak, n) - flow_peak,
              bytes_per(h1.retired, h2.retired, n) - flow_retired);
  std::printf("  mac         peak %6.0f  retired %6.0f\n", bytes_per(m1.peak, m2.peak, n),
              bytes_per(m1.retired, m2.retired, n));
  std::printf("  port        peak %6.0f  retired %6.0f  (beyond its flow; as every module table entry)\n",
              bytes_per(p1.peak, p2.peak, ports) - flow_peak,
              bytes_per(p1.retired, p2.retired, ports) - flow_retired);
  std::printf("  dns name    peak %6.0f  retired %6.0f  (its flow of two packets included)\n",
              bytes_per(d1.peak, d2.peak, n), bytes_per(d1.retired, d2.retired, n));
  std::printf("L7 tables, bytes per entry of the largest kind (%zu-byte names)\n", stats::L7Event::kMaxName);
  for (const char* table : {"names", "pending", "address names", "servers", "dhcp leases"}) {
    double a = fill_l7(table, n / 4), b = fill_l7(table, n / 2);
    std::printf("  %-14s %6.0f\n", table, bytes_per(a, b, n / 4));
  }
  std::printf("fixed: created %.0f KiB, 1-packet peak %.0f KiB, retired %.0f KiB\n", tiny.created, tiny.peak,
              tiny.retired);
  return 0;
}
