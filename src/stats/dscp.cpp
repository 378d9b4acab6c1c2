#include "stats/dscp.hpp"

namespace netmeter::stats {

std::string dscp_name(uint8_t dscp) {
  static constexpr const char* kClassSelectors[8] = {"Best Effort (CS0)",
                                                     "Priority (CS1)",
                                                     "Immediate (CS2)",
                                                     "Flash (CS3)",
                                                     "Flash Override (CS4)",
                                                     "Critical (CS5)",
                                                     "Internetwork Control (CS6)",
                                                     "Network Control (CS7)"};
  if (dscp % 8 == 0 && dscp < 64) return kClassSelectors[dscp / 8];
  if (dscp == 46) return "Expedited Forwarding (EF)";
  if (dscp == 44) return "Voice Admit (VA)";
  if (dscp == 1) return "Lower Effort (LE)";
  // Assured forwarding: class 1..4 in bits 5-3, drop precedence 1..3 in bits 2-1, bit 0 clear.
  int af_class = dscp >> 3, drop = (dscp >> 1) & 3;
  if (af_class >= 1 && af_class <= 4 && drop >= 1 && (dscp & 1) == 0)
    return "AF" + std::to_string(af_class) + std::to_string(drop);
  return "DSCP " + std::to_string(dscp);
}

}  // namespace netmeter::stats
