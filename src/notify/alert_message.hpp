#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "alerts/alert.hpp"

namespace netmeter::notify {

/// ntopng's alert category id of `alert` (0, "other", when its type is unknown).
int alert_category(const alerts::Alert& alert);

/// The alert as ntopng's notifications carry it (alert_id, entity_id, severity, score, tstamp, ip, cli_ip,
/// srv_port, ...), plus `name` (the type's key) and `alert_category`.
boost::json::object alert_json(const alerts::Alert& alert);

/// One line for people: "[warning] flow tls_certificate_selfsigned 10.0.0.1:51000 -> 10.0.0.2:443 ...".
std::string alert_text(const alerts::Alert& alert);

}  // namespace netmeter::notify
