#include "api/allegro/stats_route.hpp"

#include <memory>

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

Route stats_route(ApiServices& services, StatsFn fn) {
  return {[&services, fn = std::move(fn)](Call& call) {
            StatsCall c{call, select_slot(call, services), {}};
            if (c.slot.error) return std::move(*c.slot.error);
            if (auto bad = parse_time(call.params, c.time)) return std::move(*bad);
            return fn(c);
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
