#include "query/dpi_names.hpp"

namespace netmeter::query {

std::string DpiNames::application(uint16_t master, uint16_t app) const {
  flow::AppInfo info;
  info.master = master;
  info.app = app;
  return classifier_.application_name(info);
}

std::string DpiNames::category(uint16_t category) const {
  flow::AppInfo info;
  info.category = category;
  return classifier_.category_name(info);
}

std::string DpiNames::breed(uint8_t breed) const {
  flow::AppInfo info;
  info.breed = breed;
  return classifier_.breed_name(info);
}

std::vector<ProtocolEntry> DpiNames::protocols() const {
  std::vector<ProtocolEntry> out;
  out.reserve(classifier_.protocols().size());
  for (const auto& p : classifier_.protocols())
    out.push_back({p.id, p.name, p.category});
  return out;
}

}  // namespace netmeter::query
