// The DPI module: applications and nDPI categories, /API/stats/modules/dpi (docs/allegro/modules.md "dpi").
#include <array>
#include <cctype>

#include "api/allegro/counters_json.hpp"
#include "api/allegro/ip_json.hpp"
#include "api/allegro/list_json.hpp"
#include "api/allegro/module_json.hpp"
#include "api/allegro/module_routes.hpp"
#include "api/common/csv_body.hpp"
#include "api/common/filter_param.hpp"
#include "http/headers.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;
using query::SortKey;

namespace {

constexpr std::string_view kBase = "/API/stats/modules/dpi";

constexpr std::array kAppSorts = {SortName{"protocol", SortKey::Name}, SortName{"name", SortKey::Name}};
constexpr std::array kCategorySorts = {SortName{"category", SortKey::Name}, SortName{"name", SortKey::Name},
                                       SortName{"id", SortKey::Key}};
constexpr std::array kHostSorts = {SortName{"ip", SortKey::Key}, SortName{"name", SortKey::Name},
                                   SortName{"connections", SortKey::Flows}};
constexpr std::array kConnectionSorts = {
    SortName{"clientIp", SortKey::ClientIp},         SortName{"clientPort", SortKey::ClientPort},
    SortName{"serverIp", SortKey::ServerIp},         SortName{"serverPort", SortKey::ServerPort},
    SortName{"connectionStart", SortKey::FirstSeen}, SortName{"id", SortKey::Key}};
constexpr ListLimits kLongList{10, 10000};

ModuleSpec app_spec() {
  ModuleSpec s;
  s.module = query::Module::Application;
  s.sorts = kAppSorts;
  s.csv_file = "dpi.csv";
  s.fold = true;
  s.put_key = [](json::object& o, const query::ModuleItem& m) { o["protocol"] = m.name; };
  return s;
}

ModuleSpec category_spec() {
  ModuleSpec s;
  s.module = query::Module::Category;
  s.sorts = kCategorySorts;
  s.csv_key_header = "id";
  s.csv_file = "categories.csv";
  s.name_field = "category";  // not `name`: the elements of dpi_paged and categories_paged stay apart
  s.fold = true;
  s.put_key = [](json::object& o, const query::ModuleItem& m) { o["id"] = m.ref.id; };
  s.csv_key = [](std::string& out, const query::ModuleItem& m) { csv_number(out, m.ref.id); };
  return s;
}

/// The application or category named `name` (any case; categories also by number), with or without
/// traffic of its own.
std::optional<query::EntityRef> find_named(const StatsCall& c, query::Module module, std::string_view name) {
  if (module == query::Module::Application) {
    auto key = c.query().find_application(name);
    if (!key) return std::nullopt;
    return query::module_ref(module, *key);
  }
  auto id = path_number(name, 0xFFFF);
  for (const query::NamedKey& k : c.query().known_categories())
    if ((id && k.key == *id) || http::iequals(k.name, name)) return query::module_ref(module, k.key);
  return std::nullopt;
}

/// The item, or for one without traffic of its own (known from its connections only) zero counters.
json::object named_item(const StatsCall& c, const ModuleSpec& spec, const query::EntityRef& ref) {
  if (auto o = module_item(c, spec, ref)) return std::move(*o);
  query::ModuleItem empty;
  empty.ref = ref;
  const auto known = ref.module == query::Module::Application ? c.query().known_applications()
                                                              : c.query().known_categories();
  for (const query::NamedKey& k : known)
    if (k.key == ref.id) empty.name = k.name;
  return module_item_json(spec, empty);  // no traffic of its own: no activity either
}

json::object app_host_json(const query::AppHostItem& h) {
  json::object o;
  o["ip"] = h.host.ip.to_string();
  o["vlan"] = h.host.vlan;
  o["name"] = h.name;
  o["allTime"] = counter_array(h.traffic);
  o["bytesFrom"] = h.traffic.tx_bytes;
  o["bytesTo"] = h.traffic.rx_bytes;
  o["connections"] = h.flows;
  return o;
}

void app_host_row(std::string& out, const query::AppHostItem& h) {
  csv_field(out, h.host.ip.to_string());
  out.push_back(',');
  csv_number(out, uint64_t{h.host.vlan});
  out.push_back(',');
  csv_field(out, h.name);
  for (uint64_t v : {h.traffic.rx_packets, h.traffic.rx_bytes, h.traffic.tx_packets, h.traffic.tx_bytes,
                     uint64_t{h.flows}}) {
    out.push_back(',');
    csv_number(out, v);
  }
}

/// Every known name of a module, as `ips` lists every IP.
http::Response all_names(StatsCall& c, query::Module module) {
  json::array out;
  const auto known =
      module == query::Module::Application ? c.query().known_applications() : c.query().known_categories();
  for (const query::NamedKey& k : known)
    out.emplace_back(k.name);
  return json_response(200, out);
}

size_t visible_hosts(const StatsCall& c, const query::EntityRef& ref) {
  query::ListRequest r{.page_size = 1, .with_interval = false};
  r.visible = c.visible();
  if (ref.module == query::Module::Category)
    return c.query().category_hosts(static_cast<uint16_t>(ref.id), r).total;
  return c.query().application_hosts(static_cast<uint32_t>(ref.id), r).total;
}

/// The path parameter naming an application (`:name`) or a category (`:category`).
std::string_view path_name(const StatsCall& c, query::Module module) {
  return c.call.path_param(module == query::Module::Category ? "category" : "name");
}

http::Response one_named(StatsCall& c, const ModuleSpec& spec, std::string_view what) {
  const std::string_view name = path_name(c, spec.module);
  auto ref = find_named(c, spec.module, name);
  if (!ref) return unknown_item(what, name);
  json::object o = named_item(c, spec, *ref);
  o["numberOfIps"] = visible_hosts(c, *ref);
  if (spec.module == query::Module::Application) {
    query::ListRequest r{.page_size = 1, .with_interval = false};
    r.visible = c.visible();
    query::ConnectionFilter f;
    f.app_key = static_cast<uint32_t>(ref->id);
    o["numberOfConnections"] = c.query().connections(r, f).total;
  }
  return json_response(200, o);
}

http::Response named_ips(StatsCall& c, query::Module module, std::string_view what) {
  const std::string_view name = path_name(c, module);
  auto ref = find_named(c, module, name);
  if (!ref) return unknown_item(what, name);
  ListParams lp;
  if (auto bad = list_params(c, kHostSorts, kLongList, lp)) return std::move(*bad);
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  const uint64_t id = ref->id;
  return list_answer<query::AppHostItem>(
      lp,
      [keep, q, module, id](const query::ListRequest& r) {
        return module == query::Module::Category ? q->category_hosts(static_cast<uint16_t>(id), r)
                                                 : q->application_hosts(static_cast<uint32_t>(id), r);
      },
      app_host_json, "ip,vlan,name,rxPackets,rxBytes,txPackets,txBytes,connections", app_host_row,
      "dpi_ips.csv");
}

http::Response app_connections(StatsCall& c) {
  const std::string_view name = c.call.path_param("name");
  auto ref = find_named(c, query::Module::Application, name);
  if (!ref) return unknown_item("application", name);
  CompiledFilter f = compile_filter(c.call.params.non_empty("filter").value_or(""));
  if (!f.error.empty()) return allegro_error(400, f.error);
  ListParams lp;
  if (auto bad = list_params(c, kConnectionSorts, kLongList, lp)) return std::move(*bad);
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  const auto key = static_cast<uint32_t>(ref->id);
  return list_answer<query::ConnectionItem>(
      lp,
      [keep, q, key, f](const query::ListRequest& r) {
        query::ConnectionFilter cf;
        cf.app_key = key;
        cf.expression = f.filter.get();
        return q->connections(r, cf);
      },
      connection_json, kConnectionCsvHeader, connection_csv_row, "dpi_connections.csv");
}

http::Response module_object(StatsCall& c) {
  size_t apps = 0;
  json::object o;
  o["globalCounters"] = module_counters(c, app_spec(), apps);
  query::ListRequest r{.page_size = 0, .with_interval = false};
  o["numberOfProtocols"] = apps;
  o["numberOfCategories"] = c.query().module_totals(query::Module::Category, r).items;
  o["numberOfItems"] = apps;
  return json_response(200, o);
}

}  // namespace

void register_dpi_routes(RouteTree& tree, ApiServices& s) {
  const std::string base(kBase);
  tree.add("GET", base, stats_route(s, module_object));
  tree.add("GET", base + "/dpi_paged",
           stats_route(s, [](StatsCall& c) { return module_list(c, app_spec()); }));
  tree.add("GET", base + "/protocols",
           stats_route(s, [](StatsCall& c) { return all_names(c, query::Module::Application); }));
  tree.add("GET", base + "/protocols/:name",
           stats_route(s, [](StatsCall& c) { return one_named(c, app_spec(), "application"); }));
  tree.add("GET", base + "/protocols/:name/ips", stats_route(s, [](StatsCall& c) {
             return named_ips(c, query::Module::Application, "application");
           }));
  tree.add("GET", base + "/protocols/:name/connections", stats_route(s, app_connections));
  tree.add("GET", base + "/categories_paged",
           stats_route(s, [](StatsCall& c) { return module_list(c, category_spec()); }));
  tree.add("GET", base + "/categories",
           stats_route(s, [](StatsCall& c) { return all_names(c, query::Module::Category); }));
  tree.add("GET", base + "/categories/:category",
           stats_route(s, [](StatsCall& c) { return one_named(c, category_spec(), "category"); }));
  tree.add("GET", base + "/categories/:category/ips",
           stats_route(s, [](StatsCall& c) { return named_ips(c, query::Module::Category, "category"); }));
}

}  // namespace netmeter::api::allegro
