// The packet ring buffer (src/ringbuffer): write rate, index size, and the extraction of one host.
//
//   netmeter_ringbuffer_bench [--gib G] [--dir DIR] [--drop-caches]
//
// Writes G GiB (default 10) of synthetic traffic spread over one hour of packet time into a ring buffer
// of G + 1 GiB in DIR (default: a new directory under /tmp, removed at the end): 1000-byte average frames
// (64 to 1514 bytes) between 20000 clients and 2000 servers, each conversation lasting a few seconds
// (real links show that locality: a block of 1024 packets holds some hundreds of hosts, not thousands).
// One host (10.200.0.1) talks in 1 of every 5000 packets all hour long.
//
// Prints
//   write     packets/s and MB/s the writer thread stores (the reader offering them as a capture file's
//             slot does: it waits when the queue is full, so this is the writer's own speed), the writer
//             thread's CPU ns per packet;
//   index     bytes of index per GiB of segments, and in memory per GiB;
//   extract   `ip == 10.200.0.1` over the whole hour: seconds, packets, blocks read and skipped; again with
//             the page cache dropped first (--drop-caches, needs root).

#include <time.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "filter/parser.hpp"
#include "ringbuffer/extractor.hpp"
#include "ringbuffer/ring_recorder.hpp"

namespace {

using namespace netmeter;
namespace fs = std::filesystem;

double wall_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void put16(std::vector<uint8_t>& b, size_t at, uint16_t v) {
  b[at] = static_cast<uint8_t>(v >> 8);
  b[at + 1] = static_cast<uint8_t>(v);
}

// An Ethernet/IPv4/TCP frame of `size` bytes from 10.<c>/16-style addresses.
std::vector<uint8_t> frame(uint32_t client, uint32_t server, uint16_t sport, uint16_t dport, size_t size) {
  std::vector<uint8_t> b(size, 0x41);
  const uint8_t dst_mac[6] = {2, 0, 0, 0, 0, 2}, src_mac[6] = {2, 0, 0, 0, 0, 1};
  std::memcpy(b.data(), dst_mac, 6);
  std::memcpy(b.data() + 6, src_mac, 6);
  put16(b, 12, 0x0800);
  b[14] = 0x45;
  b[15] = 0;
  put16(b, 16, static_cast<uint16_t>(size - 14));
  b[22] = 64;
  b[23] = 6;
  uint32_t s = (10u << 24) | client, d = (172u << 24) | (16u << 16) | server;
  for (int i = 0; i < 4; ++i) {
    b[26 + i] = static_cast<uint8_t>(s >> (24 - 8 * i));
    b[30 + i] = static_cast<uint8_t>(d >> (24 - 8 * i));
  }
  put16(b, 34, sport);
  put16(b, 36, dport);
  b[46] = 0x50;
  b[47] = 0x18;
  return b;
}

struct Traffic {
  std::vector<std::vector<uint8_t>> frames;  ///< one per conversation slot, rewritten as conversations change
  std::mt19937_64 rng{42};
  std::vector<uint32_t> remaining;  ///< packets left in each active conversation
  uint64_t n = 0;

  static constexpr size_t kActive = 64;  ///< conversations interleaved at any time

  Traffic() : frames(kActive), remaining(kActive, 0) {}

  const std::vector<uint8_t>& next() {
    ++n;
    if (n % 5000 == 0) {
      static std::vector<uint8_t> target = frame((200u << 16) | 1, 7, 40000, 443, 800);
      return target;
    }
    size_t i = rng() % kActive;
    if (remaining[i] == 0) {
      uint32_t client = static_cast<uint32_t>(rng() % 20000) + 1;
      uint32_t server = static_cast<uint32_t>(rng() % 2000) + 1;
      size_t size = 64 + rng() % 1451;
      frames[i] = frame(client, server, static_cast<uint16_t>(1024 + rng() % 60000), 443, size);
      remaining[i] = 200 + static_cast<uint32_t>(rng() % 2000);
    }
    --remaining[i];
    return frames[i];
  }
};

uint64_t dir_bytes(const std::string& dir, const std::string& ext) {
  uint64_t n = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ext) n += e.file_size();
  return n;
}

void extract(const ringbuffer::RingRecorder& r, const char* label) {
  auto parsed = filter::parse("ip == 10.200.0.1");
  ringbuffer::ExtractRequest q;
  q.filter = std::make_shared<filter::Filter>(*parsed.expression);
  q.prefilter = ringbuffer::Prefilter(*parsed.expression);
  double t0 = wall_now();
  ringbuffer::Extraction x(r, std::move(q));
  std::vector<char> buf(1 << 16);
  uint64_t bytes = 0;
  for (;;) {
    size_t n = x.read(buf);
    bytes += n;
    if (n == 0 && x.done()) break;
  }
  double s = wall_now() - t0;
  const auto& st = x.stats();
  std::printf("extract %-12s %.3f s  %" PRIu64 " packets (%.1f MB), %" PRIu64
              " packets read, segments %" PRIu64 " read / %" PRIu64 " skipped, blocks %" PRIu64
              " read / %" PRIu64 " skipped\n",
              label, s, st.packets, bytes / 1e6, st.packets_read, st.segments_read, st.segments_skipped,
              st.blocks_read, st.blocks_skipped);
}

}  // namespace

int main(int argc, char** argv) {
  double gib = 10;
  std::string dir;
  bool drop_caches = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--gib" && i + 1 < argc)
      gib = std::stod(argv[++i]);
    else if (a == "--dir" && i + 1 < argc)
      dir = argv[++i];
    else if (a == "--drop-caches")
      drop_caches = true;
    else {
      std::fprintf(stderr, "usage: %s [--gib G] [--dir DIR] [--drop-caches]\n", argv[0]);
      return 2;
    }
  }
  bool own_dir = dir.empty();
  if (own_dir) dir = (fs::temp_directory_path() / ("nm-ring-bench-" + std::to_string(getpid()))).string();
  const uint64_t target = static_cast<uint64_t>(gib * (1ull << 30));

  ringbuffer::RecorderConfig c;
  c.directory = dir;
  c.max_bytes = target + (1ull << 30);
  c.lossless = true;
  std::string error;
  std::vector<std::string> notes;
  auto r = ringbuffer::RingRecorder::open(c, {}, error, notes);
  if (!r) {
    std::fprintf(stderr, "ringbuffer_bench: %s\n", error.c_str());
    return 1;
  }
  r->start();
  Traffic traffic;
  const int64_t t0_ns = 1'700'000'000'000'000'000;
  const uint64_t approx_packets = target / 1000;
  const int64_t step_ns = static_cast<int64_t>(3600e9 / static_cast<double>(approx_packets));
  uint64_t bytes = 0, packets = 0;
  double w0 = wall_now();
  while (bytes < target) {
    const auto& f = traffic.next();
    capture::RawPacket p;
    p.ts.ns = t0_ns + static_cast<int64_t>(packets) * step_ns;
    p.caplen = p.wire_len = static_cast<uint32_t>(f.size());
    p.data = f.data();
    r->offer(p);
    bytes += f.size() + 16;
    ++packets;
  }
  r->flush();
  r->finish();
  double write_s = wall_now() - w0;
  auto st = r->status();
  std::printf(
      "write   %" PRIu64 " packets, %.2f GiB in %.2f s: %.0f packets/s, %.0f MB/s (drops %" PRIu64 ")\n",
      packets, bytes / double(1ull << 30), write_s, packets / write_s, bytes / write_s / 1e6, st.drops);
  uint64_t seg = dir_bytes(dir, ".pcap"), idx = dir_bytes(dir, ".idx");
  std::printf("index   %" PRIu64 " segments, %.1f MiB of index for %.2f GiB: %.2f MiB per GiB (%.3f %%)\n",
              st.store.segments, idx / 1048576.0, seg / double(1ull << 30),
              idx / 1048576.0 / (seg / double(1ull << 30)), 100.0 * idx / seg);
  extract(*r, "warm");
  if (drop_caches) {
    sync();
    std::ofstream("/proc/sys/vm/drop_caches") << "3\n";
    extract(*r, "cold");
  }
  if (own_dir) fs::remove_all(dir);
  return 0;
}
