#include "stats/aggregator.hpp"

#include "core/thread_name.hpp"

namespace netmeter::stats {

Aggregator::Aggregator(const StatsConfig& config, unsigned workers)
    : channel_(workers, config.deltas_per_worker), store_(config), order_events_(workers > 1) {}

Aggregator::~Aggregator() {
  stop();
}

void Aggregator::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    core::set_thread_name("nm-stats");
    core::set_thread_nice(store_.config().thread_nice);
    run();
  });
}

void Aggregator::stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  channel_.wake();
  thread_.join();
  drain();
}

void Aggregator::run() {
  while (!stopping_.load()) {
    const int64_t settled = channel_.settled();  // before take(): see DeltaChannel::settled()
    auto batch = channel_.take(std::chrono::milliseconds(100));
    apply(batch, settled);
  }
}

void Aggregator::apply(std::vector<std::unique_ptr<ShardDelta>>& batch, int64_t settled) {
  std::lock_guard serial(apply_mutex_);
  // One delta per exclusive hold, so a reader waits for one delta at most, never for a whole backlog.
  for (auto& d : batch) {
    // Table growth is prepared beside the readers (it only reads the store); the old indexes it
    // replaces are freed after the lock is released.
    StatsStore::Growth growth = store_.prepare_growth(*d);
    StatsStore::Released released;  // storage the delta emptied, likewise freed after the lock
    {
      std::unique_lock lock(mutex_);
      store_.adopt_growth(growth);
      store_.apply(*d, order_events_ ? StatsStore::Events::Skip : StatsStore::Events::Apply);
      released = store_.take_released();
    }
    if (order_events_) {
      for (const ConnectionUpdate& u : d->connections)
        if (store_.names_server(u)) events_.hold_served_name(*d, u);
      events_.hold(*d);
    }
    ++applied_;
    let_readers_in();
    if (auto* o = observer_.load()) o->on_delta(*d);  // outside the lock: readers are not held up by it
  }
  for (auto& d : batch)
    channel_.recycle(std::move(d));  // cleared outside the lock
  apply_events(settled);
}

void Aggregator::apply_events(int64_t settled) {
  if (!order_events_) return;
  constexpr size_t kEventsPerHold = 4096;  // as for deltas: readers wait for a bounded piece of work
  for (;;) {
    std::vector<EventOrder::Held> ready = events_.release(settled, kEventsPerHold);
    if (ready.empty()) return;
    {
      std::unique_lock lock(mutex_);
      for (const EventOrder::Held& h : ready)
        apply_held(h);
    }
    ++applied_;
    let_readers_in();
  }
}

void Aggregator::apply_held(const EventOrder::Held& h) {
  if (h.served_name)
    store_.name_server(h.event.server, h.event.name_view());
  else
    store_.apply_event(h.event, h.second);
}

void Aggregator::let_readers_in() const {
  // A busy aggregator would otherwise take the lock again before a woken reader runs: readers waiting
  // now get their turn first (bounded, so that a stream of readers cannot stall the statistics).
  for (int i = 0; i < 2000 && waiting_readers_.load(std::memory_order_relaxed) > 0; ++i)
    std::this_thread::yield();
}

void Aggregator::drain() {
  auto batch = channel_.take(std::chrono::milliseconds(0));
  apply(batch, kAllSettled);
}

void Aggregator::reset() {
  std::lock_guard serial(apply_mutex_);
  // What was published before the reset belongs to the time before it: applied, then forgotten, rather
  // than counted afterwards.
  auto batch = channel_.take(std::chrono::milliseconds(0));
  for (auto& d : batch)
    if (order_events_) events_.hold(*d);
  std::vector<EventOrder::Held> held = events_.release(kAllSettled, std::numeric_limits<size_t>::max());
  {
    std::unique_lock lock(mutex_);
    for (auto& d : batch)
      store_.apply(*d, order_events_ ? StatsStore::Events::Skip : StatsStore::Events::Apply);
    for (const EventOrder::Held& h : held)
      apply_held(h);
    store_.reset();
  }
  if (auto* o = observer_.load())
    for (auto& d : batch)
      o->on_delta(*d);
  applied_ += batch.size() + 1;  // readers that keep answers by generation() must see a change
  for (auto& d : batch)
    channel_.recycle(std::move(d));
}

void Aggregator::finish() {
  drain();
  {
    std::unique_lock lock(mutex_);
    store_.mark_finished();
    ++applied_;
  }
  if (auto* o = observer_.load()) o->on_finish();
}

void Aggregator::release_buffers() {
  stop();
  drain();
  channel_.release_pools();
}

}  // namespace netmeter::stats
