// Read speed of a pcapng file: libpcap's reader (pcap_next_ex, 1 MiB stdio buffer as PcapSource uses)
// against netmeter's own block reader (capture::PcapngSource). Both touch the first byte of every packet.
// Prints MB/s and packets/s, best of --runs. See docs/adr/0002-pcapng-reader.md.
//
//   netmeter_pcapng_read_bench FILE.pcapng [RUNS]

#include <pcap/pcap.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "capture/pcapng_source.hpp"

namespace {

struct Result {
  uint64_t packets = 0;
  uint64_t bytes = 0;
  uint64_t checksum = 0;
  double seconds = 0;
};

Result read_libpcap(const std::string& path) {
  Result r;
  auto start = std::chrono::steady_clock::now();
  char err[PCAP_ERRBUF_SIZE];
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) std::exit(2);
  std::setvbuf(f, nullptr, _IOFBF, 1 << 20);
  pcap_t* p = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, err);
  if (p == nullptr) {
    std::fprintf(stderr, "libpcap: %s\n", err);
    std::exit(2);
  }
  pcap_pkthdr* h;
  const u_char* d;
  int rc;
  while ((rc = pcap_next_ex(p, &h, &d)) == 1) {
    ++r.packets;
    r.bytes += h->caplen;
    if (h->caplen) r.checksum += d[0];
  }
  if (rc != PCAP_ERROR_BREAK) std::fprintf(stderr, "libpcap stopped: %s\n", pcap_geterr(p));
  pcap_close(p);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

Result read_own(const std::string& path) {
  Result r;
  auto start = std::chrono::steady_clock::now();
  auto opened = netmeter::capture::PcapngSource::open(path);
  if (!opened.source) {
    std::fprintf(stderr, "pcapng: %s\n", opened.error.c_str());
    std::exit(2);
  }
  netmeter::capture::RawPacket pkt;
  netmeter::capture::ReadStatus st;
  while ((st = opened.source->next(pkt)) == netmeter::capture::ReadStatus::Packet) {
    ++r.packets;
    r.bytes += pkt.caplen;
    if (pkt.caplen) r.checksum += pkt.data[0];
  }
  if (st == netmeter::capture::ReadStatus::Error)
    std::fprintf(stderr, "pcapng stopped: %s\n", opened.source->error().c_str());
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

void print(const char* name, const Result& r, double file_mb) {
  std::printf("%-10s %10llu packets  %8.3f s  %8.1f MB/s  %6.2f Mpkt/s  (checksum %llu)\n", name,
              static_cast<unsigned long long>(r.packets), r.seconds, file_mb / r.seconds,
              static_cast<double>(r.packets) / r.seconds / 1e6, static_cast<unsigned long long>(r.checksum));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE.pcapng [RUNS]\n", argv[0]);
    return 2;
  }
  std::string path = argv[1];
  int runs = argc > 2 ? std::atoi(argv[2]) : 3;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return 2;
  std::fseek(f, 0, SEEK_END);
  double file_mb = static_cast<double>(std::ftell(f)) / 1e6;
  std::fclose(f);
  Result best_pcap, best_own;
  for (int i = 0; i < runs; ++i) {
    Result a = read_libpcap(path);
    Result b = read_own(path);
    if (i == 0 || a.seconds < best_pcap.seconds) best_pcap = a;
    if (i == 0 || b.seconds < best_own.seconds) best_own = b;
  }
  std::printf("%s: %.1f MB, best of %d\n", path.c_str(), file_mb, runs);
  print("libpcap", best_pcap, file_mb);
  print("own", best_own, file_mb);
  return best_pcap.packets == best_own.packets && best_pcap.checksum == best_own.checksum ? 0 : 1;
}
