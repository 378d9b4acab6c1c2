#include "api/allegro/stats_route.hpp"

#include <memory>
#include <string>

#include "api/common/response_cache.hpp"
#include "api/common/visibility.hpp"

namespace netmeter::api::allegro {

std::function<bool(const core::IpAddress&)> StatsCall::visible() const {
  return visible_to(call.principal);
}

bool StatsCall::may_see(const core::IpAddress& address) const {
  return may_see_address(call.principal, address);
}

namespace {

/// The request's view key (api/common/response_cache.hpp) and the slot header, which also selects a slot.
std::string cache_key(const StatsCall& c) {
  std::string key = view_cache_key(c.slot_id(), c.query().generation(), c.call);
  if (auto h = c.call.request.header("X-AllegroPackets-Multimeter-ID")) key.append("\n").append(*h);
  return key;
}

http::Response cached_json(std::string body) {
  return http::Response(200, "application/json", std::move(body));
}

}  // namespace

Route stats_route(ApiServices& services, StatsFn fn, bool cacheable) {
  return {[&services, fn = std::move(fn), cacheable](Call& call) {
            StatsCall c{call, select_slot(call, services), {}};
            if (c.slot.error) return std::move(*c.slot.error);
            if (auto bad = parse_time(call.params, c.time)) return std::move(*bad);
            ResponseCache* cache = cacheable ? services.cache : nullptr;
            if (!cache) return fn(c);
            const std::string key = cache_key(c);
            if (auto hit = cache->get(key)) return cached_json(std::move(*hit));
            http::Response r = fn(c);
            // Only whole answers: not a stream, nor one computed later (its body is not there yet).
            if (r.status == 200 && !r.stream && !r.later) cache->put(key, r.body);
            return r;
          },
          Need::read_stats, BodyKind::none};
}

std::optional<http::Response> list_params(const StatsCall& c, std::span<const SortName> sorts,
                                          ListLimits limits, ListParams& out) {
  auto bad = parse_list(c.call.params, c.time, sorts, limits, out);
  if (!bad) out.request.visible = c.visible();
  return bad;
}

}  // namespace netmeter::api::allegro
