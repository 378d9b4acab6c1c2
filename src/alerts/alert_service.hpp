#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "alerts/alert_engine.hpp"
#include "alerts/store_sink.hpp"

namespace netmeter::store {
class Database;
}

namespace netmeter::alerts {

/// The process's alerts as the API reads them: the slots' engines (engaged alerts) and the store (past
/// ones). Built by app/; thread-safe.
class AlertService {
 public:
  AlertService(store::Database& db, StoreBounds bounds) : db_(db), sink_(db, bounds) {}

  /// A new engine for slot `ifid` with every check, writing to the store; the slot owns it (the
  /// service forgets it once the slot dropped it).
  std::shared_ptr<AlertEngine> make_engine(uint32_t ifid);

  /// Slot `ifid` was deleted: its past alerts are removed (a later slot with that id starts clean).
  void forget_slot(uint32_t ifid);

  /// Engaged alerts of the slots in `ifids` (all slots when null).
  std::vector<Alert> engaged(const std::vector<uint32_t>* ifids = nullptr) const;
  /// The engines alive now, by slot.
  std::map<uint32_t, std::shared_ptr<AlertEngine>> engines() const;

  store::Database& database() { return db_; }
  StoreAlertSink& sink() { return sink_; }
  /// The engine of slot `ifid` while the slot is alive; null otherwise.
  std::shared_ptr<AlertEngine> engine(uint32_t ifid) const;

  /// Also hands every alert the store gets to `notifier` (the notifications' dispatcher, which must
  /// not wait); null: none. Set it before the first engine and keep it alive while engines run.
  void set_notifier(AlertSink* notifier) { tee_.notifier.store(notifier); }

 private:
  /// The engines' sink: the store, then the notifier.
  struct TeeSink final : AlertSink {
    explicit TeeSink(AlertSink& store) : store_sink(store) {}
    void store(const Alert& alert) override {
      store_sink.store(alert);
      if (auto* n = notifier.load()) n->store(alert);
    }
    void flush() override { store_sink.flush(); }
    AlertSink& store_sink;
    std::atomic<AlertSink*> notifier{nullptr};
  };

  store::Database& db_;
  StoreAlertSink sink_;
  TeeSink tee_{sink_};
  mutable std::mutex mutex_;
  std::map<uint32_t, std::weak_ptr<AlertEngine>> engines_;
};

}  // namespace netmeter::alerts
