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

PcapDownload::PcapDownload(std::unique_ptr<PacketStream> stream, std::optional<Clock::time_point> end)
    : stream_(std::move(stream)), end_(end) {
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

bool PcapDownload::over() const {
  return end_ && Clock::now() >= *end_;
}

bool PcapDownload::stage_next(std::chrono::milliseconds wait) {
  auto packet = stream_->next(wait);
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

size_t PcapDownload::read(std::span<char> buffer) {
  const auto started = std::chrono::steady_clock::now();
  size_t n = 0;
  while (n < buffer.size() && !finished_) {
    if (staged_pos_ < staged_.size()) {
      size_t take = std::min(buffer.size() - n, staged_.size() - staged_pos_);
      std::memcpy(buffer.data() + n, staged_.data() + staged_pos_, take);
      staged_pos_ += take;
      n += take;
      continue;
    }
    if (over()) {
      finished_ = true;
      break;
    }
    if (stage_next(std::chrono::milliseconds(0))) continue;
    if (n > 0) {
      // Gather a few milliseconds' worth before sending: one TLS record and HTTP chunk per packet
      // would cost both sides far more than the packets themselves.
      if (n >= buffer.size() / 2 || stream_->ended() || std::chrono::steady_clock::now() - started >= kBatch)
        break;
      stage_next(std::chrono::milliseconds(1));
      continue;
    }
    // Nothing queued and nothing to send: wait for the slot (the server wants bytes or the end).
    bool ended = stream_->ended();
    if (stage_next(kPoll)) continue;
    if (ended) finished_ = true;  // ended before the last look: nothing can be left behind
  }
  return n;
}

}  // namespace netmeter::api
