#include "history/filter_predicate.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <variant>
#include <vector>

#include "history/query/column_names.hpp"

namespace netmeter::history {
namespace {

using filter::Comparison;
using filter::Expression;
using filter::Field;
using filter::Op;
using filter::Side;
using query::between_column;
using query::compare_column;
using query::CompareOp;
using query::join_predicates;
using query::Predicate;

Predicate negated(Predicate inner) {
  Predicate p;
  p.kind = Predicate::Kind::Not;
  p.operands.push_back(std::move(inner));
  return p;
}

/// Never true: no flow has port 1..0 (an ordering with no value, such as `port < 0`).
Predicate never() {
  return between_column("IP_SRC_PORT", uint64_t{1}, uint64_t{0});
}

using Range = filter::PortRange;

Predicate in_ranges(std::string_view name, const std::vector<Range>& ranges) {
  if (ranges.empty()) return never();
  std::vector<Predicate> any;
  for (const Range& r : ranges)
    any.push_back(r.lo == r.hi ? compare_column(name, CompareOp::Eq, uint64_t{r.lo})
                               : between_column(name, uint64_t{r.lo}, uint64_t{r.hi}));
  return join_predicates(Predicate::Kind::Or, std::move(any));
}

/// `side` Any: the source or the destination satisfies `one(src?)`.
template <typename One>
Predicate on_sides(Side side, One&& one) {
  if (side == Side::Src) return one(true);
  if (side == Side::Dst) return one(false);
  return join_predicates(Predicate::Kind::Or, {one(true), one(false)});
}

Predicate has_ports() {
  Predicate p;
  p.kind = Predicate::Kind::In;
  p.column = *query::resolve_column("PROTOCOL");
  p.values = {uint64_t{6}, uint64_t{17}, uint64_t{132}};
  return p;
}

/// The lowest and highest address of `network` as the columns hold them (IPv4: a host-order number).
std::pair<Value, Value> network_bounds(const core::Cidr& network) {
  std::array<uint8_t, 16> lo = network.network.bytes();
  std::array<uint8_t, 16> hi = lo;
  const int bits = network.network.is_v4() ? 32 : 128;
  for (int i = 0; i < bits / 8; ++i) {
    const int keep = std::clamp(network.prefix - 8 * i, 0, 8);
    const auto mask = static_cast<uint8_t>(0xFF00 >> keep);
    lo[i] &= mask;
    hi[i] = static_cast<uint8_t>(lo[i] | ~mask);
  }
  if (!network.network.is_v4()) return {Value{lo}, Value{hi}};
  auto number = [](const std::array<uint8_t, 16>& b) {
    return uint64_t{b[0]} << 24 | uint64_t{b[1]} << 16 | uint64_t{b[2]} << 8 | uint64_t{b[3]};
  };
  return {Value{number(lo)}, Value{number(hi)}};
}

Predicate ip_test(const filter::IpValue& v, Side side) {
  const bool v4 = v.network.network.is_v4();
  // Named copies, not a structured binding: lambdas capture those only from C++20 compilers' newer
  // releases (clang 16), and the sanitizer build uses Debian's clang 14.
  const auto bounds = network_bounds(v.network);
  const Value& lo = bounds.first;
  const Value& hi = bounds.second;
  Predicate version = compare_column("IP_PROTOCOL_VERSION", CompareOp::Eq, uint64_t{v4 ? 4u : 6u});
  Predicate endpoints = on_sides(side, [&](bool src) {
    std::vector<Predicate> all;
    const std::string_view address =
        v4 ? (src ? "IPV4_SRC_ADDR" : "IPV4_DST_ADDR") : (src ? "IPV6_SRC_ADDR" : "IPV6_DST_ADDR");
    all.push_back(lo == hi ? compare_column(address, CompareOp::Eq, lo) : between_column(address, lo, hi));
    if (v.port)
      all.push_back(compare_column(src ? "IP_SRC_PORT" : "IP_DST_PORT", CompareOp::Eq, uint64_t{*v.port}));
    return join_predicates(Predicate::Kind::And, std::move(all));
  });
  std::vector<Predicate> all{std::move(version), std::move(endpoints)};
  if (v.port) all.push_back(has_ports());  // a port belongs to TCP, UDP and SCTP only
  return join_predicates(Predicate::Kind::And, std::move(all));
}

Predicate port_test(const std::vector<Range>& ranges, Side side) {
  Predicate ports =
      on_sides(side, [&](bool src) { return in_ranges(src ? "IP_SRC_PORT" : "IP_DST_PORT", ranges); });
  return join_predicates(Predicate::Kind::And, {has_ports(), std::move(ports)});
}

Predicate vlan_test(const filter::VlanValue& v, Op op) {
  // VLAN_ID 0 is an untagged flow: it matches `vlan == none` and no test on an ID.
  if (!v.id) return compare_column("VLAN_ID", CompareOp::Eq, uint64_t{0});
  return join_predicates(Predicate::Kind::And,
                         {compare_column("VLAN_ID", CompareOp::Ne, uint64_t{0}),
                          in_ranges("VLAN_ID", filter::accepted_ranges(op, *v.id, 4095))});
}

/// `==` (and `===`, the same on these fields) or an ordering; `!=` is handled by the caller.
std::optional<Predicate> positive(const Comparison& c, Op op) {
  switch (c.field) {
    case Field::Ip:
      return ip_test(std::get<filter::IpValue>(c.value), c.side);
    case Field::Port:
      return port_test(filter::accepted_ranges(op, std::get<filter::PortValue>(c.value).port, 65535), c.side);
    case Field::PortRange: {
      std::vector<Range> ranges;
      for (const auto& r : std::get<filter::PortListValue>(c.value).ranges)
        ranges.push_back({r.lo, r.hi});
      return port_test(ranges, c.side);
    }
    case Field::Vlan:
      return vlan_test(std::get<filter::VlanValue>(c.value), op);
    case Field::L4Protocol:
      return compare_column("PROTOCOL", CompareOp::Eq, uint64_t{std::get<filter::L4Value>(c.value).protocol});
    case Field::Mac:
    case Field::Dpi:
      break;
  }
  return std::nullopt;
}

std::optional<Predicate> comparison_predicate(const Comparison& c) {
  if (c.op == Op::Ne) {  // the negation of `==`, as the filter reads it
    auto eq = positive(c, Op::Eq);
    if (!eq) return std::nullopt;
    return negated(std::move(*eq));
  }
  return positive(c, c.op);
}

}  // namespace

std::optional<Predicate> filter_predicate(const Expression& e) {
  if (e.kind == Expression::Kind::Compare) return comparison_predicate(e.comparison);
  std::vector<Predicate> operands;
  for (const Expression& operand : e.operands) {
    auto p = filter_predicate(operand);
    if (!p) return std::nullopt;
    operands.push_back(std::move(*p));
  }
  if (e.kind == Expression::Kind::Not) return negated(std::move(operands.at(0)));
  return join_predicates(e.kind == Expression::Kind::And ? Predicate::Kind::And : Predicate::Kind::Or,
                         std::move(operands));
}

SplitFilter split_filter(const Expression& e) {
  SplitFilter out;
  if (e.kind != Expression::Kind::And) {
    if (auto p = filter_predicate(e))
      out.pushed = std::move(p);
    else
      out.residual = e;
    return out;
  }
  std::vector<Predicate> pushed;
  std::vector<Expression> residual;
  for (const Expression& operand : e.operands) {
    if (auto p = filter_predicate(operand))
      pushed.push_back(std::move(*p));
    else
      residual.push_back(operand);
  }
  if (!pushed.empty()) out.pushed = join_predicates(Predicate::Kind::And, std::move(pushed));
  if (residual.size() == 1) out.residual = std::move(residual.front());
  if (residual.size() > 1) out.residual = Expression::combine(Expression::Kind::And, std::move(residual));
  return out;
}

}  // namespace netmeter::history
