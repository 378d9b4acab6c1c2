#pragma once

#include <array>
#include <cstdint>

namespace netmeter::store {

/// A SHA-256 digest as stored for API tokens and session ids (the secrets themselves are never stored).
using Digest = std::array<uint8_t, 32>;

}  // namespace netmeter::store
