#include "notify/alert_message.hpp"

#include "alerts/alert_types.hpp"

namespace netmeter::notify {

namespace {

std::string type_key(const alerts::Alert& a) {
  const auto* type = alerts::find_alert_type(a.entity, a.type_id);
  return type ? std::string(type->key) : "alert_" + std::to_string(a.type_id);
}

std::string endpoint_text(const core::Endpoint& e) {
  std::string ip = e.ip.to_string();
  if (ip.find(':') != std::string::npos) ip = "[" + ip + "]";
  return ip + ":" + std::to_string(e.port);
}

}  // namespace

int alert_category(const alerts::Alert& alert) {
  const auto* type = alerts::find_alert_type(alert.entity, alert.type_id);
  return type ? static_cast<int>(type->category) : 0;
}

boost::json::object alert_json(const alerts::Alert& a) {
  boost::json::object o;
  o["ifid"] = a.ifid;
  o["entity_id"] = static_cast<int>(a.entity);
  o["entity"] = std::string(alerts::entity_name(a.entity));
  o["alert_id"] = a.type_id;
  o["name"] = type_key(a);
  o["alert_category"] = alert_category(a);
  o["severity"] = static_cast<int>(a.severity);
  o["severity_name"] = std::string(alerts::severity_name(a.severity));
  o["score"] = a.score;
  o["tstamp"] = a.begin_s;
  o["tstamp_end"] = a.end_s;
  if (a.entity == alerts::Entity::Flow) {
    o["cli_ip"] = a.client.ip.to_string();
    o["cli_port"] = a.client.port;
    o["srv_ip"] = a.server.ip.to_string();
    o["srv_port"] = a.server.port;
    o["proto"] = a.l4;
    o["l7_master_proto"] = a.l7_master;
    o["l7_proto"] = a.l7_app;
    o["flow_risk_bitmap"] = a.flow_risk;
    o["info"] = a.info;
  } else {
    o["ip"] = a.ip.to_string();
    o["vlan_id"] = a.vlan;
    o["is_attacker"] = a.is_attacker;
    o["is_victim"] = a.is_victim;
    o["value"] = a.value;
    o["threshold"] = a.threshold;
  }
  return o;
}

std::string alert_text(const alerts::Alert& a) {
  std::string out = "[" + std::string(alerts::severity_name(a.severity)) + "] " +
                    std::string(alerts::entity_name(a.entity)) + " " + type_key(a) + " ";
  if (a.entity == alerts::Entity::Flow) {
    out += endpoint_text(a.client) + " -> " + endpoint_text(a.server);
    if (!a.info.empty()) out += " " + a.info;
  } else {
    out += a.ip.to_string();
    if (a.is_attacker) out += " (attacker)";
    if (a.is_victim) out += " (victim)";
    if (a.threshold) out += " value " + std::to_string(a.value) + " > " + std::to_string(a.threshold);
  }
  out += " score " + std::to_string(a.score) + " at " + std::to_string(a.begin_s);
  // Text from packets (a server name) must not break a syslog line or a mail.
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

}  // namespace netmeter::notify
