// fuzz_ring_index: what the ring buffer reads back from disk after a crash or a damaged disk. The input is
// split in two (the first two bytes give the first part's length): the first part is parsed as a segment
// index file (SegmentIndex::parse, which must refuse anything it did not write, whatever the sizes and
// counts say; also with a valid checksum appended, and what it accepts must round-trip), the second is
// written to a temporary file and read as a segment (SegmentReader: records cut short or implausible stop
// it), then the index is rebuilt from that file as recovery does, serialized and parsed back (the round trip
// must hold).

#include <unistd.h>
#include <zlib.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "fuzz_support.hpp"
#include "ringbuffer/pcap_file.hpp"
#include "ringbuffer/segment_index.hpp"

using namespace netmeter;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  size_t split = std::min<size_t>(size - 2, (size_t{data[0]} << 8 | data[1]));
  std::string_view index_bytes(reinterpret_cast<const char*>(data) + 2, split);
  std::string_view segment_bytes(reinterpret_cast<const char*>(data) + 2 + split, size - 2 - split);

  // As found on disk, and with a correct checksum appended, so that the structure behind the checksum is
  // reached too (counts, sizes and strings that lie).
  std::string with_crc(index_bytes);
  uint32_t crc =
      static_cast<uint32_t>(crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(index_bytes.data()),
                                  static_cast<uInt>(index_bytes.size())));
  with_crc.append(reinterpret_cast<const char*>(&crc), sizeof crc);
  for (std::string_view bytes : {index_bytes, std::string_view(with_crc)}) {
    if (auto index = ringbuffer::SegmentIndex::parse(bytes)) {
      std::string again = index->serialize();
      auto back = ringbuffer::SegmentIndex::parse(again);
      NETMETER_FUZZ_CHECK(back && back->serialize() == again);
    }
  }

  // A segment: our file header (so that the records are reached) then the fuzzer's bytes.
  {
    auto header = ringbuffer::file_header(1);
    std::ofstream out(fuzz::temp_file_path(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(header.data()), header.size());
    out.write(segment_bytes.data(), static_cast<std::streamsize>(segment_bytes.size()));
  }
  ringbuffer::SegmentReader reader;
  std::string error;
  uint64_t packets = 0;
  if (reader.open(fuzz::temp_file_path(), error)) {
    while (auto p = reader.next())
      ++packets;
    NETMETER_FUZZ_CHECK(reader.offset() <= reader.file_size());
  }
  auto rebuilt = ringbuffer::rebuild_index(fuzz::temp_file_path(), core::LinkType::Ethernet);
  NETMETER_FUZZ_CHECK(rebuilt && rebuilt->packets == packets);
  auto back = ringbuffer::SegmentIndex::parse(rebuilt->serialize());
  NETMETER_FUZZ_CHECK(back && back->packets == packets && back->blocks.size() == rebuilt->blocks.size());
  return 0;
}
