#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "stats/l7_events.hpp"
#include "stats/shard_delta.hpp"

namespace netmeter::stats {

/// Puts the L7 events of several workers into one order before they are applied.
///
/// Events are the one part of a delta whose effect depends on order: the first name a host serves,
/// the order of a server's HTTP host names, a DHCP lease's first sighting, which pending DNS query a
/// full table evicts. Applied as the deltas arrive, two analyses of one capture with several workers
/// differed there. Held here, they are applied sorted by (order second, packet time, worker), which
/// does not depend on thread timing: an event is released only once every worker has said it will
/// publish nothing more with a smaller order second (DeltaChannel::settled()).
class EventOrder {
 public:
  /// Beyond this many held events the oldest order second is released even if not settled, so a worker
  /// that never reports progress costs bounded memory (and only then may order depend on timing).
  static constexpr size_t kMaxHeld = 65536;

  struct Held {
    int64_t order_second;
    unsigned worker;
    int64_t second;  ///< the delta's second, which the store counts the event in
    /// An L7 event, or (served_name) a connection's server name for its server host: event.server, the
    /// name, and as time the connection's first packet are set.
    L7Event event;
    bool served_name = false;
  };

  /// Keeps copies of `d`'s events.
  void hold(const ShardDelta& d);
  /// Keeps the server name `u` of `d` gives its server host.
  void hold_served_name(const ShardDelta& d, const ConnectionUpdate& u);
  /// The held events whose order second is before `settled`, plus the oldest ones beyond kMaxHeld, in
  /// order; they are no longer held. `max` bounds how many one call returns (the rest stay first).
  std::vector<Held> release(int64_t settled, size_t max);
  size_t held() const { return held_.size(); }

 private:
  std::vector<Held> take_first(size_t n);
  void sort();

  std::vector<Held> held_;
  bool sorted_ = true;
};

}  // namespace netmeter::stats
