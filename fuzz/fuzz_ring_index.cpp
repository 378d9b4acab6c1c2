// fuzz_ring_index: what the ring buffer reads back from disk after a crash or a damaged disk. The input is
// split in two: the first part is parsed as a segment index file (SegmentIndex::parse, which must refuse
// anything it did not write, whatever the sizes and counts say), the second is written to a temporary file
// and read as a segment (SegmentReader: records cut short or implausible stop it), then the index is
// rebuilt from that file as recovery does, serialized and parsed back (the round trip must hold).

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "fuzz_support.hpp"
#include "ringbuffer/pcap_file.hpp"
#include "ringbuffer/segment_index.hpp"

using namespace netmeter;

namespace {

std::string g_path;

void remove_temp_file() {
  if (!g_path.empty()) unlink(g_path.c_str());
}

const std::string& temp_path() {
  if (g_path.empty()) {
    const char* dir = std::getenv("TMPDIR");
    std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/netmeter-fuzz-ring-XXXXXX";
    int fd = mkstemp(pattern.data());
    if (fd < 0) std::abort();
    close(fd);
    g_path = pattern;
    std::atexit(remove_temp_file);
  }
  return g_path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  size_t split = std::min<size_t>(size - 2, (size_t{data[0]} << 8 | data[1]));
  std::string_view index_bytes(reinterpret_cast<const char*>(data) + 2, split);
  std::string_view segment_bytes(reinterpret_cast<const char*>(data) + 2 + split, size - 2 - split);

  if (auto index = ringbuffer::SegmentIndex::parse(index_bytes)) {
    std::string again = index->serialize();
    NETMETER_FUZZ_CHECK(ringbuffer::SegmentIndex::parse(again));
  }

  // A segment: our file header (so that the records are reached) then the fuzzer's bytes.
  {
    auto header = ringbuffer::file_header(1);
    std::ofstream out(temp_path(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(header.data()), header.size());
    out.write(segment_bytes.data(), static_cast<std::streamsize>(segment_bytes.size()));
  }
  ringbuffer::SegmentReader reader;
  std::string error;
  uint64_t packets = 0;
  if (reader.open(temp_path(), error)) {
    while (auto p = reader.next())
      ++packets;
    NETMETER_FUZZ_CHECK(reader.offset() <= reader.file_size());
  }
  auto rebuilt = ringbuffer::rebuild_index(temp_path(), core::LinkType::Ethernet);
  NETMETER_FUZZ_CHECK(rebuilt && rebuilt->packets == packets);
  auto back = ringbuffer::SegmentIndex::parse(rebuilt->serialize());
  NETMETER_FUZZ_CHECK(back && back->packets == packets && back->blocks.size() == rebuilt->blocks.size());
  return 0;
}
