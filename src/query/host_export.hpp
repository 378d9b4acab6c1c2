#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "query/hosts.hpp"
#include "query/query_service.hpp"

namespace netmeter::query {

/// Every host a list request selects, in the request's order, handed out in batches: for exports (CSV,
/// the Allegro `ips` array) of lists far larger than a page. The order is fixed by the first batch (one
/// pass over the hosts and a sort, ~40 bytes per host); afterwards each batch takes the reader lock only
/// for its own items, so an export never holds the aggregator up for long and never copies the whole
/// list. Hosts that expire meanwhile are skipped; values are those at the time of their batch. A Name
/// sort exports in address order. An interval reaching before the memory horizon exports the list merged
/// with the store (QueryService::past_hosts: computed whole by the first batch, sorted as the list is).
/// Not thread-safe; the service must outlive it.
class HostExport {
 public:
  HostExport(const QueryService& service, ListRequest request, HostFilter filter = {});

  /// Appends the next up to `n` hosts to `out`; false once every host was handed out.
  bool next(size_t n, std::vector<HostItem>& out);
  /// Hosts selected (known after the first next()).
  size_t total() const { return merged_ ? merged_->size() : order_.size(); }

  struct Entry {
    uint64_t value = 0;
    stats::HostKey key;
    uint32_t slot = 0;  ///< where the host was in the store's table (checked against the key on use)
  };

 private:
  void build(const stats::StatsStore& store);

  const QueryService& service_;
  ListRequest request_;
  HostFilter filter_;
  AliasView aliases_;  ///< the names of the whole export: those in force at its start
  std::vector<Entry> order_;
  std::optional<std::vector<HostItem>> merged_;  ///< the list merged with the store, when it reads it
  size_t position_ = 0;
  bool built_ = false;
};

/// For QueryService: the export's steps under the store's lock.
std::vector<HostExport::Entry> export_order(const stats::StatsStore& store, const ListRequest& request,
                                            const HostFilter& filter, const AliasView& aliases = {});
void export_items(const stats::StatsStore& store, const ListRequest& request,
                  const std::vector<HostExport::Entry>& order, size_t begin, size_t end,
                  std::vector<HostItem>& out, const AliasView& aliases = {});

}  // namespace netmeter::query
