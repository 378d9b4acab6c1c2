#include "ringbuffer/prefilter.hpp"

#include <algorithm>
#include <optional>
#include <variant>

namespace netmeter::ringbuffer {

namespace {

using Clauses = std::vector<std::vector<uint64_t>>;
constexpr size_t kMaxKeysPerClause = 64;

bool is_host(const core::Cidr& c) {
  return (c.network.is_v4() && c.prefix == 32) || (c.network.is_v6() && c.prefix == 128);
}

// The clauses one comparison requires (empty: nothing certain).
Clauses of_comparison(const filter::Comparison& c) {
  using filter::Field;
  if (c.op != filter::Op::Eq && c.op != filter::Op::Exact) return {};
  switch (c.field) {
    case Field::Ip: {
      const auto& v = std::get<filter::IpValue>(c.value);
      Clauses out;
      if (is_host(v.network)) out.push_back({key::ip(v.network.network)});
      if (v.port) out.push_back({key::port(*v.port)});
      return out;
    }
    case Field::Port:
      return {{key::port(std::get<filter::PortValue>(c.value).port)}};
    case Field::PortRange: {
      std::vector<uint64_t> keys;
      for (const auto& r : std::get<filter::PortListValue>(c.value).ranges) {
        if (static_cast<size_t>(r.hi - r.lo) + 1 + keys.size() > kMaxKeysPerClause) return {};
        for (uint32_t p = r.lo; p <= r.hi; ++p)
          keys.push_back(key::port(static_cast<uint16_t>(p)));
      }
      return {keys};
    }
    case Field::Mac:
      return {{key::mac(std::get<filter::MacAddress>(c.value))}};
    case Field::Vlan: {
      const auto& v = std::get<filter::VlanValue>(c.value);
      if (!v.id) return {};
      return {{key::vlan(*v.id)}};
    }
    default:
      return {};
  }
}

Clauses of_expression(const filter::Expression& e) {
  using Kind = filter::Expression::Kind;
  switch (e.kind) {
    case Kind::Compare:
      return of_comparison(e.comparison);
    case Kind::And: {
      Clauses out;
      for (const auto& o : e.operands) {
        Clauses part = of_expression(o);
        out.insert(out.end(), part.begin(), part.end());
      }
      return out;
    }
    case Kind::Or: {
      // Each alternative must require something; the union of one clause from each is then required.
      std::vector<uint64_t> any;
      for (const auto& o : e.operands) {
        Clauses part = of_expression(o);
        if (part.empty()) return {};
        const auto& smallest = *std::min_element(
            part.begin(), part.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
        any.insert(any.end(), smallest.begin(), smallest.end());
      }
      if (any.size() > kMaxKeysPerClause) return {};
      return {any};
    }
    case Kind::Not:
      return {};
  }
  return {};
}

}  // namespace

Prefilter::Prefilter(const filter::Expression& expression) : clauses_(of_expression(expression)) {}

bool Prefilter::may_match(const KeySummary& keys) const {
  for (const auto& clause : clauses_) {
    bool any = false;
    for (uint64_t k : clause)
      if (keys.may_hold(k)) {
        any = true;
        break;
      }
    if (!any) return false;
  }
  return true;
}

}  // namespace netmeter::ringbuffer
