#pragma once

#include <string_view>

#include "history/query_types.hpp"

namespace netmeter::history::clickhouse {

/// Parses a `TabSeparatedWithNamesAndTypes` answer into typed rows. Cells are typed by the server's
/// type row: UIntN → uint64_t, IntN → int64_t, FloatN → double, DateTime('UTC') → uint64_t epoch
/// seconds, FixedString(16) → its 16 bytes, Nullable NULL → monostate, anything else → its text.
/// Column names and types come from `query` when it names as many columns as the answer has (they are
/// what the client asked for), else from the server's rows. Throws HistoryError on a malformed answer.
ResultTable parse_tsv_with_names_and_types(std::string_view answer, const RenderedQuery& query);

}  // namespace netmeter::history::clickhouse
