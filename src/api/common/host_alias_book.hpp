#pragma once

#include <mutex>
#include <string>

#include "core/ip_address.hpp"
#include "query/host_aliases.hpp"
#include "store/database.hpp"
#include "store/error.hpp"

namespace netmeter::api {

/// The host aliases (ntopng's set/host/alias): kept in SQLite (store::AliasRepository) so they survive
/// restarts, and served from memory (query::HostAliases, which every slot's QueryService reads). Both
/// must outlive it. Thread-safe: changes are serialised, so memory always ends as the store does.
class HostAliasBook {
 public:
  HostAliasBook(store::Database& db, query::HostAliases& memory) : db_(db), memory_(memory) {}

  /// Loads the stored aliases into memory (start-up). Rows whose address does not parse are skipped.
  store::Status load();
  /// Sets the alias of `ip` (by address alone, whatever the VLAN); an empty name removes it. Stored first,
  /// then shown: a failure of the store changes nothing.
  store::Status set(const core::IpAddress& ip, const std::string& name);

 private:
  std::mutex mutex_;
  store::Database& db_;
  query::HostAliases& memory_;
};

}  // namespace netmeter::api
