// The location module: countries and autonomous systems of the IPs (docs/allegro/location.md).
#include <array>
#include <charconv>

#include "api/allegro/allegro_routes.hpp"
#include "api/allegro/counters_json.hpp"
#include "api/allegro/ip_json.hpp"
#include "api/allegro/list_json.hpp"
#include "api/allegro/stats_route.hpp"
#include "query/locations.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;
using query::SortKey;

namespace {

constexpr std::string_view kBase = "/API/stats/modules/location";

constexpr std::array kCountrySorts = {SortName{"country", SortKey::Key}, SortName{"code", SortKey::Key},
                                      SortName{"ips", SortKey::Flows}};
constexpr std::array kAsnSorts = {SortName{"asn", SortKey::Key}, SortName{"ips", SortKey::Flows}};

json::object location_json(const query::LocationItem& l, const std::optional<geo::GeoInfo>& info, bool asn) {
  json::object o;
  if (asn) {
    o["asn"] = l.asn;
    o["asOrganization"] = l.asn && info ? info->as_org : std::string();
  } else {
    o["code"] = l.country.empty() ? "--" : l.country;
    o["name"] = !l.country.empty() && info && !info->country_name.empty() ? info->country_name : "--";
    o["continentName"] =
        !l.country.empty() && info && !info->continent_name.empty() ? info->continent_name : "--";
  }
  o["numberOfIps"] = l.hosts;
  o["firstActivity"] = epoch_s(l.first_ns);
  o["lastActivity"] = epoch_s(l.last_ns);
  put_counters(o, l.traffic);
  return o;
}

/// A list of countries (asn = false) or autonomous systems.
http::Response location_list(StatsCall& c, bool asn) {
  ListParams lp;
  if (auto bad = list_params(c, asn ? std::span<const SortName>(kAsnSorts) : kCountrySorts, {}, lp))
    return std::move(*bad);
  lp.request.page_size = lp.csv ? 0 : lp.request.page_size;
  const query::QueryService& q = c.query();
  auto page = q.read([&](const stats::StatsStore& s, const query::NameResolver&) {
    return asn ? query::list_asns(s, lp.request) : query::list_countries(s, lp.request);
  });
  auto to_json = [&](const query::LocationItem& l) { return location_json(l, q.locate(l.sample), asn); };
  if (!lp.csv) return json_response(200, page_object(page, to_json));
  auto rows = std::make_shared<std::vector<std::string>>();
  for (const auto& l : page.items) {
    std::string row;
    if (asn)
      csv_number(row, uint64_t{l.asn});
    else
      row += l.country.empty() ? "--" : l.country;
    for (uint64_t v : {uint64_t{l.hosts}, l.traffic.all_time.rx_packets, l.traffic.all_time.rx_bytes,
                       l.traffic.all_time.tx_packets, l.traffic.all_time.tx_bytes}) {
      row.push_back(',');
      csv_number(row, v);
    }
    rows->push_back(std::move(row));
  }
  size_t next = 0;
  return csv_response(
      asn ? "asn,ips,rxPackets,rxBytes,txPackets,txBytes" : "country,ips,rxPackets,rxBytes,txPackets,txBytes",
      [rows, next](std::string& out, size_t want) mutable {
        while (next < rows->size() && out.size() < want)
          out.append((*rows)[next++]).append("\r\n");
        return next < rows->size();
      },
      asn ? "asns.csv" : "countries.csv");
}

http::Response one_country(StatsCall& c, std::string_view code) {
  if (code.size() != 2 && code != "--")
    return allegro_error(400, "country: an ISO 3166 two-letter code (or -- for unknown)");
  std::string key = code == "--" ? std::string() : std::string(code);
  for (char& ch : key)
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  query::ListRequest r;
  r.interval = c.time.interval;
  r.visible = c.visible();
  const query::QueryService& q = c.query();
  auto item = q.read(
      [&](const stats::StatsStore& s, const query::NameResolver&) { return query::get_country(s, key, r); });
  if (!item) return allegro_error(404, "no IP of country '" + std::string(code) + "'");
  return json_response(200, location_json(*item, q.locate(item->sample), false));
}

http::Response one_asn(StatsCall& c) {
  std::string_view text = c.call.path_param("asn");
  uint32_t asn = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), asn);
  if (ec != std::errc() || end != text.data() + text.size()) return allegro_error(400, "asn: a number");
  query::ListRequest r;
  r.interval = c.time.interval;
  r.visible = c.visible();
  const query::QueryService& q = c.query();
  auto item = q.read(
      [&](const stats::StatsStore& s, const query::NameResolver&) { return query::get_asn(s, asn, r); });
  if (!item) return allegro_error(404, "no IP of AS " + std::string(text));
  return json_response(200, location_json(*item, q.locate(item->sample), true));
}

}  // namespace

void register_location_routes(RouteTree& tree, ApiServices& s) {
  const std::string base(kBase);
  tree.add("GET", base, stats_route(s, [](StatsCall& c) {
             query::ListRequest r;
             r.page_size = 1;
             r.with_interval = false;
             r.visible = c.visible();
             auto counts = c.query().read([&](const stats::StatsStore& st, const query::NameResolver&) {
               return std::pair{query::list_countries(st, r).total, query::list_asns(st, r).total};
             });
             return json_response(
                 200, json::object{{"numberOfCountries", counts.first}, {"numberOfAsns", counts.second}});
           }));
  tree.add("GET", base + "/countries_paged",
           stats_route(s, [](StatsCall& c) { return location_list(c, false); }));
  tree.add("GET", base + "/asns_paged", stats_route(s, [](StatsCall& c) { return location_list(c, true); }));
  // PSMultimeter asks `country?country=CC`; `countries/CC` is the same.
  tree.add("GET", base + "/country", stats_route(s, [](StatsCall& c) {
             return one_country(c, c.call.params.non_empty("country").value_or(""));
           }));
  tree.add("GET", base + "/countries/:code",
           stats_route(s, [](StatsCall& c) { return one_country(c, c.call.path_param("code")); }));
  tree.add("GET", base + "/asns/:asn", stats_route(s, one_asn));
}

}  // namespace netmeter::api::allegro
