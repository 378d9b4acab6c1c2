#pragma once

#include <optional>

#include "filter/expression.hpp"
#include "history/query/flow_query.hpp"

namespace netmeter::history {

/// An Allegro filter expression split for a query of past flows: what the store can test (`pushed`, a
/// typed where tree on the flow columns) and what is tested on the rows after reading (`residual`).
/// The expression is `pushed AND residual` (either may be absent: nothing to test there).
struct SplitFilter {
  std::optional<query::Predicate> pushed;
  std::optional<filter::Expression> residual;
};

/// The where tree that tests what `expression` tests on a stored flow (source = client, destination =
/// server), or nullopt when some part of it has no column: `mac` (not stored) and `dpi` (application
/// names; the store keeps nDPI's numbers). Orderings and ranges become BETWEEN, `!=` a NOT; port tests
/// hold only for TCP, UDP and SCTP and VLAN tests only for tagged flows, as on live connections.
std::optional<query::Predicate> filter_predicate(const filter::Expression& expression);

/// Splits `expression`: a top-level `and` keeps the operands that map in `pushed` and the others in
/// `residual`; any other expression goes whole to one side.
SplitFilter split_filter(const filter::Expression& expression);

}  // namespace netmeter::history
