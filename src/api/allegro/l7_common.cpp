#include "api/allegro/l7_common.hpp"

#include <array>
#include <cctype>
#include <vector>

#include "api/allegro/list_json.hpp"
#include "api/common/csv_body.hpp"
#include "http/headers.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;
using query::L7Sort;

namespace {

/// The most names a module object's `detail=full` lists.
constexpr size_t kTopNames = 100;

constexpr std::array kNameSorts = {L7SortName{"name", L7Sort::Name}, L7SortName{"requests", L7Sort::Requests},
                                   L7SortName{"count", L7Sort::Requests}};

std::string choices(std::span<const L7SortName> sorts) {
  std::string out;
  for (const L7SortName& s : sorts)
    out.append(out.empty() ? "" : ", ").append(s.name);
  return out;
}

}  // namespace

std::optional<http::Response> l7_list_params(const StatsCall& c, std::span<const L7SortName> sorts,
                                             L7ListParams& out) {
  // parse_list knows sort names as traffic keys only: it sees ours as placeholders (the key is ours).
  std::vector<SortName> accepted;
  accepted.reserve(sorts.size());
  for (const L7SortName& s : sorts)
    accepted.push_back({s.name, query::SortKey::Key});
  if (auto sort = c.call.params.non_empty("sort")) {
    const L7SortName* found = nullptr;
    for (const L7SortName& s : sorts)
      if (http::iequals(s.name, *sort)) found = &s;
    if (!found)
      return allegro_error(400, "unknown sort '" + std::string(*sort) + "'; one of: " + choices(sorts));
    out.sort = found->sort;
  }
  if (auto bad = list_params(c, accepted, {}, out.list)) return bad;
  out.filter.text = out.list.filter;
  return std::nullopt;
}

bool may_read_names(const StatsCall& c) {
  return !c.visible();
}

http::Response names_refused() {
  return allegro_error(
      403, "names cannot be attributed to addresses: not available to a user with restricted networks");
}

json::object response_times_json(const stats::TimeStats& t) {
  json::object o{{"count", t.count}};
  if (t.count == 0) return o;
  constexpr double kMs = 1e6;
  o["avg"] = static_cast<double>(t.avg()) / kMs;
  o["min"] = static_cast<double>(t.min) / kMs;
  o["max"] = static_cast<double>(t.max) / kMs;
  return o;
}

void response_times_csv(std::string& out, const stats::TimeStats& t) {
  out.push_back(',');
  csv_number(out, t.count);
  constexpr double kMs = 1e6;
  for (int64_t v : {t.avg(), t.min, t.max}) {
    out.push_back(',');
    if (t.count) csv_number(out, static_cast<double>(v) / kMs);
  }
}

void put_host(json::object& o, const stats::HostKey& key, std::string_view name) {
  o["ip"] = key.ip.to_string();
  o["vlan"] = key.vlan;
  o["name"] = name;
}

void host_csv(std::string& out, const stats::HostKey& key, std::string_view name) {
  csv_field(out, key.ip.to_string());
  out.push_back(',');
  csv_number(out, uint64_t{key.vlan});
  out.push_back(',');
  csv_field(out, name);
}

http::Response name_list(StatsCall& c, query::NameTable table, std::string_view count_field,
                         std::string_view file_name) {
  if (!may_read_names(c)) return names_refused();
  L7ListParams lp;
  if (auto bad = l7_list_params(c, kNameSorts, lp)) return std::move(*bad);
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  const std::string field(count_field);
  return list_answer<query::NameCountItem>(
      lp.list,
      [keep, q, table, sort = lp.sort, filter = lp.filter](const query::ListRequest& r) {
        return q->l7_names(table, r, sort, filter);
      },
      [field](const query::NameCountItem& n) {
        return json::object{{"name", n.name}, {field, n.count}, {"overcount", n.overcount}};
      },
      "name," + field + ",overcount",
      [](std::string& out, const query::NameCountItem& n) {
        csv_field(out, n.name);
        out.push_back(',');
        csv_number(out, n.count);
        out.push_back(',');
        csv_number(out, n.overcount);
      },
      file_name);
}

void put_top_names(json::object& o, const StatsCall& c, query::NameTable table, std::string_view field,
                   std::string_view count_field) {
  if (!may_read_names(c)) return;
  query::ListRequest r;
  r.page_size = kTopNames;
  r.order = query::Order::Descending;
  json::array names;
  for (const auto& n : c.query().l7_names(table, r, L7Sort::Requests).items)
    names.push_back(json::object{{"name", n.name}, {count_field, n.count}});
  o[field] = std::move(names);
}

bool full_detail(const StatsCall& c) {
  auto d = c.call.params.non_empty("detail");
  return d && http::iequals(*d, "full");
}

}  // namespace netmeter::api::allegro
