#include "filter/bpf.hpp"

#include <algorithm>
#include <utility>

namespace netmeter::filter {
namespace {

// A piece of filter text, or a constant that folds away: a comparison may be decided by the number of
// VLAN tags alone (`vlan == none`), and an empty port set matches nothing.
struct Bpf {
  enum class Kind : uint8_t { True, False, Text };
  enum class Top : uint8_t { Atom, And, Or };  ///< what joins the text's terms at its top level

  Kind kind = Kind::Text;
  std::string text;
  Top top = Top::Atom;
  size_t primitives = 0;  ///< libpcap primitives in the text

  static Bpf constant(bool value) { return {value ? Kind::True : Kind::False, {}, Top::Atom, 0}; }
  static Bpf atom(std::string text) { return {Kind::Text, std::move(text), Top::Atom, 1}; }
  /// Two primitives joined by and/or.
  static Bpf pair(std::string text, bool is_and) {
    return {Kind::Text, std::move(text), is_and ? Top::And : Top::Or, 2};
  }
  bool is(bool value) const { return kind == (value ? Kind::True : Kind::False); }
};

// The text as an operand: in parentheses unless it is an atom or a chain of the same operator.
std::string grouped(const Bpf& b, Bpf::Top within = Bpf::Top::Atom) {
  return b.top == Bpf::Top::Atom || b.top == within ? b.text : "(" + b.text + ")";
}

// `and` when `is_and`, else `or`; `absorbing` is the constant that decides the whole.
Bpf join(Bpf a, Bpf b, bool is_and) {
  const bool absorbing = !is_and;
  if (a.is(absorbing) || b.is(absorbing)) return Bpf::constant(absorbing);
  if (a.is(!absorbing)) return b;
  if (b.is(!absorbing)) return a;
  const Bpf::Top top = is_and ? Bpf::Top::And : Bpf::Top::Or;
  return {Bpf::Kind::Text, grouped(a, top) + (is_and ? " and " : " or ") + grouped(b, top), top,
          a.primitives + b.primitives};
}

Bpf negate(Bpf a) {
  if (a.kind != Bpf::Kind::Text) return Bpf::constant(a.is(false));
  return {Bpf::Kind::Text, "not " + grouped(a), Bpf::Top::Atom, a.primitives};
}

// libpcap's direction qualifier for a side, with its trailing space.
std::string direction(Side side) {
  return side == Side::Src ? "src " : side == Side::Dst ? "dst " : "";
}

Bpf ip_comparison(const IpValue& v, Side side) {
  const core::Cidr& n = v.network;
  if (n.network.empty()) return Bpf::constant(false);  // only a tree not made by parse(): Filter agrees
  const bool host = n.prefix == (n.network.is_v4() ? 32 : 128);
  const std::string proto = n.network.is_v4() ? "ip " : "ip6 ";
  const std::string target = host ? "host " + n.network.to_string()
                                  : "net " + n.network.to_string() + "/" + std::to_string(n.prefix);
  if (!v.port) return Bpf::atom(proto + direction(side) + target);
  // The address and the port belong to the same endpoint.
  auto endpoint = [&](Side s) {
    return Bpf::pair(
        proto + direction(s) + target + " and " + direction(s) + "port " + std::to_string(*v.port), true);
  };
  if (side != Side::Any) return endpoint(side);
  return join(endpoint(Side::Src), endpoint(Side::Dst), false);
}

// The ports of `ranges`, with overlapping and adjacent ranges merged (fewer primitives to compile).
Bpf port_ranges(std::vector<PortRange> ranges, Side side) {
  std::sort(ranges.begin(), ranges.end(), [](const PortRange& a, const PortRange& b) { return a.lo < b.lo; });
  std::vector<PortRange> merged;
  for (const PortRange& r : ranges) {
    if (!merged.empty() && r.lo <= merged.back().hi + 1) {
      merged.back().hi = std::max(merged.back().hi, r.hi);
    } else {
      merged.push_back(r);
    }
  }
  Bpf out = Bpf::constant(false);
  for (const PortRange& r : merged) {
    std::string one =
        direction(side) + (r.lo == r.hi ? "port " + std::to_string(r.lo)
                                        : "portrange " + std::to_string(r.lo) + "-" + std::to_string(r.hi));
    out = join(std::move(out), Bpf::atom(std::move(one)), false);
  }
  return out;
}

// The VLAN IDs of a frame with `tags` tags, read from the bytes: libpcap's `vlan N` would move the
// offsets again, and the segments of to_bpf() have already moved them.
Bpf vlan_comparison(const VlanValue& v, Op op, int tags) {
  if (!v.id) return Bpf::constant(tags == 0);
  Bpf out = Bpf::constant(false);
  for (const PortRange& r : accepted_ranges(op, *v.id, 4095)) {
    for (int i = 0; i < tags; ++i) {
      const std::string id = "(ether[" + std::to_string(14 + 4 * i) + ":2] & 0xfff)";
      Bpf one;
      if (r.lo == r.hi) {
        one = Bpf::atom(id + " = " + std::to_string(r.lo));
      } else if (r.lo == 0 && r.hi == 4095) {
        one = Bpf::constant(true);
      } else if (r.lo == 0) {
        one = Bpf::atom(id + " <= " + std::to_string(r.hi));
      } else if (r.hi == 4095) {
        one = Bpf::atom(id + " >= " + std::to_string(r.lo));
      } else {
        one = Bpf::pair(id + " >= " + std::to_string(r.lo) + " and " + id + " <= " + std::to_string(r.hi),
                        true);
      }
      out = join(std::move(out), std::move(one), false);
    }
  }
  return out;
}

// One comparison, `==` or an ordering (`!=` is negated by the caller), for frames with `tags` tags.
Bpf positive(const Comparison& c, Op op, int tags) {
  switch (c.field) {
    case Field::Ip:
      return ip_comparison(std::get<IpValue>(c.value), c.side);
    case Field::Port:
      return port_ranges(accepted_ranges(op, std::get<PortValue>(c.value).port, 65535), c.side);
    case Field::PortRange:
      return port_ranges(std::get<PortListValue>(c.value).ranges, c.side);
    case Field::Mac: {
      const std::string kind = c.side == Side::Any ? "host " : direction(c.side);
      return Bpf::atom("ether " + kind + std::get<MacAddress>(c.value).to_string());
    }
    case Field::Vlan:
      return vlan_comparison(std::get<VlanValue>(c.value), op, tags);
    case Field::L4Protocol: {
      const std::string n = std::to_string(std::get<L4Value>(c.value).protocol);
      return Bpf::pair("ip proto " + n + " or ip6 proto " + n, false);
    }
    case Field::Dpi:
      break;
  }
  return Bpf::constant(false);  // not reached: to_bpf() refuses dpi
}

Bpf render(const Expression& e, int tags) {
  switch (e.kind) {
    case Expression::Kind::Compare: {
      const Comparison& c = e.comparison;
      if (c.op == Op::Ne) return negate(positive(c, Op::Eq, tags));
      return positive(c, c.op, tags);
    }
    case Expression::Kind::Not:
      return negate(render(e.operands.front(), tags));
    case Expression::Kind::And:
    case Expression::Kind::Or: {
      const bool is_and = e.kind == Expression::Kind::And;
      Bpf out = Bpf::constant(is_and);
      for (const Expression& o : e.operands)
        out = join(std::move(out), render(o, tags), is_and);
      return out;
    }
  }
  return Bpf::constant(false);
}

// Whether the two bytes at `offset` are a VLAN TPID (what libpcap's `vlan` tests).
std::string tpid_at(int offset) {
  const std::string field = "ether[" + std::to_string(offset) + ":2]";
  return "(" + field + " = 0x8100 or " + field + " = 0x88a8 or " + field + " = 0x9100)";
}

}  // namespace

// libpcap's `vlan` keyword moves the offsets of every primitive that follows it in the text, whatever
// the parentheses. So the filter is one segment per number of tags (0, 1, 2), in that order; each
// segment is guarded by exactly its number of tags, adds the `vlan` keywords it needs to move the
// offsets past them, then holds the expression rendered for that many tags.
std::optional<std::string> to_bpf(const Expression& expression) {
  if (uses_field(expression, Field::Dpi)) return std::nullopt;
  std::string out;
  int moved = 0;  // `vlan` keywords written so far
  for (int tags = 0; tags <= 2; ++tags) {
    Bpf body = render(expression, tags);
    if (body.primitives > kMaxBpfPrimitives) return std::nullopt;
    if (body.is(false)) continue;
    std::string guard;
    for (int i = 0; i < tags; ++i) {
      if (!guard.empty()) guard += " and ";
      if (i < moved) {
        guard += tpid_at(12 + 4 * i);
      } else {
        guard += "vlan";
        ++moved;
      }
    }
    guard += (guard.empty() ? "not " : " and not ") + tpid_at(12 + 4 * tags);
    const std::string segment = body.is(true) ? guard : guard + " and " + grouped(body);
    out += (out.empty() ? "(" : " or (") + segment + ")";
  }
  // Nothing can match. libpcap's optimiser refuses a filter it can prove rejects everything; it does not
  // fold this one.
  if (out.empty()) return "len < 0";
  return out;
}

}  // namespace netmeter::filter
