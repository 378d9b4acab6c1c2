#include "api/common/alert_select.hpp"

#include <algorithm>

#include "alerts/alert_service.hpp"
#include "alerts/store_sink.hpp"

namespace netmeter::api {

using alerts::Alert;
using alerts::Entity;
using SortColumn = store::AlertStore::SortColumn;

namespace {

/// The alert's value for `column` as list_sorted orders it (addresses as text, as the store keeps them).
struct SortValue {
  int64_t number = 0;
  std::string text;
  auto operator<=>(const SortValue&) const = default;
};

SortValue sort_value(const Alert& a, SortColumn column) {
  switch (column) {
    case SortColumn::Severity:
      return {static_cast<int64_t>(a.severity), {}};
    case SortColumn::Score:
      return {a.score, {}};
    case SortColumn::AlertId:
      return {a.type_id, {}};
    case SortColumn::Duration:
      return {a.duration_s(), {}};
    case SortColumn::Ip:
      return {0, a.entity == Entity::Interface ? "" : a.ip.to_string()};
    case SortColumn::ClientIp:
      return {0, a.entity == Entity::Flow ? a.client.ip.to_string() : ""};
    case SortColumn::ServerIp:
      return {0, a.entity == Entity::Flow ? a.server.ip.to_string() : ""};
    case SortColumn::Time:
      break;
  }
  return {a.begin_s, {}};
}

void sort_alerts(std::vector<Alert>& all, SortColumn column, bool descending) {
  std::stable_sort(all.begin(), all.end(), [&](const Alert& x, const Alert& y) {
    SortValue vx = sort_value(x, column), vy = sort_value(y, column);
    if (vx != vy) return descending ? vx > vy : vx < vy;
    if (x.begin_s != y.begin_s) return descending ? x.begin_s > y.begin_s : x.begin_s < y.begin_s;
    return descending ? x.id > y.id : x.id < y.id;  // the store's order: ties by time, then row id
  });
}

}  // namespace

bool alert_matches(const Alert& a, const store::AlertFilter& f) {
  if (f.entity && static_cast<int64_t>(a.entity) != *f.entity) return false;
  if (f.ifids && std::find(f.ifids->begin(), f.ifids->end(), int64_t{a.ifid}) == f.ifids->end()) return false;
  if (f.alert_id && a.type_id != *f.alert_id) return false;
  if (f.severity && static_cast<int64_t>(a.severity) != *f.severity) return false;
  if (f.epoch_begin && a.begin_s < *f.epoch_begin) return false;
  if (f.epoch_end && a.begin_s > *f.epoch_end) return false;
  if (f.row_id && static_cast<int64_t>(a.id) != *f.row_id) return false;
  if (f.acknowledged && a.acknowledged != *f.acknowledged) return false;
  if (f.ip) {
    const bool flow = a.entity == Entity::Flow;
    const bool any = (a.entity != Entity::Interface && a.ip.to_string() == *f.ip) ||
                     (flow && (a.client.ip.to_string() == *f.ip || a.server.ip.to_string() == *f.ip));
    if (!any) return false;
  }
  return true;
}

bool alert_visible(const Alert& a, const AddressVisible& visible) {
  if (!visible || a.entity == Entity::Interface) return true;
  if (a.entity == Entity::Flow) return visible(a.client.ip) || visible(a.server.ip);
  return visible(a.ip);
}

std::optional<std::vector<Alert>> visible_alerts(alerts::AlertService& service, bool engaged,
                                                 const store::AlertFilter& filter,
                                                 const AddressVisible& visible) {
  std::vector<Alert> all;
  if (engaged) {
    for (auto& a : service.engaged())
      if (alert_matches(a, filter) && alert_visible(a, visible)) all.push_back(std::move(a));
    return all;
  }
  auto rows = service.past().list(filter, {.offset = 0, .limit = INT64_MAX, .newest_first = true});
  if (!rows) return std::nullopt;
  for (const auto& row : *rows) {
    Alert a = alerts::from_record(row);
    if (alert_visible(a, visible)) all.push_back(std::move(a));
  }
  return all;
}

std::optional<AlertSelection> select_alerts(alerts::AlertService& service, const AlertQuery& q,
                                            const AddressVisible& visible) {
  AlertSelection out;
  if (!q.engaged && !visible) {  // sees every network: the store pages
    auto page = service.past().list_page(q.filter, q.sort, q.descending, q.offset, q.length);
    if (!page) return std::nullopt;
    out.matched = page->matched;
    for (const auto& row : page->rows)
      out.page.push_back(alerts::from_record(row));
    return out;
  }
  auto all = visible_alerts(service, q.engaged, q.filter, visible);
  if (!all) return std::nullopt;
  sort_alerts(*all, q.sort, q.descending);
  out.matched = static_cast<int64_t>(all->size());
  for (int64_t i = q.offset; i < out.matched && i - q.offset < q.length; ++i)
    out.page.push_back(std::move((*all)[static_cast<size_t>(i)]));
  return out;
}

FlowEnds flow_ends(const Alert& a) {
  return {a.client, a.server, a.l4, a.vlan};
}

std::string alert_bpf(const Alert& a) {
  return flow_bpf(flow_ends(a));
}

std::string alert_capture_expression(const Alert& a) {
  return flow_capture_expression(flow_ends(a));
}

}  // namespace netmeter::api
