#pragma once

#include <cstdint>

namespace netmeter::core {

/// A flow id: the engine worker that owns the flow in the high bits, the flow's number within that
/// worker in the low 48 (from engine::EngineConfig::first_flow_number on, counting up). A slot that
/// starts again with a history store numbers on from what the store holds, so a slot's ids stay unique
/// across runs.
inline constexpr unsigned kFlowNumberBits = 48;

constexpr uint64_t flow_number(uint64_t id) {
  return id & ((uint64_t{1} << kFlowNumberBits) - 1);
}

constexpr uint64_t flow_id(unsigned worker, uint64_t number) {
  return (uint64_t{worker} << kFlowNumberBits) + number;
}

}  // namespace netmeter::core
