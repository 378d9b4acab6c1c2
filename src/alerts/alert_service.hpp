#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "alerts/alert_engine.hpp"
#include "alerts/alert_exclusions.hpp"
#include "alerts/store_sink.hpp"
#include "store/error.hpp"

namespace netmeter::store {
class Database;
}

namespace netmeter::alerts {

/// The process's alerts as the API reads them: the slots' engines (engaged alerts) and the store (past
/// ones). Built by app/; thread-safe.
class AlertService {
 public:
  /// Past alerts in SQLite, the `alerts` table of `db`.
  AlertService(store::Database& db, StoreBounds bounds, CheckContext context = {});
  /// Past alerts in `past` (ClickHouse with `--history clickhouse://`); the check configuration,
  /// exclusions and everything else stay in `db`.
  AlertService(store::Database& db, std::unique_ptr<store::AlertStore> past, StoreBounds bounds,
               CheckContext context = {});
  ~AlertService();

  /// Reads the checks' stored configuration and the exclusions; call once, before the slots start.
  store::Status load();

  /// A new engine for slot `ifid` with every check, writing to the store; the slot owns it (the
  /// service forgets it once the slot dropped it).
  std::shared_ptr<AlertEngine> make_engine(uint32_t ifid);

  /// Slot `ifid` was deleted: its past alerts are removed (a later slot with that id starts clean).
  void forget_slot(uint32_t ifid);

  /// Engaged alerts of the slots in `ifids` (all slots when null).
  std::vector<Alert> engaged(const std::vector<uint32_t>* ifids = nullptr) const;
  /// The engines alive now, by slot.
  std::map<uint32_t, std::shared_ptr<AlertEngine>> engines() const;

  /// Every check with the configuration new engines get (defaults changed by administrators).
  std::vector<AlertEngine::CheckInfo> checks() const;
  enum class Configured { Ok, NoSuchCheck, StoreFailed };
  /// Runs `change` on the configuration of check `name` of `entity`, stores the result and applies it to
  /// every engine, running and future.
  Configured configure(Entity entity, std::string_view name, const std::function<void(CheckConfig&)>& change);

  /// The exclusions in force.
  std::shared_ptr<const AlertExclusions> exclusions() const;
  /// Adds an exclusion (or finds the same one): its id. Applied to every engine at once.
  store::Result<int64_t> add_exclusion(Entity entity, uint16_t type_id, const core::Cidr& network);
  /// Removes exclusion `id`: false when there is none.
  store::Result<bool> remove_exclusion(int64_t id);

  store::Database& database() { return db_; }
  /// The past alerts (what the sink wrote), for the API's lists and counts.
  store::AlertStore& past() { return *past_; }
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
    void flush_and_wait() override { store_sink.flush_and_wait(); }
    AlertSink& store_sink;
    std::atomic<AlertSink*> notifier{nullptr};
  };

  /// Re-reads the exclusions from the store and hands them to every engine (mutex_ held).
  store::Status reload_exclusions();

  store::Database& db_;
  std::unique_ptr<store::AlertStore> past_;
  StoreAlertSink sink_;
  TeeSink tee_{sink_};
  CheckContext context_;
  mutable std::mutex mutex_;
  std::map<uint32_t, std::weak_ptr<AlertEngine>> engines_;
  std::unique_ptr<AlertEngine> defaults_;  ///< never fed: holds the configuration new engines start with
  std::shared_ptr<const AlertExclusions> exclusions_;
};

}  // namespace netmeter::alerts
