// The TLS module (Allegro's `ssl`): /API/stats/modules/ssl and its server-name list (docs/allegro/l7.md
// "TLS"). Nothing per address is measured (no per-server hello times), so there is no ips_paged and no
// response-stats here.
#include "api/allegro/l7_common.hpp"
#include "api/allegro/l7_routes.hpp"
#include "l7/tls_parser.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;

namespace {

constexpr std::string_view kBase = "/API/stats/modules/ssl";

json::object versions_json(const std::vector<std::pair<uint16_t, uint64_t>>& versions) {
  json::object o;
  // Several versions share a name (drafts, GREASE, unknown ones): their counts add up.
  for (const auto& [version, n] : versions) {
    json::value& v = o[l7::tls_version_name(version)];
    v = (v.is_uint64() ? v.get_uint64() : 0) + n;
  }
  return o;
}

json::object module_object(const StatsCall& c) {
  const query::TlsSummary s = c.query().tls_summary();
  json::object o;
  o["clientHellos"] = s.client_hellos;
  o["clientHellosWithoutSni"] = s.client_hellos_without_sni;
  o["serverHellos"] = s.server_hellos;
  o["unmatchedServerHellos"] = s.unmatched_server_hellos;
  o["clientVersions"] = versions_json(s.client_versions);
  o["serverVersions"] = versions_json(s.server_versions);
  o["globalHelloResponseTimes"] = response_times_json(s.handshake_time);
  o["numberOfServerNames"] = s.snis;
  o["limits"] = json::object{{"serverNamesEvicted", s.snis_evicted}};
  if (full_detail(c)) put_top_names(o, c, query::NameTable::TlsSnis, "topServerNames", "clientHellos");
  return o;
}

}  // namespace

void register_tls_routes(RouteTree& tree, ApiServices& s) {
  const std::string base(kBase);
  tree.add("GET", base, stats_route(s, [](StatsCall& c) { return json_response(200, module_object(c)); }));
  tree.add("GET", base + "/top-ssl", stats_route(s, [](StatsCall& c) {
             return name_list(c, query::NameTable::TlsSnis, "clientHellos", "tls_server_names.csv");
           }));
}

}  // namespace netmeter::api::allegro
