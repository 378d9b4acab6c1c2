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
    default:
      return std::nullopt;
  }
}

}  // namespace

bool StoredTraffic::keeps(query::Module module) const {
  return kind_of(module).has_value();
}

std::vector<query::MinuteTraffic> StoredTraffic::minutes(const query::EntityRef& ref, int64_t start,
                                                         int64_t end) const {
  auto kind = kind_of(ref.module);
  constexpr int64_t kMax = std::numeric_limits<uint32_t>::max();
  start = std::clamp<int64_t>(start, 0, kMax);
  end = std::clamp<int64_t>(end, 0, kMax);
  if (!kind || start >= end) return {};
  history::RollupRange range;
  range.entity = *kind == history::RollupKind::Host ? history::host_entity(interface_id_, ref.host)
                                                    : history::module_entity(interface_id_, *kind, ref.id);
  if (*kind == history::RollupKind::Interface) range.entity.id = 0;
  range.start = static_cast<uint32_t>(start);
  range.end = static_cast<uint32_t>(end);
  std::vector<query::MinuteTraffic> out;
  try {
    for (const auto& p : store_.read_rollups(range))
      out.push_back({p.minute, p.traffic});
  } catch (const history::HistoryError& e) {
    // The answer keeps what memory holds; the reason goes to the log (never a server path in it).
    spdlog::warn("slot {}: stored time series unreadable: {}", interface_id_, e.what());
  }
  return out;
}

}  // namespace netmeter::app
