#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "dpi/classifier.hpp"
#include "stats/dscp.hpp"
#include "stats/entities.hpp"

namespace netmeter::report {

/// An EtherType as "0x0800".
std::string ethertype_text(uint16_t ethertype);

/// Names for the numbers the statistics keep (application keys, categories, breeds), looked up once each:
/// nDPI formats them with snprintf, and the same few hundred are asked for again and again.
class StatsNames {
 public:
  explicit StatsNames(const dpi::Classifier& names) : names_(names) {}

  struct App {
    std::string name;    ///< "TLS.YouTube"
    std::string master;  ///< "TLS"; "Unknown" without a master
    std::string app;     ///< "YouTube"
  };
  /// An application by stats::app_key(master, app).
  const App& app(uint32_t key);
  const std::string& category(uint16_t id);
  const std::string& breed(uint8_t id);

 private:
  const dpi::Classifier& names_;
  std::unordered_map<uint32_t, App> apps_;
  std::unordered_map<uint16_t, std::string> categories_;
  std::unordered_map<uint8_t, std::string> breeds_;
};

}  // namespace netmeter::report
