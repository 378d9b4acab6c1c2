#include "filter/field.hpp"

#include <array>

#include "filter/text.hpp"

namespace netmeter::filter {
namespace {

struct NamedField {
  std::string_view name;
  FieldName field;
};

// The first entry of each (field, side) pair is its canonical spelling.
constexpr std::array<NamedField, 15> kFields{{
    {"ip", {Field::Ip, Side::Any}},
    {"srcip", {Field::Ip, Side::Src}},
    {"dstip", {Field::Ip, Side::Dst}},
    {"port", {Field::Port, Side::Any}},
    {"srcport", {Field::Port, Side::Src}},
    {"dstport", {Field::Port, Side::Dst}},
    {"portrange", {Field::PortRange, Side::Any}},
    {"srcportrange", {Field::PortRange, Side::Src}},
    {"dstportrange", {Field::PortRange, Side::Dst}},
    {"mac", {Field::Mac, Side::Any}},
    {"srcmac", {Field::Mac, Side::Src}},
    {"dstmac", {Field::Mac, Side::Dst}},
    {"vlan", {Field::Vlan, Side::Any}},
    {"l4Protocol", {Field::L4Protocol, Side::Any}},
    {"dpi", {Field::Dpi, Side::Any}},
}};

}  // namespace

std::optional<FieldName> field_from_name(std::string_view name) {
  for (const NamedField& f : kFields)
    if (iequals(f.name, name)) return f.field;
  return std::nullopt;
}

std::string_view field_name(Field field, Side side) {
  for (const NamedField& f : kFields)
    if (f.field.field == field && f.field.side == side) return f.name;
  return "?";
}

std::string_view field_list() {
  return "ip, srcip, dstip, port, srcport, dstport, portrange, srcportrange, dstportrange, mac, srcmac, "
         "dstmac, vlan, l4Protocol, dpi";
}

std::string_view op_text(Op op) {
  switch (op) {
    case Op::Eq:
      return "==";
    case Op::Ne:
      return "!=";
    case Op::Exact:
      return "===";
    case Op::Lt:
      return "<";
    case Op::Le:
      return "<=";
    case Op::Gt:
      return ">";
    case Op::Ge:
      return ">=";
    case Op::Approx:
      return "~";
  }
  return "?";
}

bool op_allowed(Field field, Op op) {
  switch (op) {
    case Op::Eq:
    case Op::Ne:
    case Op::Exact:
      return true;
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge:
      return field == Field::Port || field == Field::Vlan;
    case Op::Approx:
      return field == Field::Dpi;
  }
  return false;
}

std::string_view allowed_ops_text(Field field) {
  switch (field) {
    case Field::Port:
    case Field::Vlan:
      return "==, !=, ===, <, <=, >, >=";
    case Field::Dpi:
      return "==, !=, ===, ~";
    default:
      return "==, !=, ===";
  }
}

}  // namespace netmeter::filter
