// fuzz_pcapng_reader: arbitrary bytes as a pcapng file through netmeter's own block reader
// (capture::PcapngReader), read from memory to the end or the first error. Every packet's bytes are
// touched (ASan catches a read past its block) and its timestamp stays in the clamped range.

#include <cstdint>
#include <cstdio>

#include "capture/pcap_record.hpp"
#include "capture/pcapng_reader.hpp"
#include "fuzz_support.hpp"

using namespace netmeter;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::FILE* f = fmemopen(const_cast<uint8_t*>(data), size, "rb");
  NETMETER_FUZZ_CHECK(f != nullptr);
  capture::PcapngReader reader(f);
  capture::PcapngPacket p;
  uint64_t sum = 0;
  while (reader.next(p) == capture::PcapngReader::Status::Packet) {
    NETMETER_FUZZ_CHECK(p.caplen <= size);
    NETMETER_FUZZ_CHECK(p.interface < reader.interfaces().size());
    NETMETER_FUZZ_CHECK(p.ts_ns >= 0 && p.ts_ns <= capture::kMaxPacketSeconds * core::kNanosPerSecond);
    for (uint32_t i = 0; i < p.caplen; ++i)
      sum += p.data[i];
  }
  std::fclose(f);
  return sum == 1 ? 0 : 0;  // keeps the loop
}
