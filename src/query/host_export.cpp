#include "query/host_export.hpp"

#include <algorithm>

namespace netmeter::query {

HostExport::HostExport(const QueryService& service, ListRequest request, HostFilter filter)
    : service_(service),
      request_(std::move(request)),
      filter_(std::move(filter)),
      aliases_(service.aliases()) {}

bool HostExport::next(size_t n, std::vector<HostItem>& out) {
  if (!built_) {
    built_ = true;
    ListRequest all = request_;
    all.page = 0;
    all.page_size = 0;
    if (auto page = service_.past_hosts(all, filter_, aliases_))
      merged_ = std::move(page->items);
    else
      order_ = service_.read([&](const stats::StatsStore& s, const NameResolver&) {
        return export_order(s, request_, filter_, aliases_);
      });
  }
  if (merged_) {
    const size_t end = std::min(merged_->size(), position_ + n);
    for (; position_ < end; ++position_)
      out.push_back(std::move((*merged_)[position_]));
    return position_ < merged_->size();
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
