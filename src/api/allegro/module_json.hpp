#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "api/allegro/stats_route.hpp"
#include "query/query_service.hpp"

namespace netmeter::api::allegro {

// What the small modules (l4_ports, dpi, vlan, mpls, qos, packet_size, icmp, multicast) share: their
// items are query::ModuleItem, listed by list_module and summed by module_totals (docs/allegro/modules.md).

/// How one module's items look: their key fields, their sort names, their CSV key columns.
struct ModuleSpec {
  query::Module module = query::Module::Port;
  query::ModuleFilter filter;            ///< ports: the L4 protocol; VLANs: the tag level
  std::span<const SortName> sorts;       ///< besides the traffic ones
  std::string_view csv_key_header;       ///< the key columns, e.g. "serverPort,l4Protocol"
  std::string_view csv_file;             ///< the CSV attachment's name
  std::string_view name_field = "name";  ///< the JSON field and CSV column of ModuleItem::name
  /// Applications and categories have no direction of their own: everything counts as rx.
  bool fold = false;
  std::function<void(boost::json::object&, const query::ModuleItem&)> put_key;
  std::function<void(std::string&, const query::ModuleItem&)> csv_key;  ///< may be empty: no key columns
};

/// An element: the key fields, the name (`name_field`), `firstActivity`, `lastActivity`, the four counters.
boost::json::object module_item_json(const ModuleSpec& spec, const query::ModuleItem& m);

/// `history` of one entity (folded as the spec says) into `o`, as the time parameters ask.
void put_module_history(boost::json::object& o, const StatsCall& c, const ModuleSpec& spec,
                        const query::EntityRef& ref);

/// A `*_paged` list of the module's items (JSON page or CSV). Items carry their `history` only when the
/// request says `history=true` (one graph per item).
http::Response module_list(StatsCall& c, const ModuleSpec& spec);

/// One item with its history; nullopt when the store does not know it.
std::optional<boost::json::object> module_item(const StatsCall& c, const ModuleSpec& spec,
                                               const query::EntityRef& ref);

/// The module's overview counters: the four counters summed over its items (`spec.filter` applies),
/// `firstActivity`, `lastActivity` and the summed `history`. `items` receives the number of items.
boost::json::object module_counters(const StatsCall& c, const ModuleSpec& spec, size_t& items);

/// A decimal path parameter in [0, max]; nullopt otherwise.
std::optional<uint64_t> path_number(std::string_view text, uint64_t max);

/// 404 in the Allegro format: "unknown <what> '<text>'".
http::Response unknown_item(std::string_view what, std::string_view text);

/// Both directions of a folded item's all-time traffic (`clientToServer`, `serverToClient`), for
/// applications and categories, whose rx is server to client and tx client to server.
void put_directions(boost::json::object& o, const stats::Traffic& t);

}  // namespace netmeter::api::allegro
