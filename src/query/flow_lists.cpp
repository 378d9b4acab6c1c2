#include "query/flow_lists.hpp"

#include <algorithm>
#include <cstdint>
#include <unordered_map>

#include "query/list_engine.hpp"

namespace netmeter::query {

namespace {

constexpr int64_t kNs = 1'000'000'000;

uint32_t load_be32(const uint8_t* b) {
  return uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | uint32_t{b[3]};
}
uint32_t load_le32(const uint8_t* b) {
  return uint32_t{b[0]} | uint32_t{b[1]} << 8 | uint32_t{b[2]} << 16 | uint32_t{b[3]} << 24;
}
uint16_t swap16(uint16_t v) {
  return static_cast<uint16_t>(v >> 8 | v << 8);
}

/// Whole seconds between the first and the last packet (ntopng's last_seen - first_seen).
uint64_t duration_seconds(const stats::ConnectionEntry& e) {
  return static_cast<uint64_t>(std::max<int64_t>(0, e.last_ns() / kNs - e.first_ns() / kNs));
}

/// A rate key's value over the connection's life (at least a second) in 2^-20 units per second: fine
/// enough to order the fractional rates ntopng's clients see.
uint64_t rate_value(const stats::ConnectionEntry& e, SortKey k) {
  const uint64_t span = static_cast<uint64_t>(std::max(e.last_ns() - e.first_ns(), kNs));
  __extension__ using Wide = unsigned __int128;
  const Wide scaled = static_cast<Wide>(detail::counter_of(e.traffic(), k)) * static_cast<uint64_t>(kNs) *
                      (uint64_t{1} << 20) / span;
  return scaled > UINT64_MAX ? UINT64_MAX : static_cast<uint64_t>(scaled);
}

bool any_arp(const stats::ArpCounts& a) {
  return a.requests + a.replies + a.gratuitous > 0;
}

FlowPeer peer(const stats::StatsStore& store, const stats::HostKey& key) {
  FlowPeer p;
  const stats::HostEntry* h = store.hosts().find(key);
  p.label = h && !h->name().empty() ? h->name() : key.ip.to_string();
  p.broadcast_domain = h && any_arp(h->arp);
  return p;
}

FlowItem flow_item(const stats::StatsStore& store, const NameResolver& names,
                   const stats::ConnectionEntry& e) {
  FlowItem f;
  f.connection = connection_item(e, e.state.end == flow::EndReason::Active, names);
  f.key = ntopng_flow_key(e.state.key);
  f.client = peer(store, e.client());
  f.server = peer(store, e.server());
  return f;
}

bool listed(const stats::ConnectionEntry& e) {
  return e.state.end == flow::EndReason::Active || e.state.end == flow::EndReason::AnalysisEnd;
}

bool unfiltered(const FlowFilter& f) {
  return !f.host && !f.talking_with && !f.client && !f.server && !f.vlan && !f.l4 && !f.port && !f.version &&
         !f.app_id && f.application.empty() && !f.category_id && f.category.empty();
}

class FlowSource {
 public:
  using Ref = const stats::ConnectionEntry*;
  using Key = uint64_t;

  FlowSource(const stats::StatsStore& store, const NameResolver& names, const ListRequest& request,
             const FlowFilter& filter)
      : store_(store),
        names_(names),
        request_(request),
        filter_(filter),
        application_(detail::lower(filter.application)),
        category_(detail::lower(filter.category)) {}

  size_t size_hint() const {
    return store_.active_connections().size() + store_.finished_connections().size();
  }
  bool sorts_by(SortKey k) const {
    return k != SortKey::Flows && !is_tcp_key(k) && k != SortKey::Requests && k != SortKey::Replies &&
           k != SortKey::Gratuitous;
  }

  template <typename F>
  void for_each(F&& f) const {
    store_.active_connections().for_each([&](const stats::ConnectionEntry& e) {
      if (pass(e)) f(&e);
    });
    for (const auto& e : store_.finished_connections())
      if (listed(e) && pass(e)) f(&e);
  }
  Key key(Ref e) const { return e->state.id; }
  std::string_view name(Ref e) const { return application_name(e->state.master, e->state.app); }
  core::IpAddress address(Ref e, SortKey k) const {
    return k == SortKey::ClientIp ? e->client().ip : e->server().ip;
  }
  uint64_t number(Ref e, SortKey k) const {
    if (auto v = connection_field_value(*e, k)) return *v;
    switch (k) {
      case SortKey::Vlan:
        return e->state.key.vlan;
      case SortKey::L4:
        return e->state.key.l4;
      case SortKey::Duration:
        return duration_seconds(*e);
      case SortKey::FlowKey:
        return ntopng_flow_key(e->state.key);
      default:
        break;
    }
    if (detail::is_rate_key(k)) return rate_value(*e, k);
    return detail::counter_of(e->traffic(), k);
  }
  FlowItem item(Ref e) const { return flow_item(store_, names_, *e); }

 private:
  bool pass(const stats::ConnectionEntry& e) const {
    const auto& k = e.state.key;
    if (request_.visible && !request_.visible(k.lo.ip) && !request_.visible(k.hi.ip)) return false;
    if (filter_.l4 && k.l4 != *filter_.l4) return false;
    if (filter_.vlan && k.vlan != *filter_.vlan) return false;
    if (filter_.version && k.lo.ip.version() != *filter_.version) return false;
    if (filter_.port && k.lo.port != *filter_.port && k.hi.port != *filter_.port) return false;
    if (!pass_hosts(e)) return false;
    if (filter_.app_id && e.state.master != *filter_.app_id && e.state.app != *filter_.app_id) return false;
    if (!application_.empty() && !application_matches(e.state.master, e.state.app)) return false;
    if (filter_.category_id && e.state.category != *filter_.category_id) return false;
    if (!category_.empty() && !category_matches(e.state.category)) return false;
    return true;
  }

  bool pass_hosts(const stats::ConnectionEntry& e) const {
    const auto& lo = e.state.key.lo.ip;
    const auto& hi = e.state.key.hi.ip;
    if (filter_.client && e.client().ip != *filter_.client) return false;
    if (filter_.server && e.server().ip != *filter_.server) return false;
    if (filter_.host && lo != *filter_.host && hi != *filter_.host) return false;
    if (!filter_.talking_with) return true;
    const auto& peer = *filter_.talking_with;
    if (!filter_.host) return lo == peer || hi == peer;
    return (lo == *filter_.host && hi == peer) || (hi == *filter_.host && lo == peer);
  }

  const std::string& application_name(uint16_t master, uint16_t app) const {
    const uint32_t k = stats::app_key(master, app);
    auto it = app_names_.find(k);
    if (it == app_names_.end()) it = app_names_.emplace(k, names_.application(master, app)).first;
    return it->second;
  }

  /// The whole "Master.App" name, or the master's or the app's own name.
  bool application_matches(uint16_t master, uint16_t app) const {
    const uint32_t k = stats::app_key(master, app);
    auto it = app_matches_.find(k);
    if (it != app_matches_.end()) return it->second;
    bool match = detail::lower(application_name(master, app)) == application_ ||
                 detail::lower(application_name(0, app)) == application_ ||
                 (master != 0 && detail::lower(application_name(0, master)) == application_);
    app_matches_.emplace(k, match);
    return match;
  }

  bool category_matches(uint16_t category) const {
    auto it = category_matches_.find(category);
    if (it == category_matches_.end())
      it = category_matches_.emplace(category, detail::lower(names_.category(category)) == category_).first;
    return it->second;
  }

  const stats::StatsStore& store_;
  const NameResolver& names_;
  const ListRequest& request_;
  const FlowFilter& filter_;
  std::string application_;  ///< lower case
  std::string category_;     ///< lower case
  mutable std::unordered_map<uint32_t, std::string> app_names_;
  mutable std::unordered_map<uint32_t, bool> app_matches_;
  mutable std::unordered_map<uint16_t, bool> category_matches_;
};

/// The flows of a FlowBytesIndex, sorted by bytes; a flow gone from the store since is an empty item.
class IndexedSource {
 public:
  using Ref = const FlowBytesIndex::Entry*;
  using Key = uint64_t;

  IndexedSource(const stats::StatsStore& store, const NameResolver& names,
                const std::vector<FlowBytesIndex::Entry>& entries)
      : store_(store), names_(names), entries_(entries) {}

  size_t size_hint() const { return entries_.size(); }
  bool sorts_by(SortKey k) const { return k == SortKey::Bytes; }
  template <typename F>
  void for_each(F&& f) const {
    for (const auto& e : entries_)
      f(&e);
  }
  Key key(Ref r) const { return r->id; }
  std::string_view name(Ref) const { return {}; }
  uint64_t number(Ref r, SortKey) const { return r->bytes; }
  std::optional<FlowItem> item(Ref r) const {
    const stats::ConnectionEntry* e = find(*r);
    if (!e) return std::nullopt;
    return flow_item(store_, names_, *e);
  }

 private:
  const stats::ConnectionEntry* find(const FlowBytesIndex::Entry& r) const {
    if (r.finished_at == UINT32_MAX) {
      return store_.active_connections().find(r.id);
    }
    const auto& finished = store_.finished_connections();
    if (r.finished_at < finished.size() && finished[r.finished_at].state.id == r.id)
      return &finished[r.finished_at];
    for (const auto& e : finished)
      if (e.state.id == r.id) return &e;
    return nullptr;
  }

  const stats::StatsStore& store_;
  const NameResolver& names_;
  const std::vector<FlowBytesIndex::Entry>& entries_;
};

Page<FlowItem> indexed_list(const stats::StatsStore& store, const NameResolver& names,
                            const ListRequest& request, const std::vector<FlowBytesIndex::Entry>& entries) {
  Page<std::optional<FlowItem>> found = detail::run_list(IndexedSource(store, names, entries), request);
  Page<FlowItem> page;
  page.total = found.total;
  page.page = found.page;
  page.page_size = found.page_size;
  page.pages = found.pages;
  for (auto& item : found.items)
    if (item) page.items.push_back(std::move(*item));
  return page;
}

}  // namespace

std::shared_ptr<const std::vector<FlowBytesIndex::Entry>> FlowBytesIndex::entries(
    const stats::StatsStore& store, uint64_t generation) {
  std::lock_guard lock(mutex_);
  if (built_ && generation_ == generation) return entries_;
  auto v = std::make_shared<std::vector<Entry>>();
  v->reserve(store.active_connections().size());
  store.active_connections().for_each([&](const stats::ConnectionEntry& e) {
    v->push_back({e.traffic().bytes(), e.state.id, UINT32_MAX});
  });
  const auto& finished = store.finished_connections();
  for (size_t i = 0; i < finished.size(); ++i)
    if (finished[i].state.end == flow::EndReason::AnalysisEnd)
      v->push_back({finished[i].traffic().bytes(), finished[i].state.id, static_cast<uint32_t>(i)});
  entries_ = std::move(v);
  generation_ = generation;
  built_ = true;
  return entries_;
}

uint32_t ntopng_ip_key(const core::IpAddress& ip) {
  const uint8_t* b = ip.bytes().data();
  if (ip.is_v4()) return load_be32(b);
  uint32_t sum = 0;
  for (int i = 0; i < 4; ++i)
    sum += load_le32(b + 4 * i);
  return sum;
}

uint32_t ntopng_flow_key(const core::FlowKey& key) {
  return ntopng_ip_key(key.lo.ip) + ntopng_ip_key(key.hi.ip) + swap16(key.lo.port) + swap16(key.hi.port) +
         uint32_t{key.vlan} + uint32_t{key.l4};
}

Page<FlowItem> list_active_flows(const stats::StatsStore& store, const NameResolver& names,
                                 const ListRequest& request, const FlowFilter& filter, FlowBytesIndex* index,
                                 uint64_t generation) {
  if (index && request.sort == SortKey::Bytes && !request.visible && unfiltered(filter))
    return indexed_list(store, names, request, *index->entries(store, generation));
  return detail::run_list(FlowSource(store, names, request, filter), request);
}

}  // namespace netmeter::query
