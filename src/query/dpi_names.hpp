#pragma once

#include "dpi/classifier.hpp"
#include "query/name_resolver.hpp"

namespace netmeter::query {

/// NameResolver over nDPI's names, through the dpi module's classifier (e.g. `Engine::names()`).
/// The classifier must outlive it.
class DpiNames final : public NameResolver {
 public:
  explicit DpiNames(const dpi::Classifier& classifier) : classifier_(classifier) {}

  std::string application(uint16_t master, uint16_t app) const override;
  std::string category(uint16_t category) const override;
  std::string breed(uint8_t breed) const override;
  std::vector<ProtocolEntry> protocols() const override;
  std::vector<uint16_t> category_ids() const override { return classifier_.category_ids(); }

 private:
  const dpi::Classifier& classifier_;
};

}  // namespace netmeter::query
