#include "query/host_aliases.hpp"

namespace netmeter::query {

AliasView HostAliases::view() const {
  std::lock_guard lock(mutex_);
  return AliasView(map_);
}

void HostAliases::set(const core::IpAddress& ip, const std::string& name) {
  std::lock_guard lock(mutex_);
  auto next = map_ ? std::make_shared<AliasMap>(*map_) : std::make_shared<AliasMap>();
  if (name.empty())
    next->erase(ip);
  else
    (*next)[ip] = name;
  publish(std::move(next));
}

void HostAliases::assign(AliasMap aliases) {
  std::lock_guard lock(mutex_);
  publish(std::make_shared<AliasMap>(std::move(aliases)));
}

// Called with mutex_ held. The map is in place before the version moves, so whoever sees the new version
// also sees the new names (an answer cached under it is never computed with the old ones).
void HostAliases::publish(std::shared_ptr<const AliasMap> map) {
  map_ = map->empty() ? nullptr : std::move(map);
  version_.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace netmeter::query
