// The floor for any pcap file analyser: reads every packet of a file and sums the lengths, nothing else.
//
//   netmeter_pcap_read_loop FILE                       libpcap's pcap_next_ex, the file opened as netmeter
//                                                      opens it (nanosecond timestamps; stdio's 4 KiB reads)
//   netmeter_pcap_read_loop --stdio-buffer BYTES FILE  the same over a FILE* with a BYTES stdio buffer
//                                                      (pcap_fopen_offline): fewer read system calls
//   netmeter_pcap_read_loop --mmap FILE                no libpcap: the classic pcap format parsed straight
//                                                      from a read-only mapping (no copy at all)
// prints: packets=N wire_bytes=B captured_bytes=C seconds=S

#include <fcntl.h>
#include <pcap/pcap.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Totals {
  uint64_t packets = 0, wire = 0, captured = 0, first_byte_sum = 0;
  bool error = false;
};

Totals read_libpcap(const char* path, size_t stdio_buffer) {
  Totals t;
  char err[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = nullptr;
  std::vector<char> buffer;
  if (stdio_buffer == 0) {
    p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, err);
  } else {
    FILE* f = std::fopen(path, "rb");
    if (f == nullptr) {
      std::perror(path);
      std::exit(1);
    }
    buffer.resize(stdio_buffer);
    std::setvbuf(f, buffer.data(), _IOFBF, buffer.size());
    p = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, err);
  }
  if (p == nullptr) {
    std::fprintf(stderr, "pcap_read_loop: %s: %s\n", path, err);
    std::exit(1);
  }
  pcap_pkthdr* h = nullptr;
  const u_char* d = nullptr;
  int rc;
  while ((rc = pcap_next_ex(p, &h, &d)) == 1) {
    ++t.packets;
    t.wire += h->len;
    t.captured += h->caplen;
    if (h->caplen > 0) t.first_byte_sum += d[0];  // touch the data, as any analyser must
  }
  if (rc == PCAP_ERROR) {
    std::fprintf(stderr, "pcap_read_loop: read error after %" PRIu64 " packets: %s\n", t.packets,
                 pcap_geterr(p));
    t.error = true;
  }
  pcap_close(p);  // also closes the FILE*
  return t;
}

uint32_t load32(const uint8_t* p, bool swap) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return swap ? __builtin_bswap32(v) : v;
}

// Classic pcap only (not pcapng), any byte order and timestamp precision.
Totals read_mmap(const char* path) {
  Totals t;
  int fd = ::open(path, O_RDONLY);
  struct stat st {};
  if (fd < 0 || fstat(fd, &st) != 0) {
    std::perror(path);
    std::exit(1);
  }
  const auto size = static_cast<size_t>(st.st_size);
  void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED) {
    std::perror("mmap");
    std::exit(1);
  }
  madvise(map, size, MADV_SEQUENTIAL);
  const auto* base = static_cast<const uint8_t*>(map);
  if (size < 24) {
    std::fprintf(stderr, "pcap_read_loop: %s: too short for a pcap header\n", path);
    std::exit(1);
  }
  uint32_t magic;
  std::memcpy(&magic, base, 4);
  bool swap;
  if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d)
    swap = false;
  else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1)
    swap = true;
  else {
    std::fprintf(stderr, "pcap_read_loop: %s: not a classic pcap file (--mmap does not read pcapng)\n", path);
    std::exit(1);
  }
  size_t off = 24;
  while (off + 16 <= size) {
    uint32_t caplen = load32(base + off + 8, swap);
    uint32_t len = load32(base + off + 12, swap);
    if (off + 16 + caplen > size) {
      std::fprintf(stderr, "pcap_read_loop: truncated packet after %" PRIu64 " packets\n", t.packets);
      t.error = true;
      break;
    }
    const uint8_t* d = base + off + 16;
    ++t.packets;
    t.wire += len;
    t.captured += caplen;
    if (caplen > 0) t.first_byte_sum += d[0];
    off += 16 + caplen;
  }
  munmap(map, size);
  ::close(fd);
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  size_t stdio_buffer = 0;
  bool use_mmap = false;
  const char* path = nullptr;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--stdio-buffer" && i + 1 < argc)
      stdio_buffer = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--mmap")
      use_mmap = true;
    else if (path == nullptr && !a.empty() && a[0] != '-')
      path = argv[i];
    else
      path = nullptr, i = argc;
  }
  if (path == nullptr) {
    std::fprintf(stderr, "usage: netmeter_pcap_read_loop [--stdio-buffer BYTES | --mmap] FILE\n");
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  Totals t = use_mmap ? read_mmap(path) : read_libpcap(path, stdio_buffer);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("packets=%" PRIu64 " wire_bytes=%" PRIu64 " captured_bytes=%" PRIu64
              " seconds=%.3f check=%" PRIu64 "\n",
              t.packets, t.wire, t.captured, s, t.first_byte_sum);
  return t.error ? 1 : 0;
}
