#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "alerts/alert_sink.hpp"
#include "notify/endpoint_worker.hpp"
#include "notify/notify_config.hpp"

namespace netmeter::notify {

struct DispatcherOptions {
  size_t queue_capacity = 1024;  ///< alerts waiting per endpoint; beyond: dropped and counted
  RetryPolicy retry;
};

/// Hands released and one-shot alerts to the recipients that want them (minimum severity, entities,
/// categories), each through its endpoint's own queue and thread. store() is called on the alert path
/// and never waits on the network.
class Dispatcher final : public alerts::AlertSink {
 public:
  explicit Dispatcher(DispatcherOptions options) : options_(options) {}
  ~Dispatcher() override;

  void store(const alerts::Alert& alert) override;

  /// Replaces the endpoints (clear-text parameters) and recipients. Every endpoint gets a fresh queue
  /// (what waited in the old ones is given up); counters carry on per endpoint id.
  void configure(const std::vector<EndpointConfig>& endpoints,
                 const std::vector<RecipientConfig>& recipients);

  /// Counters of endpoint `id` (zeros when unknown).
  EndpointCounters counters(int64_t endpoint_id) const;
  const DispatcherOptions& options() const { return options_; }

 private:
  DispatcherOptions options_;
  mutable std::mutex mutex_;
  std::map<int64_t, std::unique_ptr<EndpointWorker>> workers_;
  std::vector<RecipientConfig> recipients_;
  std::map<int64_t, EndpointCounters> past_;  ///< counters of replaced workers
};

}  // namespace netmeter::notify
