#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "auth/rc.hpp"
#include "store/connection.hpp"

namespace netmeter::auth {

/// Whose tokens or sessions an operation is about: the id of user `name`, or nullopt (everyone's) when
/// no name is given. An unknown name is NotFound with `missing` as the message (e.g. "no such token", so
/// that naming another user's credential says no more than naming none).
Result<std::optional<int64_t>> owner_id(store::Connection& conn, std::optional<std::string_view> name,
                                        std::string_view missing);

}  // namespace netmeter::auth
