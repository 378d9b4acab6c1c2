#include "capture/growing_file_source.hpp"

#include <pcap/pcap.h>

#include <algorithm>
#include <cerrno>

#include "capture/pcap_record.hpp"

namespace netmeter::capture {

namespace {
constexpr size_t kStreamBufferBytes = 1 << 20;
constexpr auto kMaxWait = std::chrono::milliseconds(500);   // re-checks stop() at least this often
constexpr auto kIdlePoll = std::chrono::milliseconds(100);  // next() waits this long, then says Timeout
}  // namespace

GrowingFileSource::GrowingFileSource(std::shared_ptr<core::GrowingFile> file, GrowingFileOptions options)
    : file_(std::move(file)), options_(std::move(options)) {}

GrowingFileSource::~GrowingFileSource() {
  if (handle_) pcap_close(handle_);  // closes the stream too
}

ssize_t GrowingFileSource::read_cookie(void* cookie, char* buffer, size_t size) {
  return static_cast<GrowingFileSource*>(cookie)->read_more(buffer, size);
}

int GrowingFileSource::close_cookie(void*) {
  return 0;  // the source owns everything the stream reads from
}

void GrowingFileSource::advance(uint64_t offset) {
  offset_.store(offset, std::memory_order_relaxed);
  if (options_.bytes_read) options_.bytes_read->store(offset, std::memory_order_relaxed);
  last_byte_ = std::chrono::steady_clock::now();
}

namespace {
constexpr uint32_t kPcapngSectionHeader = 0x0A0D0D0A;

uint32_t u32_at(const unsigned char* p, bool big_endian) {
  if (big_endian) return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
  return (uint32_t{p[3]} << 24) | (uint32_t{p[2]} << 16) | (uint32_t{p[1]} << 8) | p[0];
}
}  // namespace

uint64_t GrowingFileSource::record_bytes(const unsigned char* head) {
  if (!pcapng_) return 16 + uint64_t{u32_at(head + 8, big_endian_)};               // header + captured length
  if (u32_at(head, false) == kPcapngSectionHeader) big_endian_ = head[8] == 0x1A;  // a new section's order
  return u32_at(head + 4, big_endian_);
}

bool GrowingFileSource::starved() {
  // glibc's FILE shows what its buffer holds: libpcap keeps no partial record between two calls, so the
  // next record starts where the buffered bytes start.
  FILE* stream = pcap_file(handle_);
  if (stream == nullptr) return false;
  const size_t head_bytes = pcapng_ ? 12 : 16;  // pcapng: type, length, and a section's byte-order magic
  uint64_t buffered = static_cast<uint64_t>(stream->_IO_read_end - stream->_IO_read_ptr);
  if (buffered >= head_bytes &&
      buffered >= record_bytes(reinterpret_cast<const unsigned char*>(stream->_IO_read_ptr)))
    return false;  // the common case: no lock, no system call
  auto snap = file_->snapshot();
  if (snap.state != core::GrowingFile::State::growing) return false;
  uint64_t offset = offset_.load();
  if (buffered > offset) return false;
  uint64_t pos = offset - buffered;
  unsigned char head[16];
  if (snap.bytes - pos < head_bytes) return true;
  if (file_->read_at(pos, reinterpret_cast<char*>(head), head_bytes) != static_cast<long>(head_bytes))
    return true;
  return snap.bytes - pos < record_bytes(head);
}

ssize_t GrowingFileSource::read_more(char* buffer, size_t size) {
  using Clock = std::chrono::steady_clock;
  auto last_byte = last_byte_;
  uint64_t offset = offset_.load(std::memory_order_relaxed);
  for (;;) {
    if (stopped_.load()) {
      stream_error_ = "stopped";
      errno = ECANCELED;
      return -1;
    }
    long got = file_->read_at(offset, buffer, size);
    if (got < 0) {
      stream_error_ = "cannot read the uploaded file";
      return -1;
    }
    if (got > 0) {
      advance(offset + static_cast<uint64_t>(got));
      return got;
    }
    auto snap = file_->snapshot();
    if (snap.bytes > offset) continue;  // bytes came between the read and the look
    if (snap.state == core::GrowingFile::State::complete) return 0;
    if (snap.state == core::GrowingFile::State::aborted) {
      stream_error_ = "upload aborted: " + file_->abort_reason();
      errno = ECONNABORTED;
      return -1;
    }
    auto waited = Clock::now() - last_byte;
    if (waited >= options_.idle_timeout) {
      stream_error_ = "no data received for " + std::to_string(options_.idle_timeout.count()) + " ms";
      errno = ETIMEDOUT;
      return -1;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(options_.idle_timeout - waited);
    file_->wait_beyond(offset, std::min(left + std::chrono::milliseconds(1), kMaxWait));
  }
}

std::string GrowingFileSource::failure(const std::string& pcap_message) const {
  return stream_error_.empty() ? pcap_message : stream_error_;
}

std::string GrowingFileSource::open() {
  last_byte_ = std::chrono::steady_clock::now();
  cookie_io_functions_t io{};
  io.read = &GrowingFileSource::read_cookie;
  io.close = &GrowingFileSource::close_cookie;
  FILE* stream = fopencookie(this, "r", io);
  if (stream == nullptr) return error_ = "cannot create a stream over the upload";
  std::setvbuf(stream, nullptr, _IOFBF, kStreamBufferBytes);
  char err[PCAP_ERRBUF_SIZE] = {};
  handle_ = pcap_fopen_offline_with_tstamp_precision(stream, PCAP_TSTAMP_PRECISION_NANO, err);
  if (handle_ == nullptr) {
    std::fclose(stream);
    return error_ = failure(std::string("not an analysable capture: ") + err);
  }
  unsigned char magic[12] = {};
  file_->read_at(0, reinterpret_cast<char*>(magic), sizeof magic);  // libpcap has read these already
  pcapng_ = u32_at(magic, false) == kPcapngSectionHeader;
  big_endian_ = pcapng_ ? magic[8] == 0x1A : magic[0] == 0xA1;
  int dlt = pcap_datalink(handle_);
  auto link = core::link_type_from_dlt(dlt);
  if (!link) return error_ = "unsupported link type " + std::to_string(dlt);
  link_ = *link;
  return {};
}

ReadStatus GrowingFileSource::next(RawPacket& pkt) {
  if (stopped_.load(std::memory_order_relaxed) || handle_ == nullptr) return ReadStatus::End;
  if (starved()) {
    file_->wait_beyond(offset_.load(), kIdlePoll);
    if (starved()) {
      if (std::chrono::steady_clock::now() - last_byte_ < options_.idle_timeout) return ReadStatus::Timeout;
      error_ = "no data received for " + std::to_string(options_.idle_timeout.count()) + " ms";
      return ReadStatus::Error;
    }
  }
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int rc = pcap_next_ex(handle_, &header, &data);
  if (rc == 1) {
    to_raw_packet(*header, data, pkt);
    ++counted_.packets;
    counted_.bytes += header->len;
    return ReadStatus::Packet;
  }
  if (rc == PCAP_ERROR_BREAK || stopped_.load()) return ReadStatus::End;  // PCAP_ERROR_BREAK: end of file
  error_ = failure(pcap_geterr(handle_));
  return ReadStatus::Error;
}

std::optional<Progress> GrowingFileSource::progress() const {
  uint64_t total = options_.expected_bytes;
  auto snap = file_->snapshot();
  if (snap.state == core::GrowingFile::State::complete || total == 0) total = std::max(total, snap.bytes);
  if (snap.state == core::GrowingFile::State::complete) total = snap.bytes;
  return Progress{offset_.load(std::memory_order_relaxed), total};
}

void GrowingFileSource::stop() {
  stopped_.store(true);
  file_->wake();
  // Not pcap_breakloop: next() uses pcap_next_ex, and the stream's read sees the flag itself.
}

}  // namespace netmeter::capture
