#include "alerts/alert.hpp"

#include <array>

namespace netmeter::alerts {

namespace {
constexpr std::array<std::string_view, 9> kSeverityNames = {
    "none", "debug", "info", "notice", "warning", "error", "critical", "", "emergency"};  // ntopng has no 7
}

std::string_view severity_name(Severity s) {
  auto i = static_cast<size_t>(s);
  return i < kSeverityNames.size() ? kSeverityNames[i] : "none";
}

std::optional<Severity> severity_from_name(std::string_view name) {
  for (size_t i = 0; i < kSeverityNames.size(); ++i)
    if (!name.empty() && kSeverityNames[i] == name) return static_cast<Severity>(i);
  return std::nullopt;
}

std::string_view entity_name(Entity e) {
  switch (e) {
    case Entity::Interface:
      return "interface";
    case Entity::Host:
      return "host";
    case Entity::Flow:
      return "flow";
    case Entity::Mac:
      return "mac";
  }
  return "";
}

Severity severity_for_score(uint32_t score) {
  if (score < 10) return Severity::Info;
  if (score < 50) return Severity::Notice;
  if (score < 100) return Severity::Warning;
  if (score < 250) return Severity::Error;
  return Severity::Critical;
}

}  // namespace netmeter::alerts
