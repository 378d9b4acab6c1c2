#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "filter/filter.hpp"

namespace netmeter::api {

/// A filter expression compiled for connection and flow lists, shareable with work that outlives the
/// request (CSV bodies, asynchronous queries).
struct CompiledFilter {
  std::shared_ptr<const filter::Filter> filter;  ///< null: no expression given, or an error
  std::string error;                             ///< "column 4: ..." when the text does not parse
  /// The parsed tree `filter` was compiled from (for stores that test it themselves); null with `filter`.
  std::shared_ptr<const filter::Expression> expression;
};

/// Compiles `text` (docs/filter.md); blank text means no filter.
CompiledFilter compile_filter(std::string_view text);
/// As compile_filter, and `required` must hold too (`text and required`; `required` alone for blank text).
CompiledFilter compile_filter(std::string_view text, const filter::Expression& required);

}  // namespace netmeter::api
