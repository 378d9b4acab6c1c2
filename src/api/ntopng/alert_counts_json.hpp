#pragma once

#include <boost/json/object.hpp>

#include "api/ntopng/ntop_route.hpp"
#include "stats/keys.hpp"

namespace netmeter::alerts {
class AlertService;
}

namespace netmeter::api::ntopng {

/// get/interface/data.lua's alert counts: `engaged_alerts` (holding now), `num_alerts` (past alerts in
/// the store) and `alerted_flows` (flows with at least one alert), as the caller may see them. Nothing
/// is added when alerts are off.
void put_interface_alert_counts(boost::json::object& o, alerts::AlertService* alerts, const NtopCall& c);

/// get/host/data.lua's: `engaged_alerts` and `num_alerts` (the host's alerts holding now),
/// `total_alerts` (its past alerts), `alerted_flows.as_client`, `alerted_flows.as_server` and
/// `alerted_flows` (distinct flows with an alert where it is the client, the server, either).
void put_host_alert_counts(boost::json::object& o, alerts::AlertService* alerts, const NtopCall& c,
                           const stats::HostKey& key);

}  // namespace netmeter::api::ntopng
