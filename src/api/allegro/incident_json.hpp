#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "alerts/alert.hpp"
#include "alerts/alert_engine.hpp"

namespace netmeter::query {
class NameResolver;
}

namespace netmeter::api::allegro {

/// One incident (a netmeter alert) in the Allegro dialect (docs/allegro/incidents.md): id, times, type,
/// severity, score, description, and by entity the flow's ends and protocols with its capture expression
/// and capture URL, the host and its role, or the interface's value. `names` resolves the flow's
/// application (null: left empty).
boost::json::object incident_json(const alerts::Alert& a, uint32_t slot, const query::NameResolver* names);

/// The CSV header of incident_csv_row.
std::string_view incident_csv_header();
/// One CSV row (without the line end) of the incident.
void incident_csv_row(std::string& out, const alerts::Alert& a, const query::NameResolver* names);

/// An incident rule (an alert check of the slot's engine) as the Allegro dialect shows it.
boost::json::object rule_json(const alerts::AlertEngine::CheckInfo& check);

}  // namespace netmeter::api::allegro
