#include "api/ntopng/alert_counts_json.hpp"

#include <set>

#include "alerts/alert_service.hpp"
#include "api/common/alert_select.hpp"
#include "store/alert_store.hpp"

namespace netmeter::api::ntopng {

using alerts::Alert;
using alerts::Entity;

namespace {

store::AlertFilter interface_filter(uint32_t ifid) {
  store::AlertFilter f;
  f.ifids = std::vector<int64_t>{ifid};
  return f;
}

}  // namespace

void put_interface_alert_counts(boost::json::object& o, alerts::AlertService* service, const NtopCall& c) {
  if (!service) return;
  const AddressVisible visible = c.visible();
  const store::AlertFilter f = interface_filter(c.ifid);
  auto engaged = visible_alerts(*service, true, f, visible);
  o["engaged_alerts"] = engaged ? engaged->size() : 0;
  if (!visible) {  // every network: the store counts, the engine knows its alerted flows
    auto n = service->past().count(f);
    o["num_alerts"] = n ? *n : 0;
    auto engine = service->engine(c.ifid);
    o["alerted_flows"] = engine ? engine->totals().alerted_flows : 0;
    return;
  }
  auto past = visible_alerts(*service, false, f, visible);
  if (!past) return;
  std::set<uint64_t> flows;
  for (const Alert& a : *past)
    if (a.entity == Entity::Flow) flows.insert(a.flow_id);
  o["num_alerts"] = past->size();
  o["alerted_flows"] = flows.size();
}

void put_host_alert_counts(boost::json::object& o, alerts::AlertService* service, const NtopCall& c,
                           const stats::HostKey& key) {
  if (!service) return;
  store::AlertFilter f = interface_filter(c.ifid);
  const std::string ip = key.ip.to_string();
  f.ip = ip;
  size_t engaged = 0;
  for (const Alert& a : service->engaged())
    if (alert_matches(a, f) && a.vlan == key.vlan) ++engaged;
  o["engaged_alerts"] = engaged;
  o["num_alerts"] = engaged;  // ntopng: the host's alerts holding now
  store::AlertStore& past = service->past();
  auto total = past.count(f);
  f.ip.reset();
  auto as_client = past.count_alerted_flows(f, ip, true);
  auto as_server = past.count_alerted_flows(f, ip, false);
  o["total_alerts"] = total ? *total : 0;
  o["alerted_flows.as_client"] = as_client ? *as_client : 0;
  o["alerted_flows.as_server"] = as_server ? *as_server : 0;
  o["alerted_flows"] = (as_client ? *as_client : 0) + (as_server ? *as_server : 0);
}

}  // namespace netmeter::api::ntopng
