#pragma once

#include <cstdint>
#include <string_view>

namespace netmeter::l7 {

/// How far a parser got. The fields a parser filled before it stopped are valid in every case.
enum class ParseStatus : uint8_t {
  Ok,         ///< everything the parser looks at was present and well-formed
  Truncated,  ///< the bytes ended early (capture snap length, segment boundary)
  Malformed,  ///< a length, pointer or field broke the protocol's rules
};

std::string_view parse_status_name(ParseStatus status);

/// Keeps the first problem: a later one does not overwrite it.
constexpr void note_problem(ParseStatus& status, ParseStatus problem) {
  if (status == ParseStatus::Ok) status = problem;
}

}  // namespace netmeter::l7
