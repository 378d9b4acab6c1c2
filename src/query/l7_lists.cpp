#include "query/l7_lists.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "query/list_engine.hpp"

namespace netmeter::query {

namespace {

using stats::HostEntry;
using stats::HostKey;
using stats::StatsStore;

/// The request run_list works on: Key and Name as they are, Address as an address key, every other sort
/// as a number the sources compute from their own L7Sort (their number() ignores the engine's key).
ListRequest engine_request(const ListRequest& r, L7Sort sort) {
  ListRequest out = r;
  switch (sort) {
    case L7Sort::Key:
      out.sort = SortKey::Key;
      break;
    case L7Sort::Name:
      out.sort = SortKey::Name;
      break;
    case L7Sort::Address:
      out.sort = SortKey::ClientIp;
      break;
    default:
      out.sort = SortKey::Packets;
      break;
  }
  return out;
}

template <size_t N>
uint64_t sum(const std::array<uint64_t, N>& a) {
  return std::accumulate(a.begin(), a.end(), uint64_t{0});
}

/// A response-time sort value in ns; 0 when nothing was measured.
uint64_t time_number(const stats::TimeStats& t, L7Sort sort) {
  if (t.count == 0) return 0;
  switch (sort) {
    case L7Sort::AvgTime:
      return static_cast<uint64_t>(t.avg());
    case L7Sort::MinTime:
      return static_cast<uint64_t>(t.min);
    case L7Sort::MaxTime:
      return static_cast<uint64_t>(t.max);
    default:
      return 0;
  }
}

/// Whether the (lower-case) text filter matches the address or the name.
bool text_matches(const std::string& text, const HostKey& key, std::string_view name) {
  return text.empty() || detail::contains_icase(name, text) || detail::contains_icase(key.to_string(), text);
}

std::string_view host_name(const StatsStore& store, const HostKey& key, const AliasView& aliases) {
  if (const std::string* alias = aliases.find(key.ip)) return *alias;
  const HostEntry* h = store.hosts().find(key);
  return h ? std::string_view(h->name()) : std::string_view();
}

/// A list Source over the hosts that take part in a protocol, as Traits says.
template <typename Traits>
class HostSource {
 public:
  using Ref = const HostEntry*;
  using Key = HostKey;

  HostSource(const StatsStore& store, const ListRequest& request, L7Sort sort, const L7Filter& filter,
             const AliasView& aliases)
      : store_(store), request_(request), sort_(sort), text_(detail::lower(filter.text)), aliases_(aliases) {}

  size_t size_hint() const { return store_.hosts().size(); }
  bool sorts_by(SortKey) const { return true; }
  template <typename F>
  void for_each(F&& f) const {
    store_.hosts().for_each([&](const HostEntry& h) {
      if (Traits::takes_part(h) && may_see(request_, h.key.ip) &&
          text_matches(text_, h.key, aliases_.name(h)))
        f(&h);
    });
  }
  Key key(Ref h) const { return h->key; }
  std::string_view name(Ref h) const { return aliases_.name(*h); }
  uint64_t number(Ref h, SortKey) const { return Traits::number(store_, *h, sort_); }
  auto item(Ref h) const {
    auto i = Traits::item(store_, *h);
    i.name = aliases_.name(*h);
    return i;
  }

 private:
  const StatsStore& store_;
  const ListRequest& request_;
  L7Sort sort_;
  std::string text_;
  const AliasView& aliases_;
};

/// A list Source over one of the modules' server tables (address → Traits::Stats).
template <typename Traits>
class ServerSource {
 public:
  using Map = std::unordered_map<HostKey, typename Traits::Stats, stats::HostKeyHash>;
  using Ref = const typename Map::value_type*;
  using Key = HostKey;

  ServerSource(const StatsStore& store, const Map& servers, const ListRequest& request, L7Sort sort,
               const L7Filter& filter, const AliasView& aliases)
      : store_(store),
        servers_(servers),
        request_(request),
        sort_(sort),
        text_(detail::lower(filter.text)),
        aliases_(aliases) {}

  size_t size_hint() const { return servers_.size(); }
  bool sorts_by(SortKey) const { return true; }
  template <typename F>
  void for_each(F&& f) const {
    for (const auto& kv : servers_)
      if (may_see(request_, kv.first.ip) &&
          text_matches(text_, kv.first, host_name(store_, kv.first, aliases_)))
        f(&kv);
  }
  Key key(Ref r) const { return r->first; }
  std::string_view name(Ref r) const { return host_name(store_, r->first, aliases_); }
  uint64_t number(Ref r, SortKey) const { return Traits::number(r->second, sort_); }
  typename Traits::Item item(Ref r) const { return {r->first, std::string(name(r)), r->second}; }

 private:
  const StatsStore& store_;
  const Map& servers_;
  const ListRequest& request_;
  L7Sort sort_;
  std::string text_;
  const AliasView& aliases_;
};

struct DnsClientTraits {
  static bool takes_part(const HostEntry& h) {
    return h.dns.queries_sent || h.dns.replies_ok_rcvd || h.dns.replies_error_rcvd;
  }
  static uint64_t number(const StatsStore&, const HostEntry& h, L7Sort sort) {
    switch (sort) {
      case L7Sort::Requests:
        return h.dns.queries_sent;
      case L7Sort::Responses:
        return h.dns.replies_ok_rcvd + h.dns.replies_error_rcvd;
      case L7Sort::Errors:
        return h.dns.replies_error_rcvd;
      default:
        return 0;
    }
  }
  static DnsClientItem item(const StatsStore&, const HostEntry& h) {
    DnsClientItem i{h.key, h.name(), h.dns};
    std::sort(i.dns.queries_by_type.begin(), i.dns.queries_by_type.end());
    return i;
  }
};

struct DnsServerTraits {
  using Stats = stats::DnsServerStats;
  using Item = DnsServerItem;
  static uint64_t number(const Stats& s, L7Sort sort) {
    switch (sort) {
      case L7Sort::Requests:
        return s.queries;
      case L7Sort::Responses:
        return s.replies_ok + s.replies_error;
      case L7Sort::Errors:
        return s.replies_error;
      default:
        return time_number(s.response_time, sort);
    }
  }
};

const stats::HttpServerStats* http_server(const StatsStore& store, const HostKey& key) {
  const auto& servers = store.l7().http.servers;
  auto it = servers.find(key);
  return it == servers.end() ? nullptr : &it->second;
}

struct HttpHostTraits {
  static bool takes_part(const HostEntry& h) {
    const stats::HttpHostCounters& c = h.http.get();
    return c.requests_rcvd || sum(c.methods) || sum(c.status_classes) || sum(c.served_classes);
  }
  static uint64_t number(const StatsStore& store, const HostEntry& h, L7Sort sort) {
    const stats::HttpHostCounters& c = h.http.get();
    switch (sort) {
      case L7Sort::Requests:
        return sum(c.methods) + c.requests_rcvd;
      case L7Sort::Responses:
        return sum(c.status_classes) + sum(c.served_classes);
      default:
        break;
    }
    const stats::HttpServerStats* s = http_server(store, h.key);
    return s ? time_number(s->response_time, sort) : 0;
  }
  static HttpHostItem item(const StatsStore& store, const HostEntry& h) {
    HttpHostItem i{h.key, h.name(), h.http.get(), std::nullopt};
    if (const stats::HttpServerStats* s = http_server(store, h.key)) i.server = *s;
    return i;
  }
};

struct HttpServerTraits {
  using Stats = stats::HttpServerStats;
  using Item = HttpServerItem;
  static uint64_t number(const Stats& s, L7Sort sort) {
    if (sort >= L7Sort::Status0 && sort <= L7Sort::Status5)
      return s.status_classes[static_cast<size_t>(sort) - static_cast<size_t>(L7Sort::Status0)];
    switch (sort) {
      case L7Sort::Requests:
        return s.requests;
      case L7Sort::Responses:
        return s.responses;
      default:
        return time_number(s.response_time, sort);
    }
  }
};

struct DhcpServerTraits {
  using Stats = stats::DhcpServerStats;
  using Item = DhcpServerItem;
  static uint64_t number(const Stats& s, L7Sort sort) {
    switch (sort) {
      case L7Sort::Requests:
        return s.requests;
      case L7Sort::Responses:
        return s.offers + s.acks + s.naks;
      case L7Sort::Errors:
        return s.naks;
      default:
        return 0;
    }
  }
};

/// A list Source over a name table.
class NameSource {
 public:
  using Map = std::unordered_map<std::string, stats::TopCounter::Entry>;
  using Ref = const Map::value_type*;
  using Key = std::string_view;

  NameSource(const Map& names, L7Sort sort, const L7Filter& filter)
      : names_(names), sort_(sort), text_(detail::lower(filter.text)) {}

  size_t size_hint() const { return names_.size(); }
  bool sorts_by(SortKey) const { return true; }
  template <typename F>
  void for_each(F&& f) const {
    for (const auto& kv : names_)
      if (detail::contains_icase(kv.first, text_)) f(&kv);
  }
  Key key(Ref r) const { return r->first; }
  std::string_view name(Ref r) const { return r->first; }
  uint64_t number(Ref r, SortKey) const { return sort_ == L7Sort::Requests ? r->second.count : 0; }
  NameCountItem item(Ref r) const { return {r->first, r->second.count, r->second.error}; }

 private:
  const Map& names_;
  L7Sort sort_;
  std::string text_;
};

/// A list Source over the DHCP clients.
class DhcpClientSource {
 public:
  using Map = std::unordered_map<stats::MacKey, stats::DhcpLease, stats::IntHash>;
  using Ref = const Map::value_type*;
  using Key = stats::MacKey;

  DhcpClientSource(const Map& leases, const ListRequest& request, L7Sort sort, const L7Filter& filter)
      : leases_(leases), request_(request), sort_(sort), text_(detail::lower(filter.text)) {}

  size_t size_hint() const { return leases_.size(); }
  bool sorts_by(SortKey) const { return true; }
  template <typename F>
  void for_each(F&& f) const {
    for (const auto& kv : leases_)
      if (visible(kv.second) && matches(kv)) f(&kv);
  }
  Key key(Ref r) const { return r->first; }
  std::string_view name(Ref r) const { return r->second.host_name; }
  core::IpAddress address(Ref r, SortKey) const { return r->second.address; }
  uint64_t number(Ref r, SortKey) const {
    switch (sort_) {
      case L7Sort::IssueTime:
        return detail::time_value(r->second.acked_ns);
      case L7Sort::LastSeen:
        return detail::time_value(r->second.last_seen_ns);
      default:
        return 0;
    }
  }
  DhcpClientItem item(Ref r) const { return {r->first, r->second}; }

 private:
  // Without an address nothing says whose network the client is in: only a caller who sees all sees it.
  bool visible(const stats::DhcpLease& l) const {
    if (!request_.visible) return true;
    return !l.address.empty() && request_.visible(l.address);
  }
  bool matches(const Map::value_type& kv) const {
    if (text_.empty()) return true;
    const stats::DhcpLease& l = kv.second;
    return detail::contains_icase(l.host_name, text_) ||
           detail::contains_icase(stats::mac_to_string(kv.first), text_) ||
           (!l.address.empty() && detail::contains_icase(l.address.to_string(), text_));
  }

  const Map& leases_;
  const ListRequest& request_;
  L7Sort sort_;
  std::string text_;
};

const stats::TopCounter& name_table(const StatsStore& store, NameTable table) {
  switch (table) {
    case NameTable::HttpHosts:
      return store.l7().http.host_names;
    case NameTable::TlsSnis:
      return store.l7().tls.snis;
    case NameTable::DnsQueries:
      break;
  }
  return store.l7().dns.names;
}

}  // namespace

uint64_t HttpHostItem::requests_sent() const {
  return sum(http.methods);
}

Page<DnsClientItem> dns_clients(const StatsStore& store, const ListRequest& request, L7Sort sort,
                                const L7Filter& filter, const AliasView& aliases) {
  const ListRequest r = engine_request(request, sort);
  return detail::run_list(HostSource<DnsClientTraits>(store, r, sort, filter, aliases), r);
}

Page<DnsServerItem> dns_servers(const StatsStore& store, const ListRequest& request, L7Sort sort,
                                const L7Filter& filter, const AliasView& aliases) {
  const ListRequest r = engine_request(request, sort);
  return detail::run_list(
      ServerSource<DnsServerTraits>(store, store.l7().dns.servers, r, sort, filter, aliases), r);
}

Page<NameCountItem> l7_names(const StatsStore& store, NameTable table, const ListRequest& request,
                             L7Sort sort, const L7Filter& filter) {
  const ListRequest r = engine_request(request, sort);
  return detail::run_list(NameSource(name_table(store, table).entries(), sort, filter), r);
}

Page<HttpHostItem> http_hosts(const StatsStore& store, const ListRequest& request, L7Sort sort,
                              const L7Filter& filter, const AliasView& aliases) {
  const ListRequest r = engine_request(request, sort);
  return detail::run_list(HostSource<HttpHostTraits>(store, r, sort, filter, aliases), r);
}

Page<HttpServerItem> http_servers(const StatsStore& store, const ListRequest& request, L7Sort sort,
                                  const L7Filter& filter, const AliasView& aliases) {
  const ListRequest r = engine_request(request, sort);
  return detail::run_list(
      ServerSource<HttpServerTraits>(store, store.l7().http.servers, r, sort, filter, aliases), r);
}

Page<DhcpClientItem> dhcp_clients(const StatsStore& store, const ListRequest& request, L7Sort sort,
                                  const L7Filter& filter) {
  const ListRequest r = engine_request(request, sort);
  return detail::run_list(DhcpClientSource(store.l7().dhcp.leases, r, sort, filter), r);
}

Page<DhcpServerItem> dhcp_servers(const StatsStore& store, const ListRequest& request, L7Sort sort,
                                  const L7Filter& filter, const AliasView& aliases) {
  const ListRequest r = engine_request(request, sort);
  return detail::run_list(
      ServerSource<DhcpServerTraits>(store, store.l7().dhcp.servers, r, sort, filter, aliases), r);
}

}  // namespace netmeter::query
