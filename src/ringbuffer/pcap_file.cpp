#include "ringbuffer/pcap_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace netmeter::ringbuffer {

namespace {

constexpr size_t kReadBuffer = 1 << 20;

template <class T>
void put(std::byte* out, T value) {
  std::memcpy(out, &value, sizeof value);
}

template <class T>
T get(const std::byte* in) {
  T v;
  std::memcpy(&v, in, sizeof v);
  return v;
}

}  // namespace

std::array<std::byte, kFileHeaderBytes> file_header(uint32_t linktype, uint32_t snaplen) {
  std::array<std::byte, kFileHeaderBytes> h{};
  put<uint32_t>(h.data(), kNanosecondMagic);
  put<uint16_t>(h.data() + 4, 2);
  put<uint16_t>(h.data() + 6, 4);
  put<uint32_t>(h.data() + 16, snaplen);
  put<uint32_t>(h.data() + 20, linktype);
  return h;
}

std::optional<uint32_t> parse_file_header(std::span<const std::byte> header) {
  if (header.size() < kFileHeaderBytes) return std::nullopt;
  if (get<uint32_t>(header.data()) != kNanosecondMagic) return std::nullopt;
  if (get<uint16_t>(header.data() + 4) != 2 || get<uint16_t>(header.data() + 6) != 4) return std::nullopt;
  uint32_t snaplen = get<uint32_t>(header.data() + 16);
  if (snaplen == 0 || snaplen > kMaxSnaplen) return std::nullopt;
  return get<uint32_t>(header.data() + 20);
}

void put_record_header(std::vector<std::byte>& out, int64_t ts_ns, uint32_t caplen, uint32_t wire_len) {
  std::byte h[kRecordHeaderBytes];
  int64_t ts = ts_ns < 0 ? 0 : ts_ns;
  put<uint32_t>(h, static_cast<uint32_t>(ts / 1'000'000'000));
  put<uint32_t>(h + 4, static_cast<uint32_t>(ts % 1'000'000'000));
  put<uint32_t>(h + 8, caplen);
  put<uint32_t>(h + 12, wire_len);
  out.insert(out.end(), h, h + kRecordHeaderBytes);
}

SegmentReader::~SegmentReader() {
  if (fd_ >= 0) ::close(fd_);
}

bool SegmentReader::open(const std::string& path, std::string& error) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    error = std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    error = std::strerror(errno);
    return false;
  }
  size_ = static_cast<uint64_t>(st.st_size);
  buf_.resize(kReadBuffer + kMaxSnaplen + kRecordHeaderBytes);
  offset_ = 0;
  if (!fill(kFileHeaderBytes)) {
    error = "shorter than a pcap header";
    return false;
  }
  auto link = parse_file_header({buf_.data(), kFileHeaderBytes});
  if (!link) {
    error = "not a nanosecond pcap segment";
    return false;
  }
  linktype_ = *link;
  offset_ = kFileHeaderBytes;
  return true;
}

void SegmentReader::seek(uint64_t offset) {
  offset_ = std::max<uint64_t>(offset, kFileHeaderBytes);
  damaged_ = false;
}

// Makes [offset_, offset_ + need) available in buf_; false when the file ends before.
bool SegmentReader::fill(size_t need) {
  if (offset_ >= buf_start_ && offset_ + need <= buf_start_ + buf_len_) return true;
  if (offset_ + need > size_) return false;
  uint64_t ahead = std::min(size_, std::max(limit_, offset_ + need)) - offset_;
  size_t want = std::max(need, static_cast<size_t>(std::min<uint64_t>(kReadBuffer, ahead)));
  want = std::min(want, buf_.size());
  size_t got = 0;
  while (got < want) {
    ssize_t n = ::pread(fd_, buf_.data() + got, want - got, static_cast<off_t>(offset_ + got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  buf_start_ = offset_;
  buf_len_ = got;
  return got >= need;
}

std::optional<SegmentReader::Packet> SegmentReader::next() {
  if (fd_ < 0 || damaged_ || offset_ >= size_) return std::nullopt;
  if (!fill(kRecordHeaderBytes)) {
    damaged_ = true;
    return std::nullopt;
  }
  const std::byte* h = buf_.data() + (offset_ - buf_start_);
  RecordHeader r{get<uint32_t>(h), get<uint32_t>(h + 4), get<uint32_t>(h + 8), get<uint32_t>(h + 12)};
  if (r.caplen > kMaxSnaplen || r.caplen > r.wire_len || r.nanoseconds >= 1'000'000'000) {
    damaged_ = true;
    return std::nullopt;
  }
  if (!fill(kRecordHeaderBytes + r.caplen)) {
    damaged_ = true;
    return std::nullopt;
  }
  const std::byte* d = buf_.data() + (offset_ - buf_start_) + kRecordHeaderBytes;
  Packet p{r, offset_, {d, r.caplen}};
  offset_ += kRecordHeaderBytes + r.caplen;
  return p;
}

}  // namespace netmeter::ringbuffer
