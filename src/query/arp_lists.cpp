#include "query/arp_lists.hpp"

#include "query/list_engine.hpp"

namespace netmeter::query {

namespace {

bool any_arp(const stats::ArpCounts& c) {
  return c.requests != 0 || c.replies != 0 || c.gratuitous != 0;
}

bool sorts_arp(SortKey k) {
  return k == SortKey::Key || k == SortKey::Name || k == SortKey::Packets || k == SortKey::Requests ||
         k == SortKey::Replies || k == SortKey::Gratuitous;
}

uint64_t arp_number(const stats::ArpCounts& c, SortKey k) {
  switch (k) {
    case SortKey::Requests:
      return c.requests;
    case SortKey::Replies:
      return c.replies;
    case SortKey::Gratuitous:
      return c.gratuitous;
    case SortKey::Packets:
      return c.requests + c.replies;
    default:
      return 0;
  }
}

/// The rows of one table that sent ARP and pass `keep`, as a Source: Table is an EntityTable, Traits
/// says what its entries' key, name and item are.
template <typename Table, typename Traits>
class ArpSource {
 public:
  using Ref = uint32_t;
  using Key = typename Traits::Key;

  ArpSource(const Table& table, Traits traits) : table_(table), traits_(std::move(traits)) {}
  size_t size_hint() const { return table_.size(); }
  bool sorts_by(SortKey k) const { return sorts_arp(k); }
  template <typename F>
  void for_each(F&& f) const {
    const size_t n = table_.slots();
    for (size_t i = 0; i < n; ++i)
      if (table_.live(i) && any_arp(table_.at(i).arp) && traits_.pass(table_.at(i))) f(static_cast<Ref>(i));
  }
  Key key(Ref i) const { return traits_.key(table_.at(i)); }
  std::string_view name(Ref i) const { return traits_.name(table_.at(i)); }
  uint64_t number(Ref i, SortKey k) const { return arp_number(table_.at(i).arp, k); }
  auto item(Ref i) const { return traits_.item(table_.at(i)); }

 private:
  const Table& table_;
  Traits traits_;
};

struct HostTraits {
  using Key = stats::HostKey;
  const ListRequest& request;
  std::string text;  ///< lower case
  const AliasView& aliases;

  bool pass(const stats::HostEntry& h) const {
    if (!may_see(request, h.key.ip)) return false;
    return text.empty() || detail::contains_icase(aliases.name(h), text) ||
           detail::contains_icase(h.key.to_string(), text);
  }
  Key key(const stats::HostEntry& h) const { return h.key; }
  std::string_view name(const stats::HostEntry& h) const { return aliases.name(h); }
  ArpHostItem item(const stats::HostEntry& h) const {
    return {h.key, aliases.name(h), h.macs.empty() ? 0 : h.macs.front(), h.arp};
  }
};

struct MacTraits {
  using Key = stats::MacKey;
  const ListRequest& request;
  std::string text;  ///< lower case

  bool pass(const stats::MacEntry& m) const {
    if (!mac_visible(m, request.visible)) return false;
    return text.empty() || detail::contains_icase(m.vendor, text) ||
           detail::contains_icase(stats::mac_to_string(m.mac), text);
  }
  Key key(const stats::MacEntry& m) const { return m.mac; }
  std::string_view name(const stats::MacEntry& m) const { return m.vendor; }
  ArpMacItem item(const stats::MacEntry& m) const {
    ArpMacItem out{m.mac, m.vendor, {}, m.arp};
    for (const core::IpAddress& ip : m.ips)
      if (may_see(request, ip)) out.ips.push_back(ip);
    return out;
  }
};

}  // namespace

ArpTotals arp_totals(const stats::StatsStore& store, const AddressVisibility& visible) {
  ArpTotals out;
  if (!visible) out.counts = store.arp();
  store.hosts().for_each([&](const stats::HostEntry& h) {
    if (!any_arp(h.arp) || (visible && !visible(h.key.ip))) return;
    ++out.ips;
    if (visible) out.counts += h.arp;
  });
  store.macs().for_each([&](const stats::MacEntry& m) {
    if (any_arp(m.arp) && mac_visible(m, visible)) ++out.macs;
  });
  return out;
}

Page<ArpHostItem> list_arp_hosts(const stats::StatsStore& store, const ListRequest& request,
                                 const ArpFilter& filter, const AliasView& aliases) {
  using Table = std::remove_cvref_t<decltype(store.hosts())>;
  return detail::run_list(
      ArpSource<Table, HostTraits>(store.hosts(), {request, detail::lower(filter.text), aliases}), request);
}

Page<ArpMacItem> list_arp_macs(const stats::StatsStore& store, const ListRequest& request,
                               const ArpFilter& filter) {
  using Table = std::remove_cvref_t<decltype(store.macs())>;
  return detail::run_list(ArpSource<Table, MacTraits>(store.macs(), {request, detail::lower(filter.text)}),
                          request);
}

}  // namespace netmeter::query
