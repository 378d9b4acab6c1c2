// ntopng's flow list: get/flow/active.lua (docs/ntopng/flows.md), over query::QueryService::active_flows.
#include <array>
#include <boost/json.hpp>
#include <charconv>
#include <string>
#include <string_view>

#include "api/dialect.hpp"
#include "api/ntopng/flow_json.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "api/routes.hpp"
#include "query/hosts.hpp"

namespace netmeter::api::ntopng {

namespace json = boost::json;
using query::SortKey;

namespace {

// ntopng's C++ flow sort columns that netmeter measures; the others (score, info, RTTs, device ...) and
// the default "column_" sort by bytes, as ntopng's unknown columns do.
constexpr std::array<SortColumn, 12> kSortColumns{{
    {"client", SortKey::ClientIp},
    {"server", SortKey::ServerIp},
    {"vlan", SortKey::Vlan},
    {"proto_l4", SortKey::L4},
    {"ndpi", SortKey::Name},
    {"protocol", SortKey::Name},
    {"duration", SortKey::Duration},
    {"thpt", SortKey::Bps},
    {"last_seen", SortKey::LastSeen},
    {"first_seen", SortKey::FirstSeen},
    {"bytes", SortKey::Bytes},
    {"key", SortKey::FlowKey},
}};

// ntopng filters on what netmeter does not keep per flow: refused rather than silently ignored.
constexpr std::array<std::string_view, 20> kUnsupportedFilters{
    "dscp",     "network",      "traffic_type", "flowhosts_type", "alert_type", "alert_type_severity",
    "asn",      "host_pool_id", "flow_info",    "tcp_flow_state", "icmp_type",  "icmp_cod",
    "deviceIP", "inIfIdx",      "outIfIdx",     "username",       "pid_name",   "container",
    "pod",      "wlan_ssid",
};

SortKey sort_key(std::string_view column) {
  return find_sort_column(kSortColumns, column).value_or(SortKey::Bytes);
}

std::optional<uint16_t> small_number(std::string_view text, unsigned max) {
  unsigned n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || n > max) return std::nullopt;
  return static_cast<uint16_t>(n);
}

http::Response invalid(std::string_view name, std::string_view why) {
  return invalid_arguments(std::string(name) + ": " + std::string(why));
}

/// Reads the filters into `f`. `none` is set when they contradict each other (two VLANs): nothing matches.
class FilterReader {
 public:
  FilterReader(const Params& params, query::FlowFilter& f) : params_(params), f_(f) {}

  std::optional<http::Response> read() {
    for (std::string_view name : kUnsupportedFilters)
      if (params_.non_empty(name)) return invalid(name, "netmeter does not keep this per flow");
    if (auto bad = address("host", f_.host)) return bad;
    if (auto bad = address("client", f_.client)) return bad;
    if (auto bad = address("server", f_.server)) return bad;
    if (auto bad = address("talking_with", f_.talking_with)) return bad;
    if (auto bad = numbers()) return bad;
    if (auto app = params_.non_empty("application")) {
      if (auto id = small_number(*app, 65535))
        f_.app_id = *id;
      else
        f_.application = std::string(*app);
    }
    if (auto cat = params_.non_empty("category")) {
      if (auto id = small_number(*cat, 65535))
        f_.category_id = *id;
      else
        f_.category = std::string(*cat);
    }
    return std::nullopt;
  }
  bool none() const { return none_; }

 private:
  std::optional<http::Response> address(std::string_view name, std::optional<core::IpAddress>& out) {
    auto text = params_.non_empty(name);
    if (!text) return std::nullopt;
    auto key = query::parse_host_key(*text);
    if (!key) return invalid(name, "not an address (ip or ip@vlan)");
    out = key->ip;
    if (text->find('@') != std::string_view::npos) add_vlan(key->vlan);
    return std::nullopt;
  }

  std::optional<http::Response> numbers() {
    if (auto v = params_.non_empty("vlan")) {
      auto vlan = small_number(*v, 4095);
      if (!vlan) return invalid("vlan", "not a VLAN id");
      add_vlan(*vlan);
    }
    if (auto p = params_.non_empty("l4proto")) {
      f_.l4 = parse_l4(*p);
      if (!f_.l4) return invalid("l4proto", "not an IP protocol number or name");
    }
    if (auto p = params_.non_empty("port")) {
      f_.port = small_number(*p, 65535);
      if (!f_.port) return invalid("port", "not a port number");
    }
    if (auto v = params_.non_empty("version")) {
      if (*v != "4" && *v != "6") return invalid("version", "must be 4 or 6");
      f_.version = static_cast<uint8_t>(*v == "4" ? 4 : 6);
    }
    return std::nullopt;
  }

  void add_vlan(uint16_t vlan) {
    if (f_.vlan && *f_.vlan != vlan) none_ = true;
    f_.vlan = vlan;
  }

  const Params& params_;
  query::FlowFilter& f_;
  bool none_ = false;
};

json::array sort_echo(const PageParams& p) {
  json::array entry{"column_" + p.sort_column, p.sort_order.empty() ? std::string("desc") : p.sort_order};
  return json::array{std::move(entry)};
}

http::Response active_flows(NtopCall& c) {
  const Params& params = c.call.params;
  PageParams page;
  if (auto bad = parse_page(params, page)) return std::move(*bad);
  query::FlowFilter filter;
  FilterReader reader(params, filter);
  if (auto bad = reader.read()) return std::move(*bad);
  auto verbose = params.flag("verbose");

  query::ListRequest request;
  request.sort = sort_key(page.sort_column);
  request.order = page.descending() ? query::Order::Descending : query::Order::Ascending;
  request.page = page.current_page - 1;
  request.page_size = page.per_page;
  request.with_interval = false;
  request.visible = c.visible();
  query::Page<query::FlowItem> flows;
  if (!reader.none()) flows = c.query().active_flows(request, filter);

  json::array data;
  data.reserve(flows.items.size());
  for (const auto& f : flows.items)
    data.push_back(flow_json(f, verbose.value_or(false)));
  json::object rsp;
  rsp["perPage"] = page.per_page;
  rsp["currentPage"] = page.current_page;
  rsp["totalRows"] = flows.total;
  rsp["data"] = std::move(data);
  rsp["sort"] = sort_echo(page);
  return ntop_ok(rsp);
}

}  // namespace

void register_flow_routes(RouteTree& tree, ApiServices& services) {
  add_ntopng_read(tree, "get/flow/active.lua", interface_route(services, active_flows));
}

}  // namespace netmeter::api::ntopng
