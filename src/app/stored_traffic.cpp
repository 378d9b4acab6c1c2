#include "app/stored_traffic.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>
#include <optional>

#include "history/rollup_entity.hpp"

namespace netmeter::app {
namespace {

std::optional<history::RollupKind> kind_of(query::Module module) {
  using history::RollupKind;
  using query::Module;
  switch (module) {
    case Module::Interface:
      return RollupKind::Interface;
    case Module::Host:
      return RollupKind::Host;
    case Module::Application:
      return RollupKind::Application;
    case Module::Port:
      return RollupKind::Port;
    case Module::Vlan:
      return RollupKind::Vlan;
    case Module::Dscp:
      return RollupKind::Dscp;
    case Module::Category:
      return RollupKind::Category;
    default:
      return std::nullopt;
  }
}

constexpr int64_t kMaxMinute = std::numeric_limits<uint32_t>::max();

/// Runs a read of the store; a failure leaves the answer to what memory holds and goes to the log (never
/// a server path in it).
template <typename Read>
void read_or_log(uint16_t interface_id, Read&& read) {
  try {
    read();
  } catch (const history::HistoryError& e) {
    spdlog::warn("slot {}: stored time series unreadable: {}", interface_id, e.what());
  }
}

}  // namespace

bool StoredTraffic::keeps(query::Module module) const {
  return kind_of(module).has_value();
}

std::vector<query::MinuteTraffic> StoredTraffic::minutes(const query::EntityRef& ref, int64_t start,
                                                         int64_t end) const {
  auto kind = kind_of(ref.module);
  start = std::clamp<int64_t>(start, 0, kMaxMinute);
  end = std::clamp<int64_t>(end, 0, kMaxMinute);
  if (!kind || start >= end) return {};
  history::RollupRange range;
  range.entity = *kind == history::RollupKind::Host ? history::host_entity(interface_id_, ref.host)
                                                    : history::module_entity(interface_id_, *kind, ref.id);
  if (*kind == history::RollupKind::Interface) range.entity.id = 0;
  range.start = static_cast<uint32_t>(start);
  range.end = static_cast<uint32_t>(end);
  std::vector<query::MinuteTraffic> out;
  read_or_log(interface_id_, [&] {
    for (const auto& p : store_.read_rollups(range))
      out.push_back({p.minute, p.traffic});
  });
  return out;
}

std::vector<query::KeyedMinuteTraffic> StoredTraffic::module_minutes(query::Module module, int64_t start,
                                                                     int64_t end) const {
  auto kind = kind_of(module);
  start = std::clamp<int64_t>(start, 0, kMaxMinute);
  end = std::clamp<int64_t>(end, 0, kMaxMinute);
  if (!kind || *kind == history::RollupKind::Host || start >= end) return {};
  history::RollupKindRange range{interface_id_, *kind, static_cast<uint32_t>(start),
                                 static_cast<uint32_t>(end)};
  std::vector<query::KeyedMinuteTraffic> out;
  read_or_log(interface_id_, [&] {
    for (const auto& p : store_.read_rollup_kind(range))
      out.push_back({p.id, p.minute, p.traffic});
  });
  return out;
}

std::vector<query::EntityTraffic> StoredTraffic::totals(query::Module module, int64_t start,
                                                        int64_t end) const {
  auto kind = kind_of(module);
  start = std::clamp<int64_t>(start, 0, kMaxMinute);
  end = std::clamp<int64_t>(end, 0, kMaxMinute);
  if (!kind || start >= end) return {};
  history::RollupKindRange range{interface_id_, *kind, static_cast<uint32_t>(start),
                                 static_cast<uint32_t>(end)};
  std::vector<query::EntityTraffic> out;
  read_or_log(interface_id_, [&] {
    for (const auto& t : store_.read_rollup_totals(range)) {
      query::EntityRef ref = *kind == history::RollupKind::Host
                                 ? query::host_ref(history::host_key(t.address, t.vlan))
                                 : query::module_ref(module, t.id);
      out.push_back({ref, t.traffic});
    }
  });
  return out;
}

}  // namespace netmeter::app
