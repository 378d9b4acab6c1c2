#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace netmeter::filter {

/// What a comparison looks at. The endpoint fields (ip, port, portrange, mac) come with a Side.
enum class Field : uint8_t { Ip, Port, PortRange, Mac, Vlan, L4Protocol, Dpi };

/// Which endpoint an endpoint field looks at: either of them, or the source (a connection's client) or
/// the destination (its server).
enum class Side : uint8_t { Any, Src, Dst };

/// Comparison operators. `eq` and `ne` are spellings of Eq and Ne.
enum class Op : uint8_t { Eq, Ne, Exact, Lt, Le, Gt, Ge, Approx };

/// A field as written in an expression: the field and its side.
struct FieldName {
  Field field;
  Side side;
};

/// The field a name denotes (case-insensitive: "ip", "srcIp", "l4Protocol", ...), or nullopt.
std::optional<FieldName> field_from_name(std::string_view name);

/// The canonical spelling of a field ("ip", "srcip", "l4Protocol", ...).
std::string_view field_name(Field field, Side side);

/// Every accepted field name, comma-separated, for error messages and documentation.
std::string_view field_list();

/// The operator as printed ("==", "!=", "===", "<", "<=", ">", ">=", "~").
std::string_view op_text(Op op);

/// Whether `op` may be used with `field` (orderings for port and vlan, `~` for dpi only).
bool op_allowed(Field field, Op op);

/// The operators a field accepts, for error messages ("==, !=, ===").
std::string_view allowed_ops_text(Field field);

/// Whether the field compares endpoints (and so takes a Side).
inline bool has_side(Field field) {
  return field == Field::Ip || field == Field::Port || field == Field::PortRange || field == Field::Mac;
}

}  // namespace netmeter::filter
