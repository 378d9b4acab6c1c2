#pragma once

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "capture/packet_source.hpp"
#include "packet_builder.hpp"
#include "ringbuffer/extractor.hpp"
#include "ringbuffer/ring_recorder.hpp"

namespace netmeter::ringbuffer::test {

using netmeter::test::Frame;

/// A TCP frame between two hosts of 10.0.<net>.0/24 (ports client_port → 443), with a VLAN tag when `vlan`.
inline Frame tcp_frame(int client, int server, uint16_t client_port, uint16_t server_port, uint16_t vlan = 0,
                       size_t payload = 100) {
  using namespace netmeter::test;
  Ipv4 h;
  h.src = ip("10.0.0." + std::to_string(client));
  h.dst = ip("10.0.1." + std::to_string(server));
  Frame l3 = ipv4(h, tcp({.sport = client_port, .dport = server_port}, netmeter::test::payload(payload)));
  if (vlan) return ethernet(0x8100, vlan_tag(vlan, 0x0800, l3));
  return ethernet(0x0800, l3);
}

/// A temporary directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    static std::mt19937_64 rng(std::random_device{}());
    path_ = std::filesystem::temp_directory_path() / ("nm-ring-" + std::to_string(rng()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

inline RecorderConfig small_config(const std::string& dir) {
  RecorderConfig c;
  c.directory = dir;
  c.max_bytes = 64ull << 20;
  c.segment_bytes = 1 << 20;
  c.queue_bytes = 16 << 20;
  return c;
}

inline void offer(RingRecorder& r, const Frame& f, int64_t ts_ns) {
  capture::RawPacket p;
  p.ts.ns = ts_ns;
  p.caplen = p.wire_len = static_cast<uint32_t>(f.size());
  p.data = f.data();
  r.offer(p);
}

/// Every record of an extraction: (timestamp ns, frame bytes).
struct Record {
  int64_t ts_ns;
  Frame bytes;
  friend bool operator==(const Record&, const Record&) = default;
};

inline std::vector<Record> extract_all(const RingRecorder& r, ExtractRequest req,
                                       ExtractStats* stats = nullptr) {
  Extraction x(r, std::move(req));
  std::string file;
  char buf[7000];
  for (int guard = 0; guard < 1'000'000; ++guard) {
    size_t n = x.read(buf);
    file.append(buf, n);
    if (n == 0 && x.done()) break;
  }
  if (stats) *stats = x.stats();
  std::vector<Record> out;
  size_t pos = kFileHeaderBytes;
  while (pos + kRecordHeaderBytes <= file.size()) {
    uint32_t h[4];
    std::memcpy(h, file.data() + pos, sizeof h);
    pos += kRecordHeaderBytes;
    const auto* d = reinterpret_cast<const uint8_t*>(file.data() + pos);
    out.push_back({int64_t{h[0]} * 1'000'000'000 + h[1], Frame(d, d + h[2])});
    pos += h[2];
  }
  return out;
}

}  // namespace netmeter::ringbuffer::test
