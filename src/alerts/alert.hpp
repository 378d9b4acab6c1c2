#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/flow_key.hpp"
#include "core/ip_address.hpp"

namespace netmeter::alerts {

/// ntopng 6.x's alert severities (alert_severities.lua), with its numeric ids.
enum class Severity : uint8_t {
  None = 0,
  Debug = 1,
  Info = 2,
  Notice = 3,
  Warning = 4,
  Error = 5,
  Critical = 6,
  // 7 is unused by ntopng
  Emergency = 8,
};
std::string_view severity_name(Severity s);
std::optional<Severity> severity_from_name(std::string_view name);

/// ntopng's alert entities (alert_entities.lua): the numeric ids its APIs use.
enum class Entity : uint8_t { Interface = 0, Host = 1, Flow = 4, Mac = 5 };
std::string_view entity_name(Entity e);

/// ntopng's mapping from a score to a severity (its ScoreLevel thresholds: notice from 10, warning from
/// 50, error from 100, critical from 250), so that nDPI's LOW/MEDIUM/HIGH/SEVERE risks become
/// notice/warning/error/critical as in ntopng.
Severity severity_for_score(uint32_t score);

/// One alert: engaged (end_s == 0 while it holds), released or one-shot (flows). Times are packet time,
/// epoch seconds.
struct Alert {
  uint64_t id = 0;  ///< unique within the engine's run
  uint32_t ifid = 0;
  Entity entity = Entity::Host;
  uint16_t type_id = 0;  ///< ntopng's alert id within the entity (flow_alert_keys / host_alert_keys)
  Severity severity = Severity::Notice;
  uint32_t score = 0;
  int64_t begin_s = 0;
  int64_t end_s = 0;  ///< 0 while engaged
  bool acknowledged = false;

  // Host alerts (and the flow's client/server for flow alerts).
  core::IpAddress ip;
  uint16_t vlan = 0;
  bool is_attacker = false;
  bool is_victim = false;
  uint64_t value = 0;  ///< what crossed the threshold
  uint64_t threshold = 0;

  // Flow alerts.
  uint64_t flow_id = 0;
  core::Endpoint client;
  core::Endpoint server;
  uint8_t l4 = 0;
  uint16_t l7_master = 0;
  uint16_t l7_app = 0;
  uint32_t flow_score = 0;  ///< ntopng's flow score: nDPI's score of all the flow's risks
  uint64_t flow_risk = 0;   ///< the flow's whole risk bitmap
  std::string info;         ///< server name (SNI, Host, DNS query) when known

  int64_t duration_s() const { return end_s > begin_s ? end_s - begin_s : 0; }
};

}  // namespace netmeter::alerts
