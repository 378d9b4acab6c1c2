#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace netmeter::query {

/// One protocol of nDPI's table (custom protocols included).
struct ProtocolEntry {
  uint16_t id = 0;
  std::string name;
  uint16_t category = 0;  ///< nDPI's default category for it
};

/// Names for nDPI's numbers (applications, categories, breeds). The query layer never sees nDPI: the
/// caller hands it one of these (DpiNames over the engine's classifier, or NumericNames).
class NameResolver {
 public:
  virtual ~NameResolver() = default;
  /// "Master.App" (e.g. "TLS.YouTube") or a single name, as nDPI spells it.
  virtual std::string application(uint16_t master, uint16_t app) const = 0;
  virtual std::string category(uint16_t category) const = 0;
  virtual std::string breed(uint8_t breed) const = 0;
  /// nDPI's protocol table, by id (empty without a classifier).
  virtual std::vector<ProtocolEntry> protocols() const { return {}; }
  /// The category ids nDPI defines, ascending (empty without a classifier).
  virtual std::vector<uint16_t> category_ids() const { return {}; }
};

/// The numbers as text ("7.91", "7", "5"): for tests and for callers without a classifier.
class NumericNames final : public NameResolver {
 public:
  std::string application(uint16_t master, uint16_t app) const override {
    if (master == 0 || master == app) return std::to_string(app);
    if (app == 0) return std::to_string(master);
    return std::to_string(master) + "." + std::to_string(app);
  }
  std::string category(uint16_t category) const override { return std::to_string(category); }
  std::string breed(uint8_t breed) const override { return std::to_string(breed); }
};

}  // namespace netmeter::query
