#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "api/call.hpp"
#include "api/route_tree.hpp"
#include "api/services.hpp"
#include "core/ip_address.hpp"
#include "http/response.hpp"
#include "query/query_service.hpp"

namespace netmeter::api::ntopng {

/// What every ntopng statistics route starts from: the interface (`ifid`, an analysis slot, kept alive)
/// and its query layer.
struct NtopCall {
  Call& call;
  uint32_t ifid = 0;
  std::shared_ptr<SlotData> slot;  ///< keeps the query layer valid

  const query::QueryService& query() const { return *slot->query(); }
  /// The caller's address filter for lists (empty when the user sees every network): the same one the
  /// Allegro dialect uses.
  std::function<bool(const core::IpAddress&)> visible() const;
  bool may_see(const core::IpAddress& address) const;
};

using NtopFn = std::function<http::Response(NtopCall&)>;

/// The interface `ifid` names, when the caller may see it and it keeps statistics; otherwise the ntopng
/// error to answer: INVALID_INTERFACE for a missing, malformed, unknown or forbidden id (ntopng's linter
/// drops an ifid it does not know, so all of these look alike), INTERNAL_ERROR when statistics are off.
struct SelectedInterface {
  uint32_t ifid = 0;
  std::shared_ptr<SlotData> slot;
  std::optional<http::Response> error;
};
SelectedInterface select_interface(const Call& call, ApiServices& services,
                                   std::optional<std::string_view> ifid);

/// A route needing `read_stats` that selects the interface from the `ifid` parameter first. A
/// `cacheable` route's 200 answers are kept in ApiServices::cache and reused for the same request by a
/// caller with the same view while the interface's statistics do not change.
Route interface_route(ApiServices& services, NtopFn fn, bool cacheable = true);

/// The INVALID_ARGUMENTS answer (400) with `message`.
http::Response invalid_arguments(std::string_view message);

/// The parameters ntopng's paged lists share: `currentPage` (1-based, default 1), `perPage` (default
/// 10; 0 with `all=true`: everything), `sortColumn`, `sortOrder` (asc|desc). A malformed value is the
/// INVALID_ARGUMENTS answer.
struct PageParams {
  size_t current_page = 1;
  size_t per_page = 10;
  bool all = false;
  std::string sort_column;  ///< as given (without ntopng's "column_" prefix); empty: none
  std::string sort_order;   ///< "asc", "desc" or empty
  bool descending() const { return sort_order != "asc"; }
};
std::optional<http::Response> parse_page(const Params& params, PageParams& out);

/// One of ntopng's `sortColumn` names and the query layer's sort key for it.
struct SortColumn {
  std::string_view name;
  query::SortKey key;
};
/// The key of `column` in `columns`; nullopt when it is not there.
std::optional<query::SortKey> find_sort_column(std::span<const SortColumn> columns, std::string_view column);

}  // namespace netmeter::api::ntopng
