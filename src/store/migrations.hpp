#pragma once

#include <cstdint>

#include "store/connection.hpp"
#include "store/error.hpp"

namespace netmeter::store {

/// The schema version this build writes (the number of migrations it knows).
int64_t latest_schema_version();

/// Reads the version recorded in `schema_version` (0 for a new database).
Result<int64_t> schema_version(Connection& conn);

/// Applies every migration newer than the recorded version, each in its own transaction together
/// with the version bump. Refuses a database whose version is newer than this build's.
Status migrate(Connection& conn);

}  // namespace netmeter::store
