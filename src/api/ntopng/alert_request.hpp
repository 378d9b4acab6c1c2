#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "alerts/alert.hpp"
#include "api/common/alert_select.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/params.hpp"
#include "http/response.hpp"

namespace netmeter::api::ntopng {

/// What an alert list, counter, time series, top list, acknowledge or delete request asks for
/// (docs/ntopng/alerts.md "Common parameters").
struct AlertRequest {
  AlertQuery query;  ///< status, filter, order (`sort`, `order`; default newest first), page
  bool csv = false;  ///< format=txt: ntopng's CSV export
  bool length_given = false;
};

/// Parses the common parameters for interface `ifid` and alerts of `entity` (all when unset); the
/// INVALID_ARGUMENTS answer when one is malformed.
std::optional<http::Response> parse_alert_request(const Params& p, uint32_t ifid,
                                                  std::optional<alerts::Entity> entity, AlertRequest& r);

/// The name of an alert type (nDPI's name of a risk, ntopng's of the host and interface alerts); its
/// number when netmeter does not know it.
std::string alert_type_label(alerts::Entity entity, uint16_t id);

/// The MACs of a MAC/IP reassociation alert (old, new), from its info "old -> new" (the engine's form).
std::pair<std::string, std::string> mac_change(const alerts::Alert& a);
/// Its description: "IP <address> changed association from <old MAC> to <new MAC>".
std::string mac_change_description(const alerts::Alert& a);

/// The answer when the process runs without alerts.
http::Response alerts_missing();

/// A read over the alerts of the request's interface (interface_route: `ifid`, rights), not cached:
/// alerts_missing() when the process runs without alerts, INVALID_ARGUMENTS when a common parameter is
/// malformed, else `fn` with the parsed request.
using AlertFn = std::function<http::Response(NtopCall&, const AlertRequest&)>;
Route alert_read_route(ApiServices& services, std::optional<alerts::Entity> entity, AlertFn fn);

}  // namespace netmeter::api::ntopng
