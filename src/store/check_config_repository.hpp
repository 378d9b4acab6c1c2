#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/connection.hpp"
#include "store/error.hpp"

namespace netmeter::store {

/// One row of `check_config`: an alert check's configuration as an administrator set it.
struct CheckConfigRecord {
  std::string name;  ///< the check's key (ntopng's script_key)
  bool enabled = true;
  int64_t threshold = 0;
  int64_t threshold2 = 0;
  int64_t severity = 0;       ///< ntopng's severity id; 0: from the alert's score
  int64_t disabled_bits = 0;  ///< the 64-bit bitmap, stored as its two's complement
  std::string servers;        ///< allowed servers, comma-separated addresses
};

/// The `check_config` table, used through a locked connection.
class CheckConfigRepository {
 public:
  explicit CheckConfigRepository(Connection& conn) : conn_(conn) {}

  /// Inserts or replaces the configuration of `r.name`.
  Status set(const CheckConfigRecord& r);
  /// Every stored configuration, by name.
  Result<std::vector<CheckConfigRecord>> list();

 private:
  Connection& conn_;
};

}  // namespace netmeter::store
