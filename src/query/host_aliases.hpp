#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/ip_address.hpp"
#include "stats/entities.hpp"

namespace netmeter::query {

/// Names users gave addresses (ntopng's host aliases), keyed by the address alone: the alias of
/// 10.0.0.1 names it on every VLAN and in every slot.
using AliasMap = std::unordered_map<core::IpAddress, std::string, stats::IpAddressHash>;

/// The aliases in force when a query started, read without locks while it runs. Without any alias it
/// holds nothing, and naming a host costs one pointer test more than the statistics' own name.
class AliasView {
 public:
  AliasView() = default;
  explicit AliasView(std::shared_ptr<const AliasMap> map) : map_(std::move(map)) {}

  bool empty() const { return map_ == nullptr; }
  /// The alias of `ip`, or null.
  const std::string* find(const core::IpAddress& ip) const {
    if (!map_) return nullptr;
    auto it = map_->find(ip);
    return it == map_->end() ? nullptr : &it->second;
  }
  /// The host's name as every answer shows it: its alias first, else the best name the statistics know.
  const std::string& name(const stats::HostEntry& h) const {
    const std::string* alias = find(h.key.ip);
    return alias ? *alias : h.name();
  }
  /// The same for a host the statistics may not hold (`h` null): its alias, or nothing.
  std::string name(const core::IpAddress& ip, const stats::HostEntry* h) const {
    if (const std::string* alias = find(ip)) return *alias;
    return h ? h->name() : std::string();
  }

 private:
  std::shared_ptr<const AliasMap> map_;  ///< null when there is no alias
};

/// The daemon's aliases in memory, shared by every slot's QueryService. Thread-safe: writers copy the
/// (small) map and swap it in; readers take a view, which a change never alters. Persistence is the
/// owner's (the API stores them in SQLite and loads them at start-up).
class HostAliases {
 public:
  AliasView view() const;
  /// Sets the alias of `ip`; an empty name removes it.
  void set(const core::IpAddress& ip, const std::string& name);
  /// Replaces every alias (start-up).
  void assign(AliasMap aliases);
  /// Grows at every change: answers computed with one version's names stay right while it stays.
  uint64_t version() const { return version_.load(std::memory_order_acquire); }

 private:
  void publish(std::shared_ptr<const AliasMap> map);

  mutable std::mutex mutex_;
  std::shared_ptr<const AliasMap> map_;
  std::atomic<uint64_t> version_{0};
};

}  // namespace netmeter::query
