#include "capture/classic_pcap_reader.hpp"

#include <pcap/pcap.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "capture/pcap_record.hpp"

namespace netmeter::capture {

namespace {

constexpr uint32_t kMicroMagic = 0xa1b2c3d4;
constexpr uint32_t kNanoMagic = 0xa1b23c4d;
constexpr size_t kRecordHeaderBytes = 16;
constexpr size_t kReadBytes = 1 << 20;  // per pread: ~2000 system calls per 2 GB

uint32_t load(const uint8_t* p, bool swapped) {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return swapped ? __builtin_bswap32(v) : v;
}

}  // namespace

std::optional<ClassicPcapReader::Format> ClassicPcapReader::parse_header(std::span<const uint8_t> header) {
  if (header.size() < kFileHeaderBytes) return std::nullopt;
  Format f;
  const uint32_t magic = load(header.data(), false);
  if (magic == kMicroMagic || magic == kNanoMagic) {
    f.swapped = false;
  } else if (__builtin_bswap32(magic) == kMicroMagic || __builtin_bswap32(magic) == kNanoMagic) {
    f.swapped = true;
  } else {
    return std::nullopt;
  }
  f.nanoseconds = load(header.data(), f.swapped) == kNanoMagic;
  uint16_t version[2];
  std::memcpy(version, header.data() + 4, sizeof version);
  if (f.swapped) {
    version[0] = __builtin_bswap16(version[0]);
    version[1] = __builtin_bswap16(version[1]);
  }
  if (version[0] != 2 || version[1] != 4) return std::nullopt;
  // libpcap takes an absent or insane snapshot length as the largest it accepts.
  const uint32_t snaplen = load(header.data() + 16, f.swapped);
  f.snapshot = snaplen == 0 || snaplen > kMaxCaplen ? kMaxCaplen : snaplen;
  return f;
}

ClassicPcapReader::ClassicPcapReader(int fd, Format format, uint64_t offset)
    : fd_(fd), format_(format), buf_(kReadBytes + kRecordHeaderBytes + kMaxCaplen), file_pos_(offset) {}

uint32_t ClassicPcapReader::field(const uint8_t* p) const {
  return load(p, format_.swapped);
}

size_t ClassicPcapReader::fill(size_t need) {
  if (len_ - start_ >= need) return need;
  // Keep the unread tail (less than one record) and read behind it.
  std::memmove(buf_.data(), buf_.data() + start_, len_ - start_);
  len_ -= start_;
  start_ = 0;
  while (len_ < need) {
    const ssize_t n = pread(fd_, buf_.data() + len_, buf_.size() - len_, static_cast<off_t>(file_pos_));
    if (n < 0) {
      if (errno == EINTR) continue;
      error_ = std::string("error reading dump file: ") + std::strerror(errno);
      break;
    }
    if (n == 0) break;
    len_ += static_cast<size_t>(n);
    file_pos_ += static_cast<uint64_t>(n);
  }
  return std::min(need, len_);
}

ReadStatus ClassicPcapReader::next(RawPacket& out) {
  const size_t got_header = fill(kRecordHeaderBytes);
  if (!error_.empty()) return ReadStatus::Error;
  if (got_header == 0) return ReadStatus::End;
  if (got_header < kRecordHeaderBytes) {
    error_ = "truncated dump file; tried to read 16 header bytes, only got " + std::to_string(got_header);
    return ReadStatus::Error;
  }
  const uint8_t* h = buf_.data() + start_;
  pcap_pkthdr header{};
  // As libpcap 1.10 reads the two timestamp fields: signed 32-bit numbers in the host's byte order,
  // unsigned ones once byte-swapped (its swap yields an unsigned number); microseconds scaled to ns.
  if (format_.swapped) {
    header.ts.tv_sec = field(h);
    header.ts.tv_usec = field(h + 4);
  } else {
    header.ts.tv_sec = static_cast<int32_t>(field(h));
    header.ts.tv_usec = static_cast<int32_t>(field(h + 4));
  }
  if (!format_.nanoseconds) header.ts.tv_usec *= 1000;
  header.caplen = field(h + 8);
  header.len = field(h + 12);
  if (header.caplen > kMaxCaplen) {
    error_ =
        "invalid packet capture length " + std::to_string(header.caplen) +
        (header.caplen > format_.snapshot ? ", bigger than snaplen of " + std::to_string(format_.snapshot)
                                          : ", bigger than maximum of " + std::to_string(kMaxCaplen));
    return ReadStatus::Error;
  }
  const size_t record = kRecordHeaderBytes + header.caplen;
  const size_t got = fill(record);
  if (!error_.empty()) return ReadStatus::Error;
  if (got < record) {
    error_ = "truncated dump file; tried to read " + std::to_string(header.caplen) +
             " captured bytes, only got " + std::to_string(got - kRecordHeaderBytes);
    return ReadStatus::Error;
  }
  const uint8_t* data = buf_.data() + start_ + kRecordHeaderBytes;
  start_ += record;
  // A record longer than the file's snapshot length is cut to it (the rest is skipped), as libpcap does.
  if (header.caplen > format_.snapshot) header.caplen = format_.snapshot;
  to_raw_packet(header, data, out);
  return ReadStatus::Packet;
}

}  // namespace netmeter::capture
