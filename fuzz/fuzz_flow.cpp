// fuzz_flow: a sequence of frames through engine::Reader and one engine::Worker on the calling thread:
// decoding, fragment joining, the flow table (with eviction and idle expiry), TCP tracking and nDPI.
//
// Input: byte 0 selects the link type (low nibble, modulo the number of link types). Then records, up to
// kMaxFrames of them: a 2-byte little-endian length n, a timing byte, and n frame bytes (fewer when the
// input ends). Timing byte: low 7 bits c move the clock forward c*c milliseconds (c = 127 moves it back a
// second instead, as captures merged from several sources do); the high bit says the capture cut the
// frame short (it was 200 bytes longer on the wire).
//
// The worker, and the nDPI module inside it, live for the whole run; each input ends with
// Worker::finish(), which ends every flow, so flows never carry over from one input to the next.

#include <memory>

#include "engine/reader.hpp"
#include "engine/worker.hpp"
#include "fuzz_support.hpp"

using namespace netmeter;

namespace {

constexpr size_t kMaxFrames = 512;
constexpr int64_t kStart = 1767225600LL * core::kNanosPerSecond;  // 2026-01-01T00:00:00Z

engine::EngineConfig make_config() {
  engine::EngineConfig c;
  c.workers = 1;
  c.max_flows = 16;  // small, so that eviction runs
  c.flows.idle_timeout_ns = 2 * core::kNanosPerSecond;
  c.flows.closed_timeout_ns = 1 * core::kNanosPerSecond;
  c.flows.expire_idle = true;
  c.queue_bytes = 4u << 20;
  c.keep_finished_flows = true;
  return c;
}

engine::Worker& worker() {
  static engine::Worker* w = [] {
    engine::EngineConfig config = make_config();
    auto classifier = dpi::Classifier::create(config.dpi);
    NETMETER_FUZZ_CHECK(classifier.classifier != nullptr);
    return new engine::Worker(config, std::move(classifier.classifier));
  }();
  return *w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  engine::Worker& w = worker();
  static uint64_t created_before = 0;

  engine::Reader reader(fuzz::link_type_from_byte(data[0]), {&w}, /*drop_when_full=*/true);
  size_t pos = 1;
  int64_t now = kStart;
  uint64_t frames = 0;
  while (pos + 3 <= size && frames < kMaxFrames) {
    size_t len = data[pos] | (size_t{data[pos + 1]} << 8);
    uint8_t timing = data[pos + 2];
    pos += 3;
    if (len > size - pos) len = size - pos;
    uint8_t step = timing & 0x7F;
    now += step == 0x7F ? -core::kNanosPerSecond : int64_t{step} * step * 1'000'000;

    capture::RawPacket raw;
    raw.ts = core::Timestamp{now};
    raw.caplen = static_cast<uint32_t>(len);
    raw.wire_len = raw.caplen + ((timing & 0x80) ? 200 : 0);
    raw.data = data + pos;
    reader.dispatch(raw);
    reader.send_end();
    w.run();  // handles what the reader queued, up to the end marker
    pos += len;
    ++frames;
  }
  NETMETER_FUZZ_CHECK(reader.queue_drops() == 0);
  reader.send_end();
  w.run();  // takes the end marker and returns

  engine::Results results = w.finish();
  uint64_t ip_packets = results.traffic.ipv4.packets + results.traffic.ipv6.packets;
  NETMETER_FUZZ_CHECK(results.traffic.total.packets == frames);
  NETMETER_FUZZ_CHECK(results.flows.size() == results.table.created - created_before);
  created_before = results.table.created;
  uint64_t flow_packets = 0;
  for (const flow::Flow& f : results.flows) {
    flow_packets += f.packets();
    NETMETER_FUZZ_CHECK(f.dpi_state == nullptr);
    NETMETER_FUZZ_CHECK(f.app.status != flow::DpiStatus::Pending);
    NETMETER_FUZZ_CHECK(f.packets() > 0);
  }
  NETMETER_FUZZ_CHECK(flow_packets == ip_packets);  // every IP packet counted in exactly one flow
  return 0;
}
