#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "query/host_aliases.hpp"
#include "query/list_request.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

// Lists of the application-layer modules (DNS, DHCP, HTTP, TLS) over stats::L7Stats and the hosts' DNS
// and HTTP counters. These counters are totals since the start (or the last reset): they have no history,
// so the request's interval and scope do not apply. Every list hides addresses the request may not see.

/// What these lists sort on. They have no traffic counters: `ListRequest::sort` is not used.
enum class L7Sort : uint8_t {
  Key,        ///< the address (then VLAN); name lists: the name; DHCP clients: the MAC
  Name,       ///< the host's best name; DHCP clients: the DHCP host name; name lists: the name
  Requests,   ///< DNS queries, HTTP requests (sent and received), DHCP REQUESTs naming a server, name counts
  Responses,  ///< DNS responses, HTTP responses, DHCP OFFERs, ACKs and NAKs
  Errors,     ///< DNS responses with an error code, DHCP NAKs
  AvgTime,    ///< response time (DNS and HTTP servers; 0 when none was measured)
  MinTime,
  MaxTime,
  Address,    ///< DHCP clients: the address acknowledged (or in use)
  IssueTime,  ///< DHCP clients: time of the last ACK
  LastSeen,   ///< DHCP clients: time of the last message
  Status0,    ///< HTTP responses with a status outside 100..599
  Status1,    ///< HTTP 1xx responses
  Status2,
  Status3,
  Status4,
  Status5,  ///< HTTP 5xx responses
};

/// A text filter: part of the address ("ip" or "ip@vlan"), of the name or (DHCP clients) of the MAC, in
/// any case.
struct L7Filter {
  std::string text;
};

/// A host that asked DNS questions (HostEntry::dns as a client).
struct DnsClientItem {
  stats::HostKey key;
  std::string name;
  stats::DnsHostCounters dns;
};

/// A DNS server (DnsStats::servers): what was asked of it and how it answered.
struct DnsServerItem {
  stats::HostKey key;
  std::string name;
  stats::DnsServerStats stats;
};

/// The bounded name tables: DNS query names, HTTP Host headers, TLS server names (SNI).
enum class NameTable : uint8_t { DnsQueries, HttpHosts, TlsSnis };

/// A name and how often it was seen (queries, requests, ClientHellos). The tables keep the most counted
/// names only (stats::TopCounter): a name that took an evicted one's place inherited its count, and at
/// most `overcount` of `count` is not its own.
struct NameCountItem {
  std::string name;
  uint64_t count = 0;
  uint64_t overcount = 0;
};

/// A host that took part in HTTP: its own counters as a client and a server, and, when it is in the
/// module's server table, the response times and Host names measured there.
struct HttpHostItem {
  stats::HostKey key;
  std::string name;
  stats::HttpHostCounters http;
  std::optional<stats::HttpServerStats> server;

  uint64_t requests_sent() const;
};

/// An HTTP server of the module's table (HttpStats::servers).
struct HttpServerItem {
  stats::HostKey key;
  std::string name;
  stats::HttpServerStats stats;
};

/// A DHCP client, by its hardware address.
struct DhcpClientItem {
  stats::MacKey mac = 0;
  stats::DhcpLease lease;
};

/// A DHCP server (DhcpStats::servers).
struct DhcpServerItem {
  stats::HostKey key;
  std::string name;
  stats::DhcpServerStats stats;
};

/// Hosts that sent DNS queries or received responses. Sorts: Key, Name, Requests (queries sent),
/// Responses (received), Errors (error responses received).
Page<DnsClientItem> dns_clients(const stats::StatsStore& store, const ListRequest& request, L7Sort sort,
                                const L7Filter& filter = {}, const AliasView& aliases = {});
/// DNS servers. Sorts: Key, Name, Requests, Responses, Errors, AvgTime, MinTime, MaxTime.
Page<DnsServerItem> dns_servers(const stats::StatsStore& store, const ListRequest& request, L7Sort sort,
                                const L7Filter& filter = {}, const AliasView& aliases = {});
/// One of the name tables. Sorts: Key and Name (the name), Requests (the count). Names are not addresses:
/// `request.visible` does not narrow them (the caller decides who may read them).
Page<NameCountItem> l7_names(const stats::StatsStore& store, NameTable table, const ListRequest& request,
                             L7Sort sort, const L7Filter& filter = {});
/// Hosts with HTTP requests or responses in either role. Sorts: Key, Name, Requests (sent and received),
/// Responses (sent and received), AvgTime, MinTime, MaxTime (as a server).
Page<HttpHostItem> http_hosts(const stats::StatsStore& store, const ListRequest& request, L7Sort sort,
                              const L7Filter& filter = {}, const AliasView& aliases = {});
/// HTTP servers. Sorts: Key, Name, Requests, Responses, AvgTime, MinTime, MaxTime, Status0..Status5.
Page<HttpServerItem> http_servers(const stats::StatsStore& store, const ListRequest& request, L7Sort sort,
                                  const L7Filter& filter = {}, const AliasView& aliases = {});
/// DHCP clients. A client without a known address is shown only to a caller who sees every address.
/// Sorts: Key (MAC), Name (host name), Address, IssueTime, LastSeen.
Page<DhcpClientItem> dhcp_clients(const stats::StatsStore& store, const ListRequest& request, L7Sort sort,
                                  const L7Filter& filter = {});
/// DHCP servers. Sorts: Key, Name, Requests (REQUESTs naming it), Responses (OFFERs, ACKs and NAKs),
/// Errors (NAKs).
Page<DhcpServerItem> dhcp_servers(const stats::StatsStore& store, const ListRequest& request, L7Sort sort,
                                  const L7Filter& filter = {}, const AliasView& aliases = {});

}  // namespace netmeter::query
