#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/connection.hpp"
#include "store/error.hpp"

namespace netmeter::store {

/// One row of `alert_exclusions`: alerts of (entity, alert id) are not raised for hosts in `network`.
struct AlertExclusionRecord {
  int64_t id = 0;
  int64_t entity = 0;    ///< ntopng's entity id (1 host, 4 flow)
  int64_t alert_id = 0;  ///< ntopng's alert id within the entity
  std::string network;   ///< canonical CIDR text (core::Cidr::to_string)
};

/// The `alert_exclusions` table, used through a locked connection.
class AlertExclusionRepository {
 public:
  explicit AlertExclusionRepository(Connection& conn) : conn_(conn) {}

  /// Adds the exclusion (or finds the same one) and returns its id.
  Result<int64_t> add(int64_t entity, int64_t alert_id, std::string_view network);
  /// Removes exclusion `id`; false when there is none.
  Result<bool> remove(int64_t id);
  /// Every exclusion, by id.
  Result<std::vector<AlertExclusionRecord>> list();

 private:
  Connection& conn_;
};

}  // namespace netmeter::store
