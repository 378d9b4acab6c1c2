#include "filter/filter.hpp"

#include <algorithm>
#include <cstring>

#include "filter/text.hpp"

namespace netmeter::filter {
namespace {

std::array<uint64_t, 2> words(const std::array<uint8_t, 16>& bytes) {
  std::array<uint64_t, 2> w;
  std::memcpy(w.data(), bytes.data(), sizeof w);
  return w;
}

// The prefix's mask in the same (memory) byte order as words() loads the address.
std::array<uint64_t, 2> prefix_mask(int prefix) {
  std::array<uint8_t, 16> bytes{};
  for (int i = 0; i < 16; ++i) {
    const int keep = std::clamp(prefix - 8 * i, 0, 8);
    bytes[i] = static_cast<uint8_t>(0xFF00 >> keep);
  }
  return words(bytes);
}

struct Bounds {
  uint16_t lo;
  uint16_t hi;
};

// The values `op value` accepts among 0..max, as at most one range (none when empty).
std::optional<Bounds> ordering_range(Op op, uint16_t value, uint16_t max) {
  switch (op) {
    case Op::Lt:
      if (value == 0) return std::nullopt;
      return Bounds{0, static_cast<uint16_t>(value - 1)};
    case Op::Le:
      return Bounds{0, value};
    case Op::Gt:
      if (value >= max) return std::nullopt;
      return Bounds{static_cast<uint16_t>(value + 1), max};
    case Op::Ge:
      return Bounds{value, max};
    default:
      return Bounds{value, value};
  }
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = ascii_lower(c);
  return out;
}

bool equals(std::string_view a, std::string_view b, bool case_sensitive) {
  return case_sensitive ? a == b : iequals(a, b);
}

// Whether `name` is "master.app".
bool is_full_name(std::string_view name, std::string_view master, std::string_view app, bool case_sensitive) {
  return name.size() == master.size() + 1 + app.size() && name[master.size()] == '.' &&
         equals(name.substr(0, master.size()), master, case_sensitive) &&
         equals(name.substr(master.size() + 1), app, case_sensitive);
}

}  // namespace

Filter::Filter(const Expression& expression) {
  entry_ = compile(expression, kAccept, kReject);
  needs_application_ = uses_field(expression, Field::Dpi);
}

// Emits the tests of `e` so that the program jumps to `on_true` or `on_false` once `e` is decided, and
// returns the index of its first test. Operands are emitted last to first, so every jump goes to a
// lower index or a verdict and evaluation always ends.
int32_t Filter::compile(const Expression& e, int32_t on_true, int32_t on_false) {
  switch (e.kind) {
    case Expression::Kind::Compare:
      return emit(e.comparison, on_true, on_false);
    case Expression::Kind::Not:
      return compile(e.operands.front(), on_false, on_true);
    case Expression::Kind::And: {
      int32_t next = on_true;
      for (auto it = e.operands.rbegin(); it != e.operands.rend(); ++it)
        next = compile(*it, next, on_false);
      return next;
    }
    case Expression::Kind::Or: {
      int32_t next = on_false;
      for (auto it = e.operands.rbegin(); it != e.operands.rend(); ++it)
        next = compile(*it, on_true, next);
      return next;
    }
  }
  return on_false;
}

void Filter::add_ranges(Test& t, const std::vector<Range>& ranges) {
  t.first = static_cast<uint32_t>(ranges_.size());
  t.count = static_cast<uint32_t>(ranges.size());
  ranges_.insert(ranges_.end(), ranges.begin(), ranges.end());
}

int32_t Filter::emit(const Comparison& c, int32_t on_true, int32_t on_false) {
  Op op = c.op;
  if (op == Op::Ne) {  // `!=` is the negation of `==`
    std::swap(on_true, on_false);
    op = Op::Eq;
  }
  Test t;
  t.side = c.side;
  t.on_true = on_true;
  t.on_false = on_false;
  switch (c.field) {
    case Field::Ip: {
      const auto& v = std::get<IpValue>(c.value);
      t.kind = TestKind::Ip;
      t.ip_version = v.network.network.version();
      t.network = words(v.network.network.bytes());
      t.mask = prefix_mask(v.network.prefix);
      t.has_port = v.port.has_value();
      t.port = v.port.value_or(0);
      break;
    }
    case Field::Port: {
      t.kind = TestKind::Ports;
      std::vector<Range> ranges;
      if (auto b = ordering_range(op, std::get<PortValue>(c.value).port, 65535))
        ranges.push_back({b->lo, b->hi});
      add_ranges(t, ranges);
      break;
    }
    case Field::PortRange: {
      t.kind = TestKind::Ports;
      std::vector<Range> ranges;
      for (const PortRange& r : std::get<PortListValue>(c.value).ranges)
        ranges.push_back({r.lo, r.hi});
      add_ranges(t, ranges);
      break;
    }
    case Field::Mac:
      t.kind = TestKind::Mac;
      t.mac = std::get<MacAddress>(c.value);
      break;
    case Field::Vlan: {
      const auto& v = std::get<VlanValue>(c.value);
      if (!v.id) {
        t.kind = TestKind::VlanNone;
        break;
      }
      t.kind = TestKind::Vlan;
      std::vector<Range> ranges;
      if (auto b = ordering_range(op, *v.id, 4095)) ranges.push_back({b->lo, b->hi});
      add_ranges(t, ranges);
      break;
    }
    case Field::L4Protocol:
      t.kind = TestKind::L4;
      t.l4 = std::get<L4Value>(c.value).protocol;
      break;
    case Field::Dpi: {
      const std::string& name = std::get<DpiValue>(c.value).name;
      t.kind = op == Op::Exact    ? TestKind::DpiExact
               : op == Op::Approx ? TestKind::DpiContains
                                  : TestKind::DpiEquals;
      t.first = static_cast<uint32_t>(text_.size());
      t.count = static_cast<uint32_t>(name.size());
      text_ += op == Op::Exact ? name : lower(name);
      break;
    }
  }
  tests_.push_back(t);
  return static_cast<int32_t>(tests_.size() - 1);
}

bool Filter::matches(const Subject& subject) const {
  int32_t pc = entry_;
  while (pc >= 0) {
    const Test& t = tests_[static_cast<size_t>(pc)];
    pc = run(t, subject) ? t.on_true : t.on_false;
  }
  return pc == kAccept;
}

bool Filter::ip_matches(const Test& t, const Endpoint& e, bool has_ports) const {
  if (e.ip.empty() || e.ip.version() != t.ip_version) return false;
  const auto w = words(e.ip.bytes());
  if (((w[0] ^ t.network[0]) & t.mask[0]) != 0 || ((w[1] ^ t.network[1]) & t.mask[1]) != 0) return false;
  return !t.has_port || (has_ports && e.port == t.port);
}

bool Filter::in_ranges(const Test& t, uint16_t value) const {
  for (uint32_t i = t.first; i < t.first + t.count; ++i)
    if (value >= ranges_[i].lo && value <= ranges_[i].hi) return true;
  return false;
}

bool Filter::dpi_matches(const Test& t, const Subject& s) const {
  const std::string_view name(text_.data() + t.first, t.count);
  const std::string_view app = s.app;
  const std::string_view master = s.app_master == s.app ? std::string_view() : s.app_master;
  switch (t.kind) {
    case TestKind::DpiEquals:
      return iequals(name, app) || iequals(name, master) ||
             (!master.empty() && !app.empty() && is_full_name(name, master, app, false));
    case TestKind::DpiExact:
      if (master.empty()) return name == app;
      if (app.empty()) return name == master;
      return is_full_name(name, master, app, true);
    default: {
      // A case-insensitive search of the full name, "master.app", read in place.
      const bool both = !master.empty() && !app.empty();
      const size_t length = both ? master.size() + 1 + app.size() : master.size() + app.size();
      auto at = [&](size_t i) -> char {
        if (i < master.size()) return master[i];
        if (both && i == master.size()) return '.';
        return app[i - master.size() - (both ? 1 : 0)];
      };
      for (size_t start = 0; start + name.size() <= length; ++start) {
        size_t j = 0;
        while (j < name.size() && ascii_lower(at(start + j)) == name[j])
          ++j;
        if (j == name.size()) return true;
      }
      return false;
    }
  }
}

bool Filter::run(const Test& t, const Subject& s) const {
  switch (t.kind) {
    case TestKind::Ip:
      if (t.side == Side::Src) return ip_matches(t, s.src, s.has_ports);
      if (t.side == Side::Dst) return ip_matches(t, s.dst, s.has_ports);
      return ip_matches(t, s.src, s.has_ports) || ip_matches(t, s.dst, s.has_ports);
    case TestKind::Ports:
      if (!s.has_ports) return false;
      if (t.side == Side::Src) return in_ranges(t, s.src.port);
      if (t.side == Side::Dst) return in_ranges(t, s.dst.port);
      return in_ranges(t, s.src.port) || in_ranges(t, s.dst.port);
    case TestKind::Mac: {
      const bool src = t.side != Side::Dst && s.src.mac == t.mac;
      return src || (t.side != Side::Src && s.dst.mac == t.mac);
    }
    case TestKind::Vlan:
      for (size_t i = 0; i < std::min<size_t>(s.vlan_count, s.vlans.size()); ++i)
        if (in_ranges(t, s.vlans[i])) return true;
      return false;
    case TestKind::VlanNone:
      return s.vlan_count == 0;
    case TestKind::L4:
      return s.has_ip() && s.l4 == t.l4;
    case TestKind::DpiEquals:
    case TestKind::DpiExact:
    case TestKind::DpiContains:
      return dpi_matches(t, s);
  }
  return false;
}

}  // namespace netmeter::filter
