#include "api/allegro/stats_route.hpp"

#include <memory>
#include <string>

#include "api/common/response_cache.hpp"

namespace netmeter::api::allegro {

std::function<bool(const core::IpAddress&)> StatsCall::visible() const {
  const auth::Principal* p = call.principal;
  if (!p || p->allowed_networks.unrestricted()) return {};
  // A copy: CSV bodies and asynchronous queries outlive the request and its principal.
  auto acl = std::make_shared<const auth::NetworkAcl>(p->allowed_networks);
  return [acl](const core::IpAddress& a) { return acl->allows(a); };
}

bool StatsCall::may_see(const core::IpAddress& address) const {
  return !call.principal || call.principal->may_see_address(address);
}

namespace {

/// Everything an answer depends on besides the data: the slot and its generation, the request target
/// (path and query), the slot header, and who asks (what they may see).
std::string cache_key(const StatsCall& c) {
  std::string key = std::to_string(c.slot_id());
  key += '/';
  key += std::to_string(c.query().generation());
  key += ' ';
  key += c.call.request.target;
  if (auto h = c.call.request.header("X-AllegroPackets-Multimeter-ID")) key.append("\n").append(*h);
  if (const auth::Principal* p = c.call.principal; p && !p->allowed_networks.unrestricted()) {
    key += "\nuser ";
    key += std::to_string(p->user_id);
    for (const auto& n : p->allowed_networks.networks())
      key.append(" ").append(n.to_string());
  }
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
            if (r.status == 200 && !r.stream) cache->put(key, r.body);
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
