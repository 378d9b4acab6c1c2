#include "notify/dispatcher.hpp"

#include "notify/alert_message.hpp"

namespace netmeter::notify {

namespace {

void add(EndpointCounters& total, const EndpointCounters& c) {
  total.sent += c.sent;
  total.failed += c.failed;
  total.dropped += c.dropped;
}

}  // namespace

Dispatcher::~Dispatcher() {
  std::map<int64_t, std::unique_ptr<EndpointWorker>> workers;
  {
    std::lock_guard lock(mutex_);
    workers.swap(workers_);
  }
}

void Dispatcher::store(const alerts::Alert& alert) {
  const int category = alert_category(alert);
  std::lock_guard lock(mutex_);
  for (const auto& r : recipients_) {
    if (!r.wants(alert, category)) continue;
    auto worker = workers_.find(r.endpoint_id);
    if (worker != workers_.end()) worker->second->enqueue({alert, r.id, r.params});
  }
}

void Dispatcher::configure(const std::vector<EndpointConfig>& endpoints,
                           const std::vector<RecipientConfig>& recipients) {
  std::map<int64_t, std::unique_ptr<EndpointWorker>> fresh;
  for (const auto& e : endpoints)
    if (auto sender = make_sender(e, options_.retry.timeout))
      fresh.emplace(
          e.id, std::make_unique<EndpointWorker>(std::move(sender), options_.queue_capacity, options_.retry));
  std::map<int64_t, std::unique_ptr<EndpointWorker>> old;
  {
    std::lock_guard lock(mutex_);
    old.swap(workers_);
    workers_ = std::move(fresh);
    recipients_ = recipients;
  }
  // The old workers stop outside the lock (an attempt in progress ends by its deadline); their final
  // counts then join the endpoint's history.
  for (auto& [id, worker] : old)
    worker->stop();
  std::lock_guard lock(mutex_);
  for (const auto& [id, worker] : old)
    add(past_[id], worker->counters());
}

EndpointCounters Dispatcher::counters(int64_t endpoint_id) const {
  std::lock_guard lock(mutex_);
  EndpointCounters total;
  if (auto p = past_.find(endpoint_id); p != past_.end()) total = p->second;
  if (auto w = workers_.find(endpoint_id); w != workers_.end()) {
    auto now = w->second->counters();
    add(total, now);
    total.queued = now.queued;
  }
  return total;
}

}  // namespace netmeter::notify
