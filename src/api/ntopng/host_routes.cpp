// get/host/active.lua: the paged host list (docs/ntopng/hosts.md).
#include <algorithm>
#include <array>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/dialect.hpp"
#include "api/ntopng/host_json.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "api/routes.hpp"

namespace netmeter::api::ntopng {

namespace json = boost::json;
using query::SortKey;

namespace {

/// The columns the query layer sorts on, over the whole list, selecting the page without sorting it all.
constexpr std::array kQuerySorts = {
    SortColumn{"ip", SortKey::Key},          SortColumn{"name", SortKey::Name},
    SortColumn{"since", SortKey::FirstSeen}, SortColumn{"last", SortKey::LastSeen},
    SortColumn{"num_flows", SortKey::Flows}, SortColumn{"traffic", SortKey::Bytes},
    SortColumn{"thpt", SortKey::Bps}};

/// The columns sorted here, over every host the filter keeps (then by key).
enum class LocalSort { None, Vlan, Country, Asn };

struct ActiveRequest {
  PageParams page;
  query::ListRequest list;
  query::HostFilter filter;
  LocalSort local = LocalSort::None;
};

std::optional<http::Response> parse_sort(const PageParams& page, ActiveRequest& out) {
  out.list.order = page.sort_order == "desc" ? query::Order::Descending : query::Order::Ascending;
  const std::string& col = page.sort_column;
  if (col.empty()) return std::nullopt;  // ntopng's default: by IP
  if (auto key = find_sort_column(kQuerySorts, col)) {
    out.list.sort = *key;
    return std::nullopt;
  }
  if (col == "vlan")
    out.local = LocalSort::Vlan;
  else if (col == "country")
    out.local = LocalSort::Country;
  else if (col == "asn")
    out.local = LocalSort::Asn;
  else
    return invalid_arguments(
        "sortColumn '" + col +
        "' is not one netmeter sorts on (ip, name, since, last, country, vlan, asn, num_flows, traffic, "
        "thpt)");
  return std::nullopt;
}

using Predicate = std::function<bool(const core::IpAddress&)>;

/// `a` and `b` (an empty predicate keeps everything).
Predicate both(Predicate a, Predicate b) {
  if (!a) return b;
  if (!b) return a;
  return [a = std::move(a), b = std::move(b)](const core::IpAddress& ip) { return a(ip) && b(ip); };
}

std::optional<http::Response> parse_mode(const Params& p, query::HostFilter& f) {
  auto mode = p.non_empty("mode");
  if (!mode || *mode == "all") return std::nullopt;
  if (*mode == "local")
    f.mode = query::HostMode::Local;
  else if (*mode == "remote")
    f.mode = query::HostMode::Remote;
  else
    return invalid_arguments("mode '" + std::string(*mode) +
                             "' is not one netmeter filters on (all, local, remote)");
  return std::nullopt;
}

/// Filters ntopng has that netmeter cannot apply honestly: refused rather than ignored.
std::optional<http::Response> refuse_unsupported(const Params& p) {
  for (std::string_view name : {"protocol", "traffic_type", "pool", "os", "mac"}) {
    if (p.non_empty(name))
      return invalid_arguments(std::string(name) + ": netmeter does not filter hosts on it");
  }
  return std::nullopt;
}

std::optional<http::Response> parse_numbers(NtopCall& c, ActiveRequest& out) {
  const Params& p = c.call.params;
  auto version = p.integer("version", 4, 6);
  if (version.error || (version.value && *version.value == 5))
    return invalid_arguments("version must be 4 or 6");
  if (version.value) out.filter.ip_version = static_cast<uint8_t>(*version.value);
  auto vlan = p.integer("vlan", 0, 4095);
  if (vlan.error) return invalid_arguments("vlan: " + *vlan.error);
  if (vlan.value) out.filter.vlan = static_cast<uint16_t>(*vlan.value);
  auto asn = p.integer("asn", 0, UINT32_MAX);
  if (asn.error) return invalid_arguments("asn: " + *asn.error);
  if (asn.value) {
    const query::QueryService* q = &c.query();
    const uint32_t want = static_cast<uint32_t>(*asn.value);
    out.list.visible = both(std::move(out.list.visible), [q, want](const core::IpAddress& ip) {
      auto g = q->locate(ip);
      return (g ? g->asn : 0) == want;
    });
  }
  return std::nullopt;
}

std::optional<http::Response> parse_networks(NtopCall& c, ActiveRequest& out) {
  const Params& p = c.call.params;
  auto network = p.integer("network", 0, 65535);
  if (network.error) return invalid_arguments("network: " + *network.error);
  if (network.value) {
    auto nets = c.query().read(
        [](const stats::StatsStore& s, const query::NameResolver&) { return s.config().local_networks; });
    if (static_cast<size_t>(*network.value) >= nets.size())
      return invalid_arguments("network: no such local network id");
    core::Cidr net = nets[static_cast<size_t>(*network.value)];
    out.list.visible =
        both(std::move(out.list.visible), [net](const core::IpAddress& ip) { return net.contains(ip); });
  }
  if (auto cidr = p.non_empty("network_cidr")) {
    auto net = core::Cidr::parse(*cidr);
    if (!net) return invalid_arguments("network_cidr is not a network (a.b.c.d/n or x::y/n)");
    out.list.visible = both(std::move(out.list.visible),
                            [net = *net](const core::IpAddress& ip) { return net.contains(ip); });
  }
  return std::nullopt;
}

std::optional<http::Response> parse_active(NtopCall& c, ActiveRequest& out) {
  const Params& p = c.call.params;
  if (auto e = parse_page(p, out.page)) return e;
  if (auto e = parse_sort(out.page, out)) return e;
  if (auto e = parse_mode(p, out.filter)) return e;
  if (auto e = refuse_unsupported(p)) return e;
  out.list.visible = c.visible();
  if (auto e = parse_numbers(c, out)) return e;
  if (auto e = parse_networks(c, out)) return e;
  if (auto country = p.non_empty("country")) out.filter.country = std::string(*country);
  out.list.page = out.page.current_page - 1;
  out.list.page_size = out.page.per_page;
  return std::nullopt;
}

/// Sorts every host the filter keeps on a column the query layer does not know, then takes the page
/// and fills its items again with their last-second values.
query::Page<query::HostItem> locally_sorted(NtopCall& c, const ActiveRequest& a) {
  query::ListRequest all = a.list;
  all.sort = SortKey::Key;
  all.order = query::Order::Ascending;
  all.page = 0;
  all.page_size = 0;
  all.with_interval = false;
  query::Page<query::HostItem> page = c.query().hosts(all, a.filter);
  auto less = [&](const query::HostItem& x, const query::HostItem& y) {
    switch (a.local) {
      case LocalSort::Vlan:
        return x.key.vlan < y.key.vlan;
      case LocalSort::Country:
        return x.country < y.country;
      default:
        return x.asn < y.asn;
    }
  };
  const bool desc = a.list.order == query::Order::Descending;
  // Stable: ties stay in ascending key order.
  std::stable_sort(page.items.begin(), page.items.end(),
                   [&](const auto& x, const auto& y) { return desc ? less(y, x) : less(x, y); });
  const size_t size = a.list.page_size, begin = size ? a.list.page * size : 0;
  const size_t end = size ? std::min(page.items.size(), begin + size) : page.items.size();
  std::vector<query::HostItem> items;
  for (size_t i = begin; i < end; ++i) {
    auto d = c.query().host(page.items[i].key);
    items.push_back(d ? std::move(d->summary) : page.items[i]);
  }
  page.items = std::move(items);
  page.page = a.list.page;
  page.page_size = size;
  return page;
}

json::value sort_echo(const PageParams& p) {
  json::array inner;
  if (!p.sort_column.empty()) inner.emplace_back("column_" + p.sort_column);
  if (!p.sort_order.empty()) inner.emplace_back(p.sort_order);
  return json::array{std::move(inner)};
}

http::Response active(NtopCall& c) {
  ActiveRequest a;
  if (auto e = parse_active(c, a)) return std::move(*e);
  query::Page<query::HostItem> page =
      a.local == LocalSort::None ? c.query().hosts(a.list, a.filter) : locally_sorted(c, a);
  json::array data;
  data.reserve(page.items.size());
  for (const auto& h : page.items)
    data.push_back(active_record(h));
  json::object rsp;
  rsp["currentPage"] = a.page.all ? 1 : a.page.current_page;
  rsp["perPage"] = a.page.all ? page.total : a.page.per_page;
  rsp["totalRows"] = page.total;
  rsp["sort"] = sort_echo(a.page);
  rsp["data"] = std::move(data);
  return ntop_ok(rsp);
}

}  // namespace

void register_host_routes(RouteTree& tree, ApiServices& services) {
  add_ntopng_read(tree, "get/host/active.lua", interface_route(services, active));
}

}  // namespace netmeter::api::ntopng
