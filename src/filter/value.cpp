#include "filter/value.hpp"

#include "filter/text.hpp"

namespace netmeter::filter {
namespace {

std::optional<uint16_t> parse_port(std::string_view text) {
  if (auto n = parse_decimal(text, 65535)) return static_cast<uint16_t>(*n);
  return std::nullopt;
}

// Cidr::parse forgives blanks around the text; a value never has them (the lexer splits on them).
std::optional<core::Cidr> parse_network(std::string_view text) {
  if (text.empty() || text.find_first_of(" \t") != std::string_view::npos) return std::nullopt;
  return core::Cidr::parse(text);
}

bool is_host(const core::Cidr& c) {
  return c.prefix == (c.network.is_v4() ? 32 : 128);
}

}  // namespace

std::optional<IpValue> IpValue::parse(std::string_view text) {
  std::string_view address = text;
  std::optional<uint16_t> port;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    address = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      port = parse_port(rest.substr(1));
      if (!port) return std::nullopt;
    }
  } else if (const size_t colon = text.find(':');
             colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {
    // One colon: an IPv4 address with a port (an IPv6 address has at least two).
    address = text.substr(0, colon);
    port = parse_port(text.substr(colon + 1));
    if (!port) return std::nullopt;
  }
  auto network = parse_network(address);
  if (!network) return std::nullopt;
  return IpValue{*network, port};
}

std::string IpValue::to_string() const {
  std::string out = is_host(network) ? network.network.to_string() : network.to_string();
  if (!port) return out;
  if (network.network.is_v6()) out = "[" + out + "]";
  return out + ":" + std::to_string(*port);
}

std::optional<PortListValue> PortListValue::parse(std::string_view text) {
  PortListValue list;
  while (true) {
    const size_t comma = text.find(',');
    const std::string_view item = trim_blanks(text.substr(0, comma));
    const size_t dash = item.find('-');
    PortRange range;
    if (dash == std::string_view::npos) {
      auto p = parse_port(item);
      if (!p) return std::nullopt;
      range = {*p, *p};
    } else {
      const std::string_view lo = item.substr(0, dash);
      const std::string_view hi = item.substr(dash + 1);
      if (lo.empty() && hi.empty()) return std::nullopt;
      auto l = lo.empty() ? std::optional<uint16_t>(0) : parse_port(lo);
      auto h = hi.empty() ? std::optional<uint16_t>(65535) : parse_port(hi);
      if (!l || !h || *l > *h) return std::nullopt;
      range = {*l, *h};
    }
    list.ranges.push_back(range);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return list;
}

std::string PortListValue::to_string() const {
  std::string out;
  for (const PortRange& r : ranges) {
    if (!out.empty()) out += ',';
    out += std::to_string(r.lo);
    if (r.hi != r.lo) {
      out += '-';
      out += std::to_string(r.hi);
    }
  }
  return out;
}

std::vector<PortRange> accepted_ranges(Op op, uint16_t value, uint16_t max) {
  switch (op) {
    case Op::Lt:
      if (value == 0) return {};
      return {{0, static_cast<uint16_t>(value - 1)}};
    case Op::Le:
      return {{0, value}};
    case Op::Gt:
      if (value >= max) return {};
      return {{static_cast<uint16_t>(value + 1), max}};
    case Op::Ge:
      return {{value, max}};
    default:
      return {{value, value}};
  }
}

}  // namespace netmeter::filter
