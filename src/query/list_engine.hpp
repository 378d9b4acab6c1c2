#pragma once

// The machinery every list shares: one pass over the entities collects (sort value, key, reference) for
// each one that passes the filter, keeping only those that can still be on the requested page, then only
// that page is put in order (nth_element twice and a sort of the page), so a top-10 over a million
// entities never sorts, nor stores, a million.
//
// A Source supplies, for one kind of entity:
//   using Ref = ...;  (cheap handle: slot index, pointer)   using Key = ...;  (unique, totally ordered)
//   size_t size_hint() const;                  bool sorts_by(SortKey) const;
//   template <class F> void for_each(F&& f) const;      calls f(Ref) for each entity passing the filter
//   Key key(Ref) const;                        std::string_view name(Ref) const;
//   uint64_t number(Ref, SortKey) const;       for the keys other than Key, Name, ClientIp, ServerIp
//   core::IpAddress address(Ref, SortKey) const;  (only lists sorting by ClientIp / ServerIp)
//   Item item(Ref) const;

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/ip_address.hpp"
#include "query/interval.hpp"
#include "query/list_request.hpp"

namespace netmeter::query::detail {

struct NoKey {
  friend auto operator<=>(NoKey, NoKey) = default;
};

template <typename Value, typename Key, typename Ref>
struct Candidate {
  Value value;
  [[no_unique_address]] Key key;
  Ref ref;
};

struct Bounds {
  size_t begin = 0;
  size_t end = 0;
};

inline Bounds page_bounds(size_t total, const ListRequest& r) {
  if (r.page_size == 0) return r.page == 0 ? Bounds{0, total} : Bounds{total, total};
  if (r.page > total / r.page_size) return {total, total};
  size_t begin = r.page * r.page_size;
  return {begin, begin + std::min(r.page_size, total - begin)};
}

inline size_t page_count(size_t total, size_t page_size) {
  if (page_size == 0) return total ? 1 : 0;
  return total / page_size + (total % page_size != 0);
}

template <typename Item>
Page<Item> empty_page(const ListRequest& r) {
  Page<Item> p;
  p.page = r.page;
  p.page_size = r.page_size;
  return p;
}

template <typename C>
struct Less {
  bool descending;
  bool operator()(const C& x, const C& y) const {
    if (x.value < y.value) return !descending;
    if (y.value < x.value) return descending;
    return x.key < y.key;
  }
};

/// Collects the candidates that can still be on pages [0, end): all of them when `end` is a large part
/// of the list; else a buffer of at most max(2 * end, 512) with the `end`-th best as a threshold, so most
/// entities of a large list are rejected by one comparison and never stored (nth_element on the buffer
/// when it fills).
template <typename C>
class Collector {
 public:
  Collector(size_t end, size_t size_hint, bool descending) : less_{descending}, keep_(end) {
    bounded_ = end > 0 && end * 8 < size_hint;
    buffer_.reserve(bounded_ ? std::max<size_t>(2 * end, 512) : size_hint);
  }

  /// Keeps the candidate (value, tie(), ref), unless its value alone shows it cannot be on the page:
  /// then its key (often another cache line of the entity) is never read.
  template <typename V, typename TieFn, typename R>
  void add_lazy(V&& value, TieFn&& tie, R ref) {
    if (has_threshold_ && value_after(value, threshold_.value)) {
      ++total_;
      return;
    }
    add(C{std::forward<V>(value), tie(), ref});
  }

  /// Keeps a candidate, unless the threshold shows it cannot be on the page.
  void add(C&& c) {
    ++total_;
    if (has_threshold_ && !less_(c, threshold_)) return;
    buffer_.push_back(std::move(c));
    if (bounded_ && buffer_.size() == buffer_.capacity()) shrink();
  }
  size_t total() const { return total_; }
  std::vector<C>& candidates() { return buffer_; }
  const Less<C>& less() const { return less_; }

 private:
  template <typename V>
  bool value_after(const V& a, const V& b) const {
    return less_.descending ? a < b : b < a;
  }

  void shrink() {
    auto nth = buffer_.begin() + static_cast<ptrdiff_t>(keep_ - 1);
    std::nth_element(buffer_.begin(), nth, buffer_.end(), less_);
    buffer_.resize(keep_);
    threshold_ = buffer_.back();
    has_threshold_ = true;
  }

  Less<C> less_;
  size_t keep_;
  bool bounded_ = false;
  bool has_threshold_ = false;
  C threshold_{};
  std::vector<C> buffer_;
  size_t total_ = 0;
};

/// Orders the candidates of the requested page and builds its items.
template <typename Item, typename C, typename Source>
Page<Item> finish(Collector<C>& collected, const Source& src, const ListRequest& r) {
  Page<Item> page = empty_page<Item>(r);
  page.total = collected.total();
  page.pages = page_count(page.total, r.page_size);
  const Bounds b = page_bounds(page.total, r);
  if (b.begin >= b.end) return page;
  auto& c = collected.candidates();  // the best b.end candidates at least, in any order
  const auto& less = collected.less();
  auto first = c.begin();
  if (b.end < c.size()) std::nth_element(first, first + static_cast<ptrdiff_t>(b.end), c.end(), less);
  if (b.begin > 0)
    std::nth_element(first, first + static_cast<ptrdiff_t>(b.begin), first + static_cast<ptrdiff_t>(b.end),
                     less);
  std::sort(first + static_cast<ptrdiff_t>(b.begin), first + static_cast<ptrdiff_t>(b.end), less);
  page.items.reserve(b.end - b.begin);
  for (size_t i = b.begin; i < b.end; ++i)
    page.items.push_back(src.item(c[i].ref));
  return page;
}

template <typename Source>
concept SortsByAddress = requires(const Source& s, typename Source::Ref r) {
  { s.address(r, SortKey::ClientIp) } -> std::convertible_to<core::IpAddress>;
};

/// The end of the requested page, or everything for page size 0.
inline size_t page_end(const ListRequest& r) {
  if (r.page_size == 0) return SIZE_MAX;
  if (r.page >= SIZE_MAX / r.page_size) return SIZE_MAX;
  return (r.page + 1) * r.page_size;
}

/// Filters, sorts and pages the entities of `src`.
template <typename Source>
auto run_list(const Source& src, const ListRequest& r) {
  using Ref = typename Source::Ref;
  using Key = typename Source::Key;
  using Item = decltype(src.item(std::declval<Ref>()));
  const SortKey k = src.sorts_by(r.sort) ? r.sort : SortKey::Key;
  const bool desc = r.order == Order::Descending;
  const size_t end = page_end(r);
  auto collect = [&]<typename Value, typename Tie>(auto value_of, auto tie_of) {
    Collector<Candidate<Value, Tie, Ref>> c(end, src.size_hint(), desc);
    src.for_each([&](Ref ref) {
      c.add_lazy(
          value_of(ref), [&] { return tie_of(ref); }, ref);
    });
    return finish<Item>(c, src, r);
  };
  auto key_of = [&](Ref ref) { return src.key(ref); };
  if (k == SortKey::Key) return collect.template operator()<Key, NoKey>(key_of, [](Ref) { return NoKey{}; });
  if (k == SortKey::Name)
    return collect.template operator()<std::string_view, Key>([&](Ref ref) { return src.name(ref); }, key_of);
  if constexpr (SortsByAddress<Source>) {
    if (k == SortKey::ClientIp || k == SortKey::ServerIp)
      return collect.template operator()<core::IpAddress, Key>([&](Ref ref) { return src.address(ref, k); },
                                                               key_of);
  }
  return collect.template operator()<uint64_t, Key>([&](Ref ref) { return src.number(ref, k); }, key_of);
}

// ---- sort values ----

inline bool is_counter_key(SortKey k) {
  return k >= SortKey::Bytes && k <= SortKey::TxPackets;
}
inline bool is_rate_key(SortKey k) {
  return k >= SortKey::Bps && k <= SortKey::Pps;
}
inline bool is_traffic_key(SortKey k) {
  return is_counter_key(k) || is_rate_key(k);
}

/// The value of a traffic (or rate) key in one Traffic.
inline uint64_t counter_of(const stats::Traffic& t, SortKey k) {
  switch (k) {
    case SortKey::Bytes:
    case SortKey::Bps:
      return t.bytes();
    case SortKey::RxBytes:
    case SortKey::RxBps:
      return t.rx_bytes;
    case SortKey::TxBytes:
    case SortKey::TxBps:
      return t.tx_bytes;
    case SortKey::Packets:
    case SortKey::Pps:
      return t.packets();
    case SortKey::RxPackets:
      return t.rx_packets;
    case SortKey::TxPackets:
      return t.tx_packets;
    default:
      return 0;
  }
}

/// An epoch-ns time as an unsigned number of the same order.
inline uint64_t time_value(int64_t ns) {
  return static_cast<uint64_t>(ns) ^ (uint64_t{1} << 63);
}

// ---- lists of rows computed for one request ----

/// The part of a Source over rows computed for one request (peers, ports, applications of a host ...):
/// a derived class adds sorts_by, key, name and number.
template <typename Row, typename KeyType>
class RowSource {
 public:
  using Ref = uint32_t;
  using Key = KeyType;

  explicit RowSource(std::vector<Row> rows) : rows_(std::move(rows)) {}
  size_t size_hint() const { return rows_.size(); }
  template <typename F>
  void for_each(F&& f) const {
    for (size_t i = 0; i < rows_.size(); ++i)
      f(static_cast<Ref>(i));
  }
  Row item(Ref i) const { return rows_[i]; }

 protected:
  std::vector<Row> rows_;
};

/// Adds one connection's part to a row aggregated from connections (fields traffic, connections,
/// active_connections, first_ns, last_ns); `t` is from the row's owner's view.
template <typename Row>
void add_connection(Row& row, const stats::Traffic& t, bool active, int64_t first_ns, int64_t last_ns) {
  row.traffic += t;
  ++row.connections;
  if (active) ++row.active_connections;
  if (row.first_ns == 0 || (first_ns != 0 && first_ns < row.first_ns)) row.first_ns = first_ns;
  if (last_ns > row.last_ns) row.last_ns = last_ns;
}

/// Sort value of a row aggregated from connections: times, Flows (its connections), counters, and rates
/// over the row's active span (at least a second).
template <typename Row>
uint64_t connection_row_number(const Row& row, SortKey k) {
  constexpr int64_t kNs = 1'000'000'000;
  switch (k) {
    case SortKey::FirstSeen:
      return time_value(row.first_ns);
    case SortKey::LastSeen:
      return time_value(row.last_ns);
    case SortKey::Flows:
      return row.connections;
    default:
      break;
  }
  if (is_rate_key(k)) {
    const int64_t duration = std::max(row.last_ns - row.first_ns, kNs);
    return counter_of(row.traffic.scaled(kNs, static_cast<uint64_t>(duration)), k);
  }
  return counter_of(row.traffic, k);
}

/// The value of a rate key: counter_of(t.scaled(1, seconds), k), without its 128-bit divisions (each
/// component is divided on its own, as scaled() does, so the order agrees with the values shown).
inline uint64_t rate_of(const stats::Traffic& t, SortKey k, uint64_t seconds) {
  if (seconds == 0 || t.empty()) return 0;
  switch (k) {
    case SortKey::Bps:
      return t.rx_bytes / seconds + t.tx_bytes / seconds;
    case SortKey::RxBps:
      return t.rx_bytes / seconds;
    case SortKey::TxBps:
      return t.tx_bytes / seconds;
    case SortKey::Pps:
      return t.rx_packets / seconds + t.tx_packets / seconds;
    default:
      return 0;
  }
}

/// Sort value of a traffic or rate key for an entity with a history.
inline uint64_t traffic_sort_value(const stats::TrafficStats& t, SortKey k, Scope scope, const TimeWindow& w,
                                   const stats::HistoryConfig& config) {
  if (is_rate_key(k))
    return rate_of(window_sum(t, w.start, w.end, config), k, static_cast<uint64_t>(w.seconds()));
  switch (scope) {
    case Scope::AllTime:
      return counter_of(t.total, k);
    case Scope::Interval:
      return counter_of(window_sum(t, w.start, w.end, config), k);
    case Scope::LastSecond:
      return counter_of(window_sum(t, w.last_second, w.last_second + 1, config), k);
  }
  return 0;
}

/// Sort value of a traffic or rate key, or of first and last activity, for a row whose four values are
/// already computed (rates: the interval's average; counters: the scope's values).
inline uint64_t values_sort_value(const TrafficValues& v, int64_t first_ns, int64_t last_ns, SortKey k,
                                  Scope scope) {
  if (k == SortKey::FirstSeen) return time_value(first_ns);
  if (k == SortKey::LastSeen) return time_value(last_ns);
  if (is_rate_key(k)) return counter_of(v.interval_per_second, k);
  switch (scope) {
    case Scope::AllTime:
      return counter_of(v.all_time, k);
    case Scope::Interval:
      return counter_of(v.interval, k);
    case Scope::LastSecond:
      return counter_of(v.last_second, k);
  }
  return 0;
}

/// Sort value shared by entities with TrafficStats: traffic keys, first and last activity.
inline uint64_t stats_sort_value(const stats::TrafficStats& t, SortKey k, Scope scope, const TimeWindow& w,
                                 const stats::HistoryConfig& config) {
  if (k == SortKey::FirstSeen) return time_value(t.first_ns);
  if (k == SortKey::LastSeen) return time_value(t.last_ns);
  return traffic_sort_value(t, k, scope, w, config);
}

// ---- text filters ----

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

/// Whether `haystack` contains `needle_lower` (already lower case), ignoring case.
inline bool contains_icase(std::string_view haystack, std::string_view needle_lower) {
  if (needle_lower.empty()) return true;
  if (needle_lower.size() > haystack.size()) return false;
  auto eq = [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; };
  return std::search(haystack.begin(), haystack.end(), needle_lower.begin(), needle_lower.end(), eq) !=
         haystack.end();
}

}  // namespace netmeter::query::detail
