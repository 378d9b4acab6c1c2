#pragma once

#include <cstdint>
#include <string_view>

namespace netmeter::dpi {

/// nDPI's severity of a flow risk.
enum class RiskSeverity : uint8_t { Low, Medium, High, Severe };

/// What nDPI says about one flow risk (bit `id` of a flow's risk bitmap).
struct RiskInfo {
  int id = 0;
  std::string_view name;  ///< nDPI's text, e.g. "Self-signed Certificate"
  RiskSeverity severity = RiskSeverity::Low;
  uint16_t score = 0;  ///< nDPI's score of this risk alone (client + server parts)
  uint16_t client_score = 0;
  uint16_t server_score = 0;
};

/// Risks nDPI knows: ids 1 .. max_risk_id().
int max_risk_id();
/// nDPI's description of risk `id` (1 .. max_risk_id()).
RiskInfo risk_info(int id);

struct RiskScore {
  uint16_t total = 0;
  uint16_t client = 0;
  uint16_t server = 0;
};
/// nDPI's score of a whole risk bitmap, as ntopng scores a flow.
RiskScore risk_score(uint64_t risk_bitmap);

}  // namespace netmeter::dpi
