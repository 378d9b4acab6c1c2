#include "core/anomaly.hpp"

namespace netmeter::core {

std::string_view anomaly_name(Anomaly a) {
  static constexpr std::string_view kNames[] = {
#define NETMETER_ANOMALY_NAME(name) #name,
      NETMETER_ANOMALIES(NETMETER_ANOMALY_NAME)
#undef NETMETER_ANOMALY_NAME
  };
  auto i = static_cast<size_t>(a);
  return i < kAnomalyCount ? kNames[i] : std::string_view("unknown");
}

}  // namespace netmeter::core
