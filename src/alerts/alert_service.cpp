#include "alerts/alert_service.hpp"

#include <algorithm>

#include "alerts/blacklist.hpp"
#include "store/alert_exclusion_repository.hpp"
#include "store/check_config_repository.hpp"
#include "store/database.hpp"
#include "store/sqlite_alert_store.hpp"

namespace netmeter::alerts {

namespace {

store::CheckConfigRecord to_record(std::string_view name, const CheckConfig& c) {
  store::CheckConfigRecord r;
  r.name = std::string(name);
  r.enabled = c.enabled;
  r.threshold = static_cast<int64_t>(c.threshold);
  r.threshold2 = static_cast<int64_t>(c.threshold2);
  r.severity = c.severity ? static_cast<int64_t>(*c.severity) : 0;
  r.disabled_bits = static_cast<int64_t>(c.disabled_bits);
  for (const auto& ip : c.servers)
    r.servers += (r.servers.empty() ? "" : ",") + ip.to_string();
  return r;
}

CheckConfig from_record(const store::CheckConfigRecord& r) {
  CheckConfig c;
  c.enabled = r.enabled;
  c.threshold = static_cast<uint64_t>(r.threshold);
  c.threshold2 = static_cast<uint64_t>(r.threshold2);
  if (r.severity != 0) c.severity = static_cast<Severity>(r.severity);
  c.disabled_bits = static_cast<uint64_t>(r.disabled_bits);
  std::string_view rest = r.servers;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    if (auto ip = core::IpAddress::parse(rest.substr(0, comma))) c.servers.push_back(*ip);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  return c;
}

}  // namespace

AlertService::AlertService(store::Database& db, StoreBounds bounds, CheckContext context)
    : AlertService(db, std::make_unique<store::SqliteAlertStore>(db), bounds, std::move(context)) {}

AlertService::AlertService(store::Database& db, std::unique_ptr<store::AlertStore> past, StoreBounds bounds,
                           CheckContext context)
    : db_(db),
      past_(std::move(past)),
      sink_(*past_, bounds),
      context_(std::move(context)),
      defaults_(AlertEngine::with_default_checks(0, sink_, context_)),
      exclusions_(std::make_shared<AlertExclusions>()) {}

AlertService::~AlertService() = default;

store::Status AlertService::load() {
  std::lock_guard lock(mutex_);
  {
    auto conn = db_.lock();
    auto stored = store::CheckConfigRepository(conn).list();
    if (!stored) return store::unexpected(std::move(stored).error());
    for (const auto& r : *stored)
      defaults_->configure(r.name, [&](CheckConfig& c) { c = from_record(r); });
  }
  return reload_exclusions();
}

store::Status AlertService::reload_exclusions() {
  std::vector<AlertExclusion> list;
  {
    auto conn = db_.lock();
    auto stored = store::AlertExclusionRepository(conn).list();
    if (!stored) return store::unexpected(std::move(stored).error());
    for (const auto& r : *stored) {
      auto network = core::Cidr::parse(r.network);
      if (!network) continue;  // written by add_exclusion from a parsed block: never happens
      list.push_back({r.id, static_cast<Entity>(r.entity), static_cast<uint16_t>(r.alert_id), *network});
    }
  }
  exclusions_ = std::make_shared<const AlertExclusions>(std::move(list));
  for (const auto& [ifid, weak] : engines_)
    if (auto e = weak.lock()) e->set_exclusions(exclusions_);
  return {};
}

std::shared_ptr<AlertEngine> AlertService::make_engine(uint32_t ifid) {
  std::shared_ptr<AlertEngine> engine = AlertEngine::with_default_checks(ifid, tee_, context_);
  std::lock_guard lock(mutex_);
  for (const auto& check : defaults_->checks())
    engine->configure(check.name, [&](CheckConfig& c) { c = check.config; });
  engine->set_exclusions(exclusions_);
  engines_[ifid] = engine;
  return engine;
}

std::vector<AlertEngine::CheckInfo> AlertService::checks() const {
  std::lock_guard lock(mutex_);
  return defaults_->checks();
}

AlertService::Configured AlertService::configure(Entity entity, std::string_view name,
                                                 const std::function<void(CheckConfig&)>& change) {
  std::lock_guard lock(mutex_);
  std::optional<CheckConfig> config;
  for (const auto& check : defaults_->checks())
    if (check.entity == entity && check.name == name) config = check.config;
  if (!config) return Configured::NoSuchCheck;
  change(*config);
  {
    auto conn = db_.lock();
    if (!store::CheckConfigRepository(conn).set(to_record(name, *config))) return Configured::StoreFailed;
  }
  defaults_->configure(name, [&](CheckConfig& c) { c = *config; });
  for (const auto& [ifid, weak] : engines_)
    if (auto e = weak.lock()) e->configure(name, [&](CheckConfig& c) { c = *config; });
  return Configured::Ok;
}

std::shared_ptr<const AlertExclusions> AlertService::exclusions() const {
  std::lock_guard lock(mutex_);
  return exclusions_;
}

store::Result<int64_t> AlertService::add_exclusion(Entity entity, uint16_t type_id,
                                                   const core::Cidr& network) {
  std::lock_guard lock(mutex_);
  store::Result<int64_t> id = [&] {
    auto conn = db_.lock();
    return store::AlertExclusionRepository(conn).add(static_cast<int64_t>(entity), type_id,
                                                     network.to_string());
  }();
  if (!id) return id;
  if (auto s = reload_exclusions(); !s) return store::unexpected(std::move(s).error());
  return id;
}

store::Result<bool> AlertService::remove_exclusion(int64_t id) {
  std::lock_guard lock(mutex_);
  store::Result<bool> removed = [&] {
    auto conn = db_.lock();
    return store::AlertExclusionRepository(conn).remove(id);
  }();
  if (!removed || !*removed) return removed;
  if (auto s = reload_exclusions(); !s) return store::unexpected(std::move(s).error());
  return removed;
}

void AlertService::forget_slot(uint32_t ifid) {
  {
    std::lock_guard lock(mutex_);
    engines_.erase(ifid);
  }
  sink_.flush_and_wait();  // what the slot queued goes first, so that nothing of it is written afterwards
  store::AlertFilter filter;
  filter.ifids = std::vector<int64_t>{ifid};
  (void)past_->remove(filter);
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
