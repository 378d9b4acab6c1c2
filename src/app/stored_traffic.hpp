#pragma once

#include <cstdint>

#include "history/history_store.hpp"
#include "query/past_traffic.hpp"

namespace netmeter::app {

/// One slot's stored per-minute series (history::HistoryStore::read_rollups) as the query layer's
/// PastTraffic: the slot id is the series' interface id, so a slot that has the same id after a restart
/// (the same -i sources in the same order) reads its own past.
class StoredTraffic final : public query::PastTraffic {
 public:
  StoredTraffic(history::HistoryStore& store, uint16_t interface_id)
      : store_(store), interface_id_(interface_id) {}

  bool keeps(query::Module module) const override;
  std::vector<query::MinuteTraffic> minutes(const query::EntityRef& ref, int64_t start,
                                            int64_t end) const override;
  std::vector<query::KeyedMinuteTraffic> module_minutes(query::Module module, int64_t start,
                                                        int64_t end) const override;
  std::vector<query::EntityTraffic> totals(query::Module module, int64_t start, int64_t end) const override;

 private:
  history::HistoryStore& store_;
  uint16_t interface_id_;
};

}  // namespace netmeter::app
