#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "alerts/alert.hpp"
#include "api/common/flow_capture.hpp"
#include "core/ip_address.hpp"
#include "store/alert_store.hpp"

namespace netmeter::alerts {
class AlertService;
}

namespace netmeter::api {

/// Which addresses the caller may see (api/common/visibility.hpp); empty: every network.
using AddressVisible = std::function<bool(const core::IpAddress&)>;

/// What both dialects' alert lists ask for: engaged alerts (in the engines' memory) or past ones (in the
/// store), the filter, the order and the page.
struct AlertQuery {
  bool engaged = false;
  store::AlertFilter filter;
  store::AlertStore::SortColumn sort = store::AlertStore::SortColumn::Time;
  bool descending = true;
  int64_t offset = 0;
  int64_t length = 10;
};

/// A page of alerts and how many matched in all.
struct AlertSelection {
  std::vector<alerts::Alert> page;
  int64_t matched = 0;
};

/// Whether the alert matches the filter (engaged alerts are filtered in memory).
bool alert_matches(const alerts::Alert& a, const store::AlertFilter& f);
/// Whether a caller seeing `visible` may see the alert: its host, or either end of its flow; interface
/// alerts with the interface.
bool alert_visible(const alerts::Alert& a, const AddressVisible& visible);

/// The page of `q` the caller may see. The store pages and counts when the caller sees every network;
/// otherwise the matching alerts are read and filtered here. nullopt when the store cannot be read.
std::optional<AlertSelection> select_alerts(alerts::AlertService& service, const AlertQuery& q,
                                            const AddressVisible& visible);

/// Every matching alert the caller may see (for counts per time, per type, per host), in no set order.
std::optional<std::vector<alerts::Alert>> visible_alerts(alerts::AlertService& service, bool engaged,
                                                         const store::AlertFilter& filter,
                                                         const AddressVisible& visible);

/// The ends of a flow alert's flow, for flow_bpf and flow_capture_expression.
FlowEnds flow_ends(const alerts::Alert& a);
/// ntopng's BPF of a flow alert's flow (flow_bpf).
std::string alert_bpf(const alerts::Alert& a);
/// The Allegro capture expression of a flow alert's flow (flow_capture_expression).
std::string alert_capture_expression(const alerts::Alert& a);

}  // namespace netmeter::api
