#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace netmeter::auth {

/// One right. The values are persisted as bits in the store: never renumber, only add.
enum class Permission : uint32_t {
  ReadStats = 1u << 0,  // "read_stats": statistics, flows, hosts (both dialects, read-only)
  Pcap = 1u << 1,       // "pcap": packet downloads (capture / live extraction)
  Upload = 1u << 2,     // "upload": upload pcaps for analysis in a slot
  Admin = 1u << 3,      // "admin": configuration, users, everything
};

/// A set of permissions. `Admin` implies every other permission: a set holding it always holds
/// them all, so intersecting with a narrower set (owner downgraded) keeps what remains meaningful.
class Permissions {
 public:
  constexpr Permissions() = default;
  constexpr Permissions(std::initializer_list<Permission> list) {
    for (auto p : list)
      bits_ |= static_cast<uint32_t>(p);
    normalize();
  }
  /// From persisted bits; unknown bits are dropped.
  static constexpr Permissions from_bits(uint32_t bits) {
    Permissions p;
    p.bits_ = bits & kKnown;
    p.normalize();
    return p;
  }
  static constexpr Permissions all() { return from_bits(kKnown); }

  constexpr uint32_t bits() const { return bits_; }
  constexpr bool has(Permission p) const { return (bits_ & static_cast<uint32_t>(p)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr bool is_subset_of(Permissions other) const { return (bits_ & ~other.bits_) == 0; }

  constexpr Permissions operator&(Permissions other) const { return from_bits(bits_ & other.bits_); }
  constexpr Permissions operator|(Permissions other) const { return from_bits(bits_ | other.bits_); }
  friend constexpr bool operator==(Permissions, Permissions) = default;

  /// Comma-separated names ("read_stats,pcap"); whitespace around names is ignored; an empty
  /// string is the empty set. Unknown names → nullopt.
  static std::optional<Permissions> parse(std::string_view text);
  /// Canonical comma-separated names in bit order.
  std::string to_string() const;

 private:
  static constexpr uint32_t kKnown = 0xf;
  constexpr void normalize() {
    if (has(Permission::Admin)) bits_ = kKnown;
  }
  uint32_t bits_ = 0;
};

std::string_view permission_name(Permission p);

/// A user's role. `Admin` holds every permission; `User` holds `ReadStats` plus grants.
enum class Role { Admin, User };

/// "admin" / "user".
std::string_view role_name(Role role);
/// Accepts "admin" and "administrator", "user" and "unprivileged" (ntopng's words), any case.
std::optional<Role> parse_role(std::string_view text);

/// Grants a `User` may receive on top of ReadStats.
constexpr Permissions grantable_to_users() {
  return {Permission::Pcap, Permission::Upload};
}

/// What a user can do: everything for admins; ReadStats plus the grantable part of `granted` for users.
constexpr Permissions effective_permissions(Role role, Permissions granted) {
  if (role == Role::Admin) return Permissions::all();
  return Permissions{Permission::ReadStats} | (granted & grantable_to_users());
}

}  // namespace netmeter::auth
