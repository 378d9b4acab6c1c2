// The link-layer modules: /API/stats/modules/vlan and /API/stats/modules/mpls (docs/allegro/modules.md).
#include <array>

#include "api/allegro/module_json.hpp"
#include "api/allegro/module_routes.hpp"
#include "api/common/csv_body.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;
using query::SortKey;

namespace {

constexpr std::string_view kVlanBase = "/API/stats/modules/vlan";
constexpr std::string_view kMplsBase = "/API/stats/modules/mpls";
constexpr int kOuter = 0;
constexpr int kInner = 1;
constexpr uint64_t kMaxVlan = 4095;
constexpr uint64_t kMaxLabel = (1u << 20) - 1;

constexpr std::array kVlanSorts = {SortName{"vlan", SortKey::Key}, SortName{"outerVlanTag", SortKey::Key},
                                   SortName{"innerVlanTag", SortKey::Key}, SortName{"id", SortKey::Key}};
constexpr std::array kMplsSorts = {SortName{"label", SortKey::Key}};

ModuleSpec vlan_spec(int level) {
  ModuleSpec s;
  s.module = query::Module::Vlan;
  s.filter.vlan_level = level;
  s.sorts = kVlanSorts;
  s.csv_key_header = level == kOuter ? "outerVlanTag" : "innerVlanTag";
  s.csv_file = level == kOuter ? "vlans.csv" : "inner_vlans.csv";
  s.put_key = [level](json::object& o, const query::ModuleItem& m) {
    o[level == kOuter ? "outerVlanTag" : "innerVlanTag"] = query::vlan_id(m.ref.id);
    o["vlan"] = query::vlan_id(m.ref.id);
  };
  s.csv_key = [](std::string& out, const query::ModuleItem& m) {
    csv_number(out, uint64_t{query::vlan_id(m.ref.id)});
  };
  return s;
}

ModuleSpec mpls_spec() {
  ModuleSpec s;
  s.module = query::Module::Mpls;
  s.sorts = kMplsSorts;
  s.csv_key_header = "label";
  s.csv_file = "mpls_labels.csv";
  s.put_key = [](json::object& o, const query::ModuleItem& m) { o["label"] = m.ref.id; };
  s.csv_key = [](std::string& out, const query::ModuleItem& m) { csv_number(out, m.ref.id); };
  return s;
}

http::Response one_vlan(StatsCall& c, int level) {
  const std::string_view text = c.call.path_param("id");
  auto id = path_number(text, kMaxVlan);
  auto o = id ? module_item(c, vlan_spec(level), query::vlan_ref(level, static_cast<uint16_t>(*id)))
              : std::nullopt;
  if (!o) return unknown_item(level == kOuter ? "VLAN" : "inner VLAN", text);
  return json_response(200, *o);
}

http::Response vlan_module(StatsCall& c) {
  size_t outer = 0, inner = 0;
  json::object o;
  o["globalCounters"] = module_counters(c, vlan_spec(kOuter), outer);
  o["innerVlanCounters"] = module_counters(c, vlan_spec(kInner), inner);
  o["numberOfVlans"] = outer;
  o["numberOfInnerVlans"] = inner;
  o["numberOfItems"] = outer;
  return json_response(200, o);
}

http::Response one_label(StatsCall& c) {
  const std::string_view text = c.call.path_param("label");
  auto label = path_number(text, kMaxLabel);
  auto o = label ? module_item(c, mpls_spec(), query::module_ref(query::Module::Mpls, *label)) : std::nullopt;
  if (!o) return unknown_item("MPLS label", text);
  return json_response(200, *o);
}

http::Response mpls_module(StatsCall& c) {
  size_t labels = 0;
  json::object o;
  o["globalCounters"] = module_counters(c, mpls_spec(), labels);
  o["numberOfLabels"] = labels;
  o["numberOfItems"] = labels;
  return json_response(200, o);
}

}  // namespace

void register_link_module_routes(RouteTree& tree, ApiServices& s) {
  const std::string vlan(kVlanBase);
  tree.add("GET", vlan, stats_route(s, vlan_module));
  tree.add("GET", vlan + "/vlans_paged",
           stats_route(s, [](StatsCall& c) { return module_list(c, vlan_spec(kOuter)); }));
  tree.add("GET", vlan + "/inner_vlans_paged",
           stats_route(s, [](StatsCall& c) { return module_list(c, vlan_spec(kInner)); }));
  tree.add("GET", vlan + "/vlans/:id", stats_route(s, [](StatsCall& c) { return one_vlan(c, kOuter); }));
  tree.add("GET", vlan + "/inner_vlans/:id",
           stats_route(s, [](StatsCall& c) { return one_vlan(c, kInner); }));
  const std::string mpls(kMplsBase);
  tree.add("GET", mpls, stats_route(s, mpls_module));
  tree.add("GET", mpls + "/labels_paged",
           stats_route(s, [](StatsCall& c) { return module_list(c, mpls_spec()); }));
  tree.add("GET", mpls + "/labels/:label", stats_route(s, one_label));
}

}  // namespace netmeter::api::allegro
