#include "api/ntopng/ntop_route.hpp"

#include <charconv>
#include <string>

#include "api/common/response_cache.hpp"
#include "api/common/visibility.hpp"
#include "api/dialect.hpp"

namespace netmeter::api::ntopng {

std::function<bool(const core::IpAddress&)> NtopCall::visible() const {
  return visible_to(call.principal);
}

bool NtopCall::may_see(const core::IpAddress& address) const {
  return may_see_address(call.principal, address);
}

namespace {

std::optional<uint32_t> parse_ifid(std::string_view text) {
  uint32_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return id;
}

http::Response invalid_interface() {
  return ntop_error(NtopRc::InvalidInterface, "ifid is missing or names no interface you may see");
}

}  // namespace

SelectedInterface select_interface(const Call& call, ApiServices& services,
                                   std::optional<std::string_view> ifid) {
  SelectedInterface out;
  std::optional<uint32_t> id = ifid ? parse_ifid(*ifid) : std::nullopt;
  if (!id || !services.slots || (call.principal && !call.principal->may_see_interface(*id))) {
    out.error = invalid_interface();
    return out;
  }
  out.ifid = *id;
  out.slot = services.slots->data(*id);
  if (!out.slot) {
    out.error = invalid_interface();
  } else if (!out.slot->query()) {
    out.error = ntop_error(NtopRc::InternalError, "statistics are off for interface " + std::to_string(*id));
    out.slot.reset();
  }
  return out;
}

Route interface_route(ApiServices& services, NtopFn fn, bool cacheable) {
  return {[&services, fn = std::move(fn), cacheable](Call& call) {
            auto ifid = call.params.non_empty("ifid");
            SelectedInterface selected = select_interface(call, services, ifid);
            if (selected.error) return std::move(*selected.error);
            NtopCall c{call, selected.ifid, std::move(selected.slot)};
            ResponseCache* cache = cacheable ? services.cache : nullptr;
            if (!cache) return fn(c);
            const std::string key = "ntopng " + view_cache_key(c.ifid, c.query().generation(), call);
            if (auto hit = cache->get(key)) return http::Response(200, "application/json", std::move(*hit));
            http::Response r = fn(c);
            if (r.status == 200 && !r.stream) cache->put(key, r.body);
            return r;
          },
          Need::read_stats, BodyKind::params};
}

http::Response invalid_arguments(std::string_view message) {
  return ntop_error(NtopRc::InvalidArguments, message);
}

std::optional<http::Response> parse_page(const Params& params, PageParams& out) {
  auto page = params.integer("currentPage", 0, 1'000'000'000);
  auto per_page = params.integer("perPage", 0, 1'000'000'000);
  if (page.error) return invalid_arguments("currentPage: " + *page.error);
  if (per_page.error) return invalid_arguments("perPage: " + *per_page.error);
  out.all = params.flag("all").value_or(false);
  if (page.value) out.current_page = std::max<int64_t>(1, *page.value);
  if (per_page.value) out.per_page = static_cast<size_t>(*per_page.value);
  if (out.all) {
    out.current_page = 1;
    out.per_page = 0;
  }
  if (auto col = params.non_empty("sortColumn")) {
    std::string_view c = *col;
    if (c.starts_with("column_")) c.remove_prefix(7);
    out.sort_column = std::string(c);
  }
  if (auto order = params.non_empty("sortOrder")) {
    if (*order != "asc" && *order != "desc") return invalid_arguments("sortOrder must be asc or desc");
    out.sort_order = std::string(*order);
  }
  return std::nullopt;
}

std::optional<query::SortKey> find_sort_column(std::span<const SortColumn> columns, std::string_view column) {
  for (const auto& c : columns)
    if (c.name == column) return c.key;
  return std::nullopt;
}

}  // namespace netmeter::api::ntopng
