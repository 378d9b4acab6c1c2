#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "api/services.hpp"
#include "api/stream_limit.hpp"
#include "http/response.hpp"

namespace netmeter::api {

/// A capture download: the packets of a PacketStream as a classic pcap file (nanosecond magic) until
/// the wall clock passes `end` or the slot's source ends. Memory is bounded by the stream's ring plus
/// one packet; a slow client makes the slot drop packets for this download, never makes it wait. It
/// never waits either: with nothing queued it arms the stream's notification, which wakes the server
/// when the slot's reader queues a packet. Holds its StreamLimit ticket until destroyed.
class PcapDownload final : public http::BodySource {
 public:
  using Clock = std::chrono::system_clock;
  PcapDownload(std::unique_ptr<PacketStream> stream, std::optional<Clock::time_point> end,
               std::optional<StreamLimit::Ticket> ticket = std::nullopt);

  Pull pull(std::span<char> buffer) override;
  void set_waker(http::Waker waker) override;

  /// How long a pending pull lets the server wait at most before it looks at the end time again.
  static constexpr std::chrono::milliseconds kLongestWait{1000};

 private:
  bool over() const;
  bool stage_next();
  size_t drain_staged(std::span<char> out);
  std::chrono::milliseconds retry() const;

  std::unique_ptr<PacketStream> stream_;
  std::optional<Clock::time_point> end_;
  std::optional<StreamLimit::Ticket> ticket_;
  std::vector<char> staged_;  ///< the pcap bytes of the record being written
  size_t staged_pos_ = 0;
  bool finished_ = false;
};

}  // namespace netmeter::api
