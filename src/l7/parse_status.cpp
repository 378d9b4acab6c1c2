#include "l7/parse_status.hpp"

namespace netmeter::l7 {

std::string_view parse_status_name(ParseStatus status) {
  switch (status) {
    case ParseStatus::Ok:
      return "ok";
    case ParseStatus::Truncated:
      return "truncated";
    case ParseStatus::Malformed:
      return "malformed";
  }
  return "unknown";
}

}  // namespace netmeter::l7
