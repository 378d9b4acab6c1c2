#include "api/allegro/stats_params.hpp"

#include <array>
#include <cctype>

#include "api/dialect.hpp"
#include "http/headers.hpp"

namespace netmeter::api::allegro {

namespace {

using query::SortKey;

constexpr int64_t kMaxEpoch = 4'102'444'800;  // 2100-01-01

constexpr std::array kTrafficSorts = {
    SortName{"bytes", SortKey::Bytes},
    SortName{"rxbytes", SortKey::RxBytes},
    SortName{"txbytes", SortKey::TxBytes},
    SortName{"packets", SortKey::Packets},
    SortName{"rxpackets", SortKey::RxPackets},
    SortName{"txpackets", SortKey::TxPackets},
    SortName{"bps", SortKey::Bps},
    SortName{"rxbps", SortKey::RxBps},
    SortName{"txbps", SortKey::TxBps},
    SortName{"pps", SortKey::Pps},
    SortName{"firstActivity", SortKey::FirstSeen},
    SortName{"firstRecentActivity", SortKey::FirstSeen},
    SortName{"activity", SortKey::LastSeen},
    SortName{"lastActivity", SortKey::LastSeen},
};

std::optional<SortKey> find_sort(std::string_view name, std::span<const SortName> names) {
  for (const SortName& s : names)
    if (http::iequals(s.name, name)) return s.key;
  return std::nullopt;
}

std::string sort_choices(std::span<const SortName> own) {
  std::string out;
  for (const SortName& s : own)
    out.append(out.empty() ? "" : ", ").append(s.name);
  for (const SortName& s : kTrafficSorts)
    out.append(out.empty() ? "" : ", ").append(s.name);
  return out;
}

}  // namespace

std::span<const SortName> traffic_sort_names() {
  return kTrafficSorts;
}

std::optional<http::Response> parse_time(const Params& params, TimeParams& out) {
  auto start = params.integer("starttime", 0, kMaxEpoch);
  auto end = params.integer("endtime", 0, kMaxEpoch);
  auto timespan = params.integer("timespan", 1, 10LL * 365 * 86400);
  auto values = params.integer("values", 1, query::kMaxGraphPoints);
  for (const auto* p : {&start, &end, &timespan, &values})
    if (p->error) return allegro_error(400, *p->error);
  if (start.value && end.value && *end.value <= *start.value)
    return allegro_error(400, "endtime must be after starttime");
  out.interval.start = start.value;
  out.interval.end = end.value;
  out.requested = start.value || end.value;
  out.graph.range = out.interval;
  out.graph.timespan = timespan.value.value_or(0);
  out.graph.values = static_cast<uint32_t>(values.value.value_or(0));
  out.history = params.flag("history").value_or(true);
  out.history_data = !params.flag("skiphistorydata").value_or(false);
  return std::nullopt;
}

std::optional<http::Response> parse_list(const Params& params, const TimeParams& time,
                                         std::span<const SortName> sorts, ListLimits limits,
                                         ListParams& out) {
  query::ListRequest& r = out.request;
  r.interval = time.interval;
  r.scope = time.requested ? query::Scope::Interval : query::Scope::AllTime;
  if (auto sort = params.non_empty("sort")) {
    auto key = find_sort(*sort, sorts);
    if (!key) key = find_sort(*sort, kTrafficSorts);
    if (!key)
      return allegro_error(400, "unknown sort '" + std::string(*sort) + "'; one of: " + sort_choices(sorts));
    r.sort = *key;
  }
  r.order = params.flag("reverse").value_or(false) ? query::Order::Descending : query::Order::Ascending;
  auto page = params.integer("page", 0, 1'000'000'000);
  auto count = params.integer("count", 1, static_cast<int64_t>(limits.max_count));
  if (page.error) return allegro_error(400, *page.error);
  if (count.error) return allegro_error(400, *count.error);
  r.page = static_cast<size_t>(page.value.value_or(0));
  r.page_size = static_cast<size_t>(count.value.value_or(static_cast<int64_t>(limits.default_count)));
  out.csv = params.flag("csv").value_or(false);
  if (out.csv) {  // every item, in order
    r.page = 0;
    r.page_size = 0;
  }
  if (auto f = params.non_empty("filter")) out.filter = std::string(*f);
  return std::nullopt;
}

}  // namespace netmeter::api::allegro
