#include "dpi/risks.hpp"

#include <ndpi_api.h>

namespace netmeter::dpi {

int max_risk_id() {
  return NDPI_MAX_RISK - 1;
}

RiskScore risk_score(uint64_t risk_bitmap) {
  u_int16_t client = 0;
  u_int16_t server = 0;
  u_int16_t total = ndpi_risk2score(static_cast<ndpi_risk>(risk_bitmap), &client, &server);
  return {total, client, server};
}

RiskInfo risk_info(int id) {
  RiskInfo info;
  if (id < 1 || id > max_risk_id()) return info;
  auto risk = static_cast<ndpi_risk_enum>(id);
  info.id = id;
  info.name = ndpi_risk2str(risk);
  if (const ndpi_risk_info* r = ndpi_risk2severity(risk))
    info.severity = static_cast<RiskSeverity>(r->severity);
  RiskScore s = risk_score(uint64_t{1} << id);
  info.score = s.total;
  info.client_score = s.client;
  info.server_score = s.server;
  return info;
}

}  // namespace netmeter::dpi
