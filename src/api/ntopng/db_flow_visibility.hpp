#pragma once

#include <optional>

#include "auth/principal.hpp"
#include "history/query/flow_query.hpp"

namespace netmeter::api::ntopng {

/// Restricts a past-flow query to what `principal` may see: as for live flows, a flow whose client or
/// server is in one of the user's networks. The condition is added to the typed query (never as text).
/// False when the user may see no network at all: the answer is then empty without asking the store.
bool restrict_to_visible(history::query::FlowQuery& query, const auth::Principal* principal);

}  // namespace netmeter::api::ntopng
