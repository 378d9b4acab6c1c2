#include "alerts/alert_service.hpp"

#include <algorithm>

#include "store/alert_repository.hpp"
#include "store/database.hpp"

namespace netmeter::alerts {

std::shared_ptr<AlertEngine> AlertService::make_engine(uint32_t ifid) {
  std::shared_ptr<AlertEngine> engine = AlertEngine::with_default_checks(ifid, tee_);
  std::lock_guard lock(mutex_);
  engines_[ifid] = engine;
  return engine;
}

void AlertService::forget_slot(uint32_t ifid) {
  {
    std::lock_guard lock(mutex_);
    engines_.erase(ifid);
  }
  sink_.flush();  // what the slot queued goes first, so that nothing of it is written afterwards
  store::AlertFilter filter;
  filter.ifids = std::vector<int64_t>{ifid};
  auto conn = db_.lock();
  store::AlertRepository repo(conn);
  (void)repo.remove(filter);
}

std::map<uint32_t, std::shared_ptr<AlertEngine>> AlertService::engines() const {
  std::map<uint32_t, std::shared_ptr<AlertEngine>> out;
  std::lock_guard lock(mutex_);
  for (const auto& [ifid, weak] : engines_)
    if (auto e = weak.lock()) out.emplace(ifid, std::move(e));
  return out;
}

std::vector<Alert> AlertService::engaged(const std::vector<uint32_t>* ifids) const {
  std::vector<Alert> out;
  for (const auto& [ifid, engine] : engines()) {
    if (ifids && std::find(ifids->begin(), ifids->end(), ifid) == ifids->end()) continue;
    auto some = engine->engaged();
    out.insert(out.end(), some.begin(), some.end());
  }
  return out;
}

std::shared_ptr<AlertEngine> AlertService::engine(uint32_t ifid) const {
  std::lock_guard lock(mutex_);
  auto it = engines_.find(ifid);
  return it == engines_.end() ? nullptr : it->second.lock();
}

}  // namespace netmeter::alerts
