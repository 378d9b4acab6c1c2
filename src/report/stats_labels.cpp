#include "report/stats_labels.hpp"

#include <cstdio>

namespace netmeter::report {

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

std::string ethertype_text(uint16_t ethertype) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04x", ethertype);
  return buf;
}

const StatsNames::App& StatsNames::app(uint32_t key) {
  auto [it, inserted] = apps_.try_emplace(key);
  if (inserted) {
    flow::AppInfo info;
    info.master = static_cast<uint16_t>(key >> 16);
    info.app = static_cast<uint16_t>(key & 0xFFFF);
    flow::AppInfo master_only = info;
    master_only.app = 0;
    flow::AppInfo app_only = info;
    app_only.master = 0;
    // As the report's flow-based application list names them.
    it->second = {names_.application_name(info),
                  info.master != 0 ? names_.counting_name(master_only) : "Unknown",
                  names_.counting_name(app_only)};
  }
  return it->second;
}

const std::string& StatsNames::category(uint16_t id) {
  auto [it, inserted] = categories_.try_emplace(id);
  if (inserted) {
    flow::AppInfo info;
    info.category = id;
    it->second = names_.category_name(info);
  }
  return it->second;
}

const std::string& StatsNames::breed(uint8_t id) {
  auto [it, inserted] = breeds_.try_emplace(id);
  if (inserted) {
    flow::AppInfo info;
    info.breed = id;
    it->second = names_.breed_name(info);
  }
  return it->second;
}

}  // namespace netmeter::report
