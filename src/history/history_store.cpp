#include "history/history_store.hpp"

namespace netmeter::history {

uint64_t HistoryStore::next_flow_number(uint16_t) {
  return 1;
}

void HistoryStore::insert_rollups(std::span<const RollupRow>) {
  throw HistoryError("this history store keeps no time series");
}

std::vector<RollupPoint> HistoryStore::read_rollups(const RollupRange&) {
  throw HistoryError("this history store keeps no time series");
}

std::vector<KeyedRollupPoint> HistoryStore::read_rollup_kind(const RollupKindRange&) {
  throw HistoryError("this history store keeps no time series");
}

std::vector<RollupTotal> HistoryStore::read_rollup_totals(const RollupKindRange&) {
  throw HistoryError("this history store keeps no time series");
}

uint64_t HistoryStore::enforce_rollup_retention(uint32_t, uint32_t) {
  return 0;
}

}  // namespace netmeter::history
