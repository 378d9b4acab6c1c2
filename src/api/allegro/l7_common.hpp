#pragma once

// What the application-layer routes (dns, dhcp, http, ssl) share: their sort names and list parameters,
// response-time objects, and the rule for name lists (docs/allegro/l7.md).

#include <boost/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "api/allegro/stats_route.hpp"
#include "query/l7_lists.hpp"

namespace netmeter::api::allegro {

/// A sort name of an application-layer list.
struct L7SortName {
  std::string_view name;
  query::L7Sort sort;
};

/// The list parameters of an application-layer list: paging, csv, the sort and the text filter.
struct L7ListParams {
  ListParams list;
  query::L7Sort sort = query::L7Sort::Key;
  query::L7Filter filter;
};

/// Parses `sort` (one of `sorts`, any case; a 400 naming them otherwise), `reverse`, `page`, `count`,
/// `csv` and `filter`. Traffic sort names do not apply: these lists count messages, not bytes.
std::optional<http::Response> l7_list_params(const StatsCall& c, std::span<const L7SortName> sorts,
                                             L7ListParams& out);

/// Whether the caller may read lists keyed by name (DNS names, TLS server names): they cannot be
/// attributed to addresses, so a user whose allowed networks are restricted may not.
bool may_read_names(const StatsCall& c);
/// The 403 for a caller who may not.
http::Response names_refused();

/// `{"count", "avg", "min", "max"}` in milliseconds; only `count` when nothing was measured.
boost::json::object response_times_json(const stats::TimeStats& t);

/// The CSV fields `,count,avgMs,minMs,maxMs` of response times (the last three empty when none).
void response_times_csv(std::string& out, const stats::TimeStats& t);

/// `ip`, `vlan` and `name` of an address-keyed element.
void put_host(boost::json::object& o, const stats::HostKey& key, std::string_view name);

/// The CSV fields `ip,vlan,name` (no trailing comma).
void host_csv(std::string& out, const stats::HostKey& key, std::string_view name);

/// A name list (`names_paged`, `top-ssl`): `count_field` names the count in elements and CSV.
http::Response name_list(StatsCall& c, query::NameTable table, std::string_view count_field,
                         std::string_view file_name);

/// The top names of a table for a module object's `detail=full` (nothing for a caller who may not read
/// names).
void put_top_names(boost::json::object& o, const StatsCall& c, query::NameTable table, std::string_view field,
                   std::string_view count_field);

/// Whether `detail=full` was asked for.
bool full_detail(const StatsCall& c);

}  // namespace netmeter::api::allegro
