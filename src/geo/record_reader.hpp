#pragma once

#include <maxminddb.h>

#include "geo/database_info.hpp"
#include "geo/geo_info.hpp"

namespace netmeter::geo {

/// Copies what one database record knows into the fields of `info` that are still unknown (the first
/// database that knows a field wins); true when it added anything. `kind` limits the fields looked for:
/// a country database is not asked for a city. Values of an unexpected type, country codes that are not
/// two capital letters and coordinates out of range are ignored; empty strings count as unknown.
bool read_record(MMDB_entry_s entry, DatabaseKind kind, RecordLayout layout, GeoInfo& info);

}  // namespace netmeter::geo
