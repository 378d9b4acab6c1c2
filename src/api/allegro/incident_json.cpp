#include "api/allegro/incident_json.hpp"

#include <string>

#include "alerts/alert_types.hpp"
#include "api/common/alert_select.hpp"
#include "api/common/csv_body.hpp"
#include "core/ip_protocol.hpp"
#include "query/name_resolver.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;
using alerts::Alert;
using alerts::Entity;

namespace {

std::string type_key(const Alert& a) {
  const alerts::AlertType* t = alerts::find_alert_type(a.entity, a.type_id);
  return t ? std::string(t->key) : std::to_string(a.type_id);
}

std::string type_name(const Alert& a) {
  const alerts::AlertType* t = alerts::find_alert_type(a.entity, a.type_id);
  return t ? alerts::alert_label(*t) : std::to_string(a.type_id);
}

std::string description(const Alert& a) {
  const std::string name = type_name(a);
  if (a.entity == Entity::Flow) {
    std::string d = name + " on " + a.client.ip.to_string() + ":" + std::to_string(a.client.port) + " -> " +
                    a.server.ip.to_string() + ":" + std::to_string(a.server.port);
    return a.info.empty() ? d : d + " (" + a.info + ")";
  }
  const bool percent = a.entity == Entity::Interface;
  const char* unit = percent ? "%" : "";
  std::string d =
      name + " [" + std::to_string(a.value) + unit + " > " + std::to_string(a.threshold) + unit + "]";
  if (a.entity == Entity::Host) d = a.ip.to_string() + (a.is_attacker ? " (attacker): " : " (victim): ") + d;
  return d;
}

/// The capture URL of a flow incident: the flow's packets from the slot's ring buffer, whenever they
/// were seen (a flow alert has the time it was raised, not the flow's first and last packet).
std::string incident_capture_url(const Alert& a, uint32_t slot) {
  return api::capture_url(slot, alert_capture_expression(a), std::nullopt);
}

std::string application(const Alert& a, const query::NameResolver* names) {
  return names ? names->application(a.l7_master, a.l7_app) : std::string();
}

}  // namespace

json::object incident_json(const Alert& a, uint32_t slot, const query::NameResolver* names) {
  json::object o;
  o["id"] = a.id;
  o["time"] = a.begin_s;
  o["endTime"] = a.end_s;
  o["duration"] = a.end_s ? a.duration_s() : 0;
  o["engaged"] = a.entity != Entity::Flow && a.end_s == 0;
  o["acknowledged"] = a.acknowledged;
  o["entity"] = alerts::entity_name(a.entity);
  o["type"] = type_key(a);
  o["typeId"] = a.type_id;
  o["name"] = type_name(a);
  o["severity"] = alerts::severity_name(a.severity);
  o["severityId"] = static_cast<int>(a.severity);
  o["score"] = a.score;
  o["description"] = description(a);
  if (a.entity == Entity::Flow) {
    o["clientIp"] = a.client.ip.to_string();
    o["clientPort"] = a.client.port;
    o["serverIp"] = a.server.ip.to_string();
    o["serverPort"] = a.server.port;
    o["vlan"] = a.vlan;
    o["l4Protocol"] = a.l4;
    o["l4ProtocolShortName"] = core::ip_protocol_name(a.l4);
    o["dpiProtocol"] = application(a, names);
    o["serverName"] = a.info;
    o["riskScore"] = a.flow_score;
    o["captureExpression"] = alert_capture_expression(a);
    o["captureUrl"] = incident_capture_url(a, slot);
  } else if (a.entity == Entity::Host) {
    o["ip"] = a.ip.to_string();
    o["vlan"] = a.vlan;
    o["role"] = a.is_attacker ? "attacker" : "victim";
    o["value"] = a.value;
    o["threshold"] = a.threshold;
  } else {
    o["value"] = a.value;
    o["threshold"] = a.threshold;
  }
  return o;
}

std::string_view incident_csv_header() {
  return "id,time,endTime,duration,entity,type,typeId,name,severity,score,description,clientIp,clientPort,"
         "serverIp,serverPort,l4ProtocolShortName,dpiProtocol,ip,role,value,threshold,captureExpression";
}

void incident_csv_row(std::string& out, const Alert& a, const query::NameResolver* names) {
  const bool flow = a.entity == Entity::Flow;
  const bool host = a.entity == Entity::Host;
  auto num = [&](int64_t v) { csv_number(out, v), out.push_back(','); };
  auto text = [&](std::string_view v) { csv_field(out, v), out.push_back(','); };
  num(static_cast<int64_t>(a.id));
  num(a.begin_s);
  num(a.end_s);
  num(a.end_s ? a.duration_s() : 0);
  text(alerts::entity_name(a.entity));
  text(type_key(a));
  num(a.type_id);
  text(type_name(a));
  text(alerts::severity_name(a.severity));
  num(a.score);
  text(description(a));
  text(flow ? a.client.ip.to_string() : "");
  flow ? num(a.client.port) : text("");
  text(flow ? a.server.ip.to_string() : "");
  flow ? num(a.server.port) : text("");
  text(flow ? core::ip_protocol_name(a.l4) : "");
  text(flow ? application(a, names) : "");
  text(host ? a.ip.to_string() : "");
  text(host ? (a.is_attacker ? "attacker" : "victim") : "");
  flow ? text("") : num(static_cast<int64_t>(a.value));
  flow ? text("") : num(static_cast<int64_t>(a.threshold));
  csv_field(out, flow ? alert_capture_expression(a) : "");
}

json::object rule_json(const alerts::AlertEngine::CheckInfo& check) {
  json::object o;
  o["name"] = check.name;
  o["entity"] = alerts::entity_name(check.entity);
  o["enabled"] = check.config.enabled;
  o["threshold"] = check.config.threshold;
  if (check.config.severity) o["severity"] = alerts::severity_name(*check.config.severity);
  if (check.entity == Entity::Flow) o["disabledRisks"] = check.config.disabled_bits;
  return o;
}

}  // namespace netmeter::api::allegro
