#include "query/host_export.hpp"

namespace netmeter::query {

HostExport::HostExport(const QueryService& service, ListRequest request, HostFilter filter)
    : service_(service),
      request_(std::move(request)),
      filter_(std::move(filter)),
      aliases_(service.aliases()) {}

bool HostExport::next(size_t n, std::vector<HostItem>& out) {
  if (!built_) {
    order_ = service_.read([&](const stats::StatsStore& s, const NameResolver&) {
      return export_order(s, request_, filter_, aliases_);
    });
    built_ = true;
  }
  const size_t end = std::min(order_.size(), position_ + n);
  if (position_ < end) {
    service_.read([&](const stats::StatsStore& s, const NameResolver&) {
      export_items(s, request_, order_, position_, end, out, aliases_);
      return 0;
    });
  }
  position_ = end;
  return position_ < order_.size();
}

}  // namespace netmeter::query
