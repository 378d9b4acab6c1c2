// The network restriction of a user as a typed condition on past flows (docs/history-queries.md).
#include "api/ntopng/db_flow_visibility.hpp"

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "history/query/flow_query.hpp"

namespace netmeter::api::ntopng {

namespace {

using history::Value;
using history::query::Predicate;

/// The lowest and highest address of `block`, as 16 bytes (IPv4: the first 4).
std::pair<std::array<uint8_t, 16>, std::array<uint8_t, 16>> bounds(const core::Cidr& block) {
  std::array<uint8_t, 16> low = block.network.bytes();
  std::array<uint8_t, 16> high = low;
  const int bits = block.network.is_v4() ? 32 : 128;
  for (int bit = block.prefix; bit < bits; ++bit)
    high[static_cast<size_t>(bit / 8)] |= static_cast<uint8_t>(0x80 >> (bit % 8));
  return {low, high};
}

uint64_t ipv4_number(const std::array<uint8_t, 16>& b) {
  return (uint64_t{b[0]} << 24) | (uint64_t{b[1]} << 16) | (uint64_t{b[2]} << 8) | b[3];
}

/// `version = 4|6 AND (SRC in block OR DST in block)`.
Predicate block_condition(const core::Cidr& block) {
  auto [low, high] = bounds(block);
  const bool v4 = block.network.is_v4();
  std::vector<Predicate> ends;
  for (std::string_view column : v4 ? std::array<std::string_view, 2>{"IPV4_SRC_ADDR", "IPV4_DST_ADDR"}
                                    : std::array<std::string_view, 2>{"IPV6_SRC_ADDR", "IPV6_DST_ADDR"}) {
    if (v4)
      ends.push_back(history::query::between_column(column, ipv4_number(low), ipv4_number(high)));
    else
      ends.push_back(history::query::between_column(column, low, high));
  }
  std::vector<Predicate> both;
  both.push_back(history::query::compare_column("IP_PROTOCOL_VERSION", history::query::CompareOp::Eq,
                                                uint64_t{v4 ? 4u : 6u}));
  both.push_back(history::query::join_predicates(Predicate::Kind::Or, std::move(ends)));
  return history::query::join_predicates(Predicate::Kind::And, std::move(both));
}

}  // namespace

bool restrict_to_visible(history::query::FlowQuery& query, const auth::Principal* principal) {
  if (!principal || principal->allowed_networks.unrestricted()) return true;
  const auto& networks = principal->allowed_networks.networks();
  if (networks.empty()) return false;
  std::vector<Predicate> blocks;
  for (const auto& block : networks)
    blocks.push_back(block_condition(block));
  Predicate visible = history::query::join_predicates(Predicate::Kind::Or, std::move(blocks));
  if (!query.where) {
    query.where = std::move(visible);
    return true;
  }
  std::vector<Predicate> both;
  both.push_back(std::move(*query.where));
  both.push_back(std::move(visible));
  query.where = history::query::join_predicates(Predicate::Kind::And, std::move(both));
  return true;
}

}  // namespace netmeter::api::ntopng
