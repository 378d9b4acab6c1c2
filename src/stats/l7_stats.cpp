#include "stats/l7_stats.hpp"

namespace netmeter::stats {

namespace {

void learn_dns_names(const L7Event& e, L7Stats& stats, const StatsConfig& config) {
  if (e.kind != L7Kind::DnsResponse || e.rcode != 0 || e.name_len == 0) return;
  for (uint8_t i = 0; i < e.address_count && i < L7Event::kMaxAddresses; ++i) {
    HostKey key{e.addresses[i], e.client.vlan};
    std::string* known = stats.dns_names.find(key);
    if (known)
      known->assign(e.name_view());  // the latest answer wins, as in a resolver's cache
    else
      stats.dns_names.put(key, std::string(e.name_view()), config.l7_max_address_names);
  }
}

void apply_dhcp_event(const L7Event& e, L7Stats& stats, HostEntry* client, const StatsConfig& config) {
  const DhcpLease* lease = apply_dhcp(e, stats.dhcp, config);
  if (!lease || lease->host_name.empty() || lease->address.empty()) return;
  // Name the address the client was given (or uses), not the 0.0.0.0 it asks from.
  bool about_lease = (e.flags & L7Event::kHasClientAddress) && e.addresses[0] == lease->address;
  if (!about_lease) return;
  HostKey key{lease->address, e.client.vlan};
  if (std::string* known = stats.dhcp_names.find(key))
    known->assign(lease->host_name);
  else
    stats.dhcp_names.put(key, lease->host_name, config.l7_max_address_names);
  if (client && client->key == key) client->dhcp_name = lease->host_name;
}

}  // namespace

bool fill_host_names(const L7Stats& stats, HostEntry& host) {
  bool changed = false;
  if (host.dns_name.empty()) {
    if (const std::string* n = stats.dns_names.find(host.key)) {
      host.dns_name = *n;
      changed = true;
    }
  }
  if (host.dhcp_name.empty()) {
    if (const std::string* n = stats.dhcp_names.find(host.key)) {
      host.dhcp_name = *n;
      changed = true;
    }
  }
  return changed;
}

void apply_l7_event(const L7Event& e, int64_t, L7Stats& stats, HostEntry* client, HostEntry* server,
                    const StatsConfig& config) {
  ++stats.events;
  switch (e.kind) {
    case L7Kind::DnsQuery:
    case L7Kind::DnsResponse:
      apply_dns(e, stats.dns, client, server, config);
      learn_dns_names(e, stats, config);
      break;
    case L7Kind::HttpRequest:
    case L7Kind::HttpResponse:
      apply_http(e, stats.http, client, server, config);
      break;
    case L7Kind::TlsClientHello:
    case L7Kind::TlsServerHello:
      apply_tls(e, stats.tls, client, server, config);
      break;
    case L7Kind::Dhcp:
      apply_dhcp_event(e, stats, client, config);
      break;
  }
  if (client) fill_host_names(stats, *client);
  if (server) fill_host_names(stats, *server);
}

}  // namespace netmeter::stats
