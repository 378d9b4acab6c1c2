#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "api/services.hpp"
#include "http/response.hpp"

namespace netmeter::api {

/// A capture download: the packets of a PacketStream as a classic pcap file (nanosecond magic) until
/// the wall clock passes `end` or the slot's source ends. Memory is bounded by the stream's ring plus
/// one packet; a slow client makes the slot drop packets for this download, never makes it wait.
class PcapDownload final : public http::BodySource {
 public:
  using Clock = std::chrono::system_clock;
  PcapDownload(std::unique_ptr<PacketStream> stream, std::optional<Clock::time_point> end);

  size_t read(std::span<char> buffer) override;

  /// Longest a read() waits for the first packet of a piece before it checks the end conditions again.
  static constexpr std::chrono::milliseconds kPoll{50};
  /// Longest a read() that already has bytes waits for more to fill its buffer.
  static constexpr std::chrono::milliseconds kBatch{10};

 private:
  bool over() const;
  bool stage_next(std::chrono::milliseconds wait);

  std::unique_ptr<PacketStream> stream_;
  std::optional<Clock::time_point> end_;
  std::vector<char> staged_;  ///< the pcap bytes of the record being written
  size_t staged_pos_ = 0;
  bool finished_ = false;
};

}  // namespace netmeter::api
