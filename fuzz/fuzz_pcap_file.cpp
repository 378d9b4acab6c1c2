// fuzz_pcap_file: the input is a capture file. It is written to a temporary file and read the way
// `netmeter analyze FILE` reads one: capture::PcapSource::open_file (libpcap's pcap and pcapng parsers),
// engine::Engine with one worker thread and nDPI, then both report formats.
//
// The engine (and its nDPI module) is created once and reused: Engine::finish() ends every flow after
// each input, so flows never carry over from one input to the next; the statistics thread it stops is
// started again for the next input (the statistics accumulate over the inputs).

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <ostream>
#include <string>

#include "capture/pcap_source.hpp"
#include "engine/engine.hpp"
#include "fuzz_support.hpp"
#include "report/json_report.hpp"
#include "report/text_report.hpp"

using namespace netmeter;

namespace {

class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c == traits_type::eof() ? 0 : c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

engine::Engine& the_engine() {
  static engine::Engine* e = [] {
    engine::EngineConfig config;
    config.workers = 1;
    config.max_flows = 64;  // small, so that eviction runs
    config.queue_bytes = 4u << 20;
    config.flows.expire_idle = false;  // as `netmeter analyze FILE` runs
    config.keep_finished_flows = true;
    auto created = engine::Engine::create(config);
    NETMETER_FUZZ_CHECK(created.engine != nullptr);
    return created.engine.release();
  }();
  return *e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = fuzz::temp_file_path();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    NETMETER_FUZZ_CHECK(out.good());
  }
  auto opened = capture::PcapSource::open_file(path);
  if (!opened.source) return 0;

  engine::Engine& engine = the_engine();
  // finish() stops the statistics thread (a file's analysis is over); the next input needs it again, or
  // its workers wait forever for the deltas nobody takes back.
  if (auto* stats = engine.mutable_stats()) stats->start();
  engine::RunSummary summary = engine.run(*opened.source);
  engine::Results results = engine.finish();
  NETMETER_FUZZ_CHECK(results.traffic.total.packets == summary.packets);
  auto report = report::build_report(std::move(results), engine.names(), path, engine.worker_count());
  NullBuffer sink;
  std::ostream null_out(&sink);
  report::write_json(null_out, report, engine.names());
  report::write_text(null_out, report, engine.names(), 10);
  return 0;
}
