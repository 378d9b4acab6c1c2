#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/params.hpp"
#include "auth/principal.hpp"
#include "http/request.hpp"

namespace netmeter::api {

/// One request as a route handler sees it: the HTTP request, who sent it, its parameters and the values
/// of the route's ":name" segments.
struct Call {
  const http::Request& request;
  const auth::Principal* principal = nullptr;  ///< null only on routes that need no credentials
  Params params;
  std::vector<std::pair<std::string, std::string>> path_params;

  std::string_view path_param(std::string_view name) const {
    for (const auto& [k, v] : path_params)
      if (k == name) return v;
    return {};
  }
};

}  // namespace netmeter::api
