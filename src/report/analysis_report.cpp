#include "report/analysis_report.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>

#include "core/ip_protocol.hpp"

namespace netmeter::report {

namespace {

using HostKey = std::pair<core::IpAddress, uint16_t>;

void add_direction(HostTotals& sender, HostTotals& receiver, const flow::DirectionStats& d) {
  sender.packets_sent += d.packets;
  sender.bytes_sent += d.bytes;
  receiver.packets_rcvd += d.packets;
  receiver.bytes_rcvd += d.bytes;
}

std::vector<HostTotals> host_totals(const std::vector<flow::Flow>& flows) {
  std::map<HostKey, HostTotals> hosts;
  auto host = [&](const core::IpAddress& ip, uint16_t vlan) -> HostTotals& {
    auto [it, inserted] = hosts.try_emplace({ip, vlan});
    if (inserted) {
      it->second.ip = ip;
      it->second.vlan = vlan;
    }
    return it->second;
  };
  for (const auto& f : flows) {
    HostTotals& client = host(f.client().ip, f.key.vlan);
    HostTotals& server = host(f.server().ip, f.key.vlan);
    ++client.flows_as_client;
    ++server.flows_as_server;
    add_direction(client, server, f.dir[flow::Flow::kClientToServer]);
    add_direction(server, client, f.dir[flow::Flow::kServerToClient]);
  }
  std::vector<HostTotals> out;
  out.reserve(hosts.size());
  for (auto& [key, h] : hosts)
    out.push_back(h);
  std::stable_sort(out.begin(), out.end(),
                   [](const HostTotals& a, const HostTotals& b) { return a.bytes() > b.bytes(); });
  return out;
}

std::vector<ApplicationTotals> application_totals(const std::vector<flow::Flow>& flows,
                                                  const dpi::Classifier& names) {
  std::map<std::tuple<uint16_t, uint16_t>, ApplicationTotals> apps;
  for (const auto& f : flows) {
    auto [it, inserted] = apps.try_emplace({f.app.master, f.app.app});
    ApplicationTotals& a = it->second;
    if (inserted) {
      a.name = names.application_name(f.app);
      flow::AppInfo master_only = f.app;
      master_only.app = 0;
      a.master = f.app.master != 0 ? names.counting_name(master_only) : "Unknown";
      flow::AppInfo app_only = f.app;
      app_only.master = 0;
      a.app = names.counting_name(app_only);
      a.category = names.category_name(f.app);
      a.breed = names.breed_name(f.app);
    }
    ++a.flows;
    a.packets += f.packets();
    a.bytes += f.bytes();
  }
  std::vector<ApplicationTotals> out;
  for (auto& [key, a] : apps)
    out.push_back(std::move(a));
  std::stable_sort(out.begin(), out.end(),
                   [](const ApplicationTotals& a, const ApplicationTotals& b) { return a.bytes > b.bytes; });
  return out;
}

}  // namespace

std::string l4_name(uint8_t proto) {
  return core::ip_protocol_name(proto);
}

AnalysisReport build_report(engine::Results results, const dpi::Classifier& names, std::string source,
                            unsigned workers) {
  AnalysisReport r;
  r.source = std::move(source);
  r.workers = workers;
  r.hosts = host_totals(results.flows);
  r.applications = application_totals(results.flows, names);
  r.flow_order.resize(results.flows.size());
  std::iota(r.flow_order.begin(), r.flow_order.end(), size_t{0});
  const auto& flows = results.flows;
  std::stable_sort(r.flow_order.begin(), r.flow_order.end(), [&](size_t a, size_t b) {
    return std::tuple(flows[a].first_seen(), flows[a].client(), flows[a].server()) <
           std::tuple(flows[b].first_seen(), flows[b].client(), flows[b].server());
  });
  r.results = std::move(results);
  return r;
}

}  // namespace netmeter::report
