#include "query/flow_applications.hpp"

#include <unordered_map>
#include <unordered_set>

namespace netmeter::query {

namespace {

struct KeyHash {
  size_t operator()(const core::FlowKey& k) const { return k.hash(); }
};

}  // namespace

std::vector<FlowApplication> flow_applications(const stats::StatsStore& store, const NameResolver& names,
                                               std::span<const core::FlowKey> keys) {
  std::unordered_set<core::FlowKey, KeyHash> wanted(keys.begin(), keys.end());
  std::unordered_map<uint16_t, std::string> single;
  auto name = [&](uint16_t protocol) -> const std::string& {
    auto it = single.find(protocol);
    if (it == single.end()) it = single.emplace(protocol, names.application(0, protocol)).first;
    return it->second;
  };
  std::vector<FlowApplication> out;
  auto look = [&](const stats::ConnectionEntry& e) {
    const auto& s = e.state;
    if (!s.app && !s.master) return;
    auto it = wanted.find(s.key);
    if (it == wanted.end()) return;
    FlowApplication a{s.key, {}, {}};
    if (s.master && s.master != s.app) a.master = name(s.master);
    if (s.app) a.app = name(s.app);
    out.push_back(std::move(a));
    wanted.erase(it);
  };
  store.active_connections().for_each(look);
  for (const auto& e : store.finished_connections())
    look(e);
  return out;
}

}  // namespace netmeter::query
