#include "stats/event_order.hpp"

#include <algorithm>
#include <iterator>
#include <limits>

namespace netmeter::stats {

void EventOrder::hold(const ShardDelta& d) {
  if (d.events.empty()) return;
  held_.reserve(held_.size() + d.events.size());
  for (const L7Event& e : d.events)
    held_.push_back({d.order_second, d.worker, d.second, e});
  sorted_ = false;
}

void EventOrder::hold_served_name(const ShardDelta& d, const ConnectionUpdate& u) {
  Held h{d.order_second, d.worker, d.second, {}, true};
  h.event.ts_ns = u.first_seen().ns;
  h.event.server = u.server_host();
  h.event.set_name({u.server_name, u.server_name_len});
  held_.push_back(h);
  sorted_ = false;
}

void EventOrder::sort() {
  if (sorted_) return;
  // Stable: equal keys keep their arrival order, which within one worker is its publishing order.
  std::stable_sort(held_.begin(), held_.end(), [](const Held& a, const Held& b) {
    if (a.order_second != b.order_second) return a.order_second < b.order_second;
    if (a.event.ts_ns != b.event.ts_ns) return a.event.ts_ns < b.event.ts_ns;
    return a.worker < b.worker;
  });
  sorted_ = true;
}

std::vector<EventOrder::Held> EventOrder::release(int64_t settled, size_t max) {
  sort();
  auto settled_end = std::partition_point(held_.begin(), held_.end(),
                                          [&](const Held& h) { return h.order_second < settled; });
  size_t n = static_cast<size_t>(settled_end - held_.begin());
  // Too many held: release whole order seconds, oldest first, until the rest fits.
  while (held_.size() - n > kMaxHeld) {
    const int64_t oldest = held_[n].order_second;
    while (n < held_.size() && held_[n].order_second == oldest)
      ++n;
  }
  return take_first(std::min(n, max));
}

std::vector<EventOrder::Held> EventOrder::take_first(size_t n) {
  std::vector<Held> out;
  if (n == 0) return out;
  if (n == held_.size()) {
    out.swap(held_);
    return out;
  }
  out.assign(std::make_move_iterator(held_.begin()), std::make_move_iterator(held_.begin() + n));
  held_.erase(held_.begin(), held_.begin() + n);
  return out;
}

}  // namespace netmeter::stats
