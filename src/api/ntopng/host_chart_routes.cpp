// get/host/l7/stats.lua and get/host/dscp/stats.lua: a host's pie charts (docs/ntopng/hosts.md).
#include <map>

#include "api/dialect.hpp"
#include "api/ntopng/chart_json.hpp"
#include "api/ntopng/host_json.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "api/routes.hpp"

namespace netmeter::api::ntopng {

namespace {

int64_t seconds(int64_t ns) {
  return ns / 1'000'000'000;
}

/// The breed of each of the host's protocols (under ntopng's name for it), from the connections the
/// interface keeps of the host: nDPI gives a breed per flow.
std::map<std::string, std::string> protocol_breeds(const NtopCall& c, const stats::HostKey& key) {
  return c.query().read([&](const stats::StatsStore& store, const query::NameResolver& names) {
    std::map<std::string, std::string> out;
    query::ListRequest all;
    all.page_size = 0;
    all.with_interval = false;
    auto page = query::host_connections(store, names, key, all);
    if (!page) return out;
    for (const auto& f : page->items)
      out.emplace(stats_protocol_name(names, f.master, f.app), names.breed(f.breed));
    return out;
  });
}

std::vector<Slice> breed_slices(const NtopCall& c, const HostFacts& f) {
  const auto breeds = protocol_breeds(c, f.detail.summary.key);
  std::map<std::string, uint64_t> sums;
  for (const HostL7& p : f.protocols) {
    auto b = breeds.find(p.name);
    if (b != breeds.end() && p.traffic.bytes() > 0) sums[b->second] += p.traffic.bytes();
  }
  std::vector<Slice> out;
  for (const auto& [breed, bytes] : sums)
    out.push_back({breed, bytes, std::nullopt, ""});
  return out;
}

std::vector<Slice> l7_slices(const std::vector<HostL7>& items) {
  std::vector<Slice> out;
  for (const HostL7& p : items) {
    if (p.traffic.bytes() > 0) out.push_back({p.name, p.traffic.bytes(), seconds(p.duration_ns), ""});
  }
  return out;
}

http::Response l7_stats(NtopCall& c) {
  FoundHost h = find_host(c);
  if (h.error) return std::move(*h.error);
  const Params& p = c.call.params;
  std::vector<Slice> slices;
  if (p.flag("breed").value_or(false))
    slices = breed_slices(c, *h.facts);
  else if (p.flag("ndpi_category").value_or(false))
    slices = l7_slices(h.facts->categories);
  else
    slices = l7_slices(h.facts->protocols);
  return ntop_ok(collapse_stats(std::move(slices), 1, 3));
}

/// `direction=recv` (also `rcvd`, or the flag `direction_rcvd`): packets received; else packets sent.
std::optional<bool> received(const Params& p) {
  if (p.flag("direction_rcvd").value_or(false)) return true;
  auto d = p.non_empty("direction");
  if (!d || *d == "sent") return false;
  if (*d == "recv" || *d == "rcvd") return true;
  return std::nullopt;
}

http::Response dscp_stats(NtopCall& c) {
  auto rcvd = received(c.call.params);
  if (!rcvd) return invalid_arguments("direction must be sent or recv");
  FoundHost h = find_host(c);
  if (h.error) return std::move(*h.error);
  const stats::HostEntry& e = h.facts->detail.entry;
  std::map<std::string, uint64_t> classes;
  auto add = [&](uint8_t code, const stats::Traffic& t) {
    classes[dscp_class(code)] += *rcvd ? t.rx_packets : t.tx_packets;
  };
  add(0, e.dscp_traffic(0));
  for (const auto& [code, t] : e.dscp)
    add(code, t);
  std::vector<Slice> slices;
  for (const auto& [cls, packets] : classes) {
    if (packets > 0) slices.push_back({dscp_class_label(cls), packets, std::nullopt, ""});
  }
  return ntop_ok(collapse_stats(std::move(slices), 1, 1));
}

}  // namespace

void register_host_chart_routes(RouteTree& tree, ApiServices& services) {
  add_ntopng_read(tree, "get/host/l7/stats.lua", interface_route(services, l7_stats));
  add_ntopng_read(tree, "get/host/dscp/stats.lua", interface_route(services, dscp_stats));
}

}  // namespace netmeter::api::ntopng
