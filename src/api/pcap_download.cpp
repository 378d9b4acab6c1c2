#include "api/pcap_download.hpp"

#include <algorithm>
#include <cstring>

namespace netmeter::api {

namespace {

constexpr uint32_t kNanosecondMagic = 0xa1b23c4d;
constexpr uint32_t kSnaplen = 262144;

template <class T>
void append(std::vector<char>& out, T value) {
  const char* p = reinterpret_cast<const char*>(&value);
  out.insert(out.end(), p, p + sizeof value);
}

}  // namespace

PcapDownload::PcapDownload(std::unique_ptr<PacketStream> stream, std::optional<Clock::time_point> end,
                           std::optional<StreamLimit::Ticket> ticket)
    : stream_(std::move(stream)), end_(end), ticket_(std::move(ticket)) {
  staged_.reserve(kSnaplen + 16);
  // Classic pcap global header in host byte order, as libpcap writes it.
  append<uint32_t>(staged_, kNanosecondMagic);
  append<uint16_t>(staged_, 2);
  append<uint16_t>(staged_, 4);
  append<int32_t>(staged_, 0);
  append<uint32_t>(staged_, 0);
  append<uint32_t>(staged_, kSnaplen);
  append<uint32_t>(staged_, stream_->pcap_link_type());
}

void PcapDownload::set_waker(http::Waker waker) {
  stream_->set_notify([waker = std::move(waker)] { waker.wake(); });
}

bool PcapDownload::over() const {
  return end_ && Clock::now() >= *end_;
}

std::chrono::milliseconds PcapDownload::retry() const {
  if (!end_) return kLongestWait;
  auto left = std::chrono::ceil<std::chrono::milliseconds>(*end_ - Clock::now());
  return std::clamp(left, std::chrono::milliseconds(1), kLongestWait);
}

bool PcapDownload::stage_next() {
  auto packet = stream_->next();
  if (!packet) return false;
  staged_.clear();
  staged_pos_ = 0;
  int64_t ts = packet->ts_ns;
  append<uint32_t>(staged_, static_cast<uint32_t>(ts / 1'000'000'000));
  append<uint32_t>(staged_, static_cast<uint32_t>(ts % 1'000'000'000));
  append<uint32_t>(staged_, packet->caplen);
  append<uint32_t>(staged_, packet->wire_len);
  const char* bytes = reinterpret_cast<const char*>(packet->data.data());
  staged_.insert(staged_.end(), bytes, bytes + packet->data.size());
  stream_->pop();
  return true;
}

size_t PcapDownload::drain_staged(std::span<char> out) {
  size_t take = std::min(out.size(), staged_.size() - staged_pos_);
  std::memcpy(out.data(), staged_.data() + staged_pos_, take);
  staged_pos_ += take;
  return take;
}

http::BodySource::Pull PcapDownload::pull(std::span<char> buffer) {
  size_t n = 0;
  for (;;) {
    n += drain_staged(buffer.subspan(n));
    if (n == buffer.size()) return Pull::data(n);
    if (finished_ || over()) {
      finished_ = true;
      return n > 0 ? Pull::data(n) : Pull::end();
    }
    bool ended = stream_->ended();  // before the look: a packet queued just before the end is not lost
    if (stage_next()) continue;
    if (n > 0) return Pull::data(n);
    if (ended) {
      finished_ = true;
      return Pull::end();
    }
    if (stream_->arm_notify()) return Pull::pending(retry());
  }
}

}  // namespace netmeter::api
