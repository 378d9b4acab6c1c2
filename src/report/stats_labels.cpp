#include "report/stats_labels.hpp"

#include <cstdio>

namespace netmeter::report {

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
