#include "auth/permissions.hpp"

#include <gtest/gtest.h>

namespace netmeter::auth {
namespace {

TEST(Permissions, AdminImpliesEverything) {
  const Permissions admin{Permission::Admin};
  EXPECT_EQ(admin, Permissions::all());
  EXPECT_TRUE(admin.has(Permission::ReadStats));
  EXPECT_TRUE(admin.has(Permission::Pcap));
  EXPECT_TRUE(admin.has(Permission::Upload));
}

TEST(Permissions, FromBitsDropsUnknownBits) {
  EXPECT_EQ(Permissions::from_bits(0xf0u | 1u), Permissions{Permission::ReadStats});
  EXPECT_TRUE(Permissions::from_bits(0).empty());
}

TEST(Permissions, SubsetAndIntersection) {
  const Permissions stats{Permission::ReadStats};
  const Permissions stats_pcap{Permission::ReadStats, Permission::Pcap};
  EXPECT_TRUE(stats.is_subset_of(stats_pcap));
  EXPECT_FALSE(stats_pcap.is_subset_of(stats));
  EXPECT_TRUE(stats_pcap.is_subset_of(Permissions::all()));
  EXPECT_FALSE(Permissions::all().is_subset_of(stats_pcap));
  EXPECT_EQ(Permissions::all() & stats_pcap, stats_pcap);
  EXPECT_TRUE(Permissions{}.is_subset_of(stats));
}

TEST(Permissions, ParseAndFormat) {
  auto p = Permissions::parse(" read_stats , PCAP");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(*p, (Permissions{Permission::ReadStats, Permission::Pcap}));
  EXPECT_EQ(p->to_string(), "read_stats,pcap");
  EXPECT_EQ(Permissions::parse("admin")->to_string(), "read_stats,pcap,upload,admin");
  EXPECT_EQ(Permissions::parse(""), Permissions{});
  EXPECT_FALSE(Permissions::parse("read_stats,root").has_value());
  EXPECT_FALSE(Permissions::parse("pcap,,upload").has_value());
}

TEST(Permissions, EffectiveByRole) {
  EXPECT_EQ(effective_permissions(Role::Admin, {}), Permissions::all());
  EXPECT_EQ(effective_permissions(Role::User, {}), Permissions{Permission::ReadStats});
  EXPECT_EQ(effective_permissions(Role::User, {Permission::Pcap}),
            (Permissions{Permission::ReadStats, Permission::Pcap}));
  // A grant of admin to a plain user gives only what users may be granted.
  EXPECT_FALSE(effective_permissions(Role::User, Permissions::all()).has(Permission::Admin));
}

TEST(Permissions, Roles) {
  EXPECT_EQ(parse_role("administrator"), Role::Admin);
  EXPECT_EQ(parse_role("Admin"), Role::Admin);
  EXPECT_EQ(parse_role("unprivileged"), Role::User);
  EXPECT_EQ(parse_role("user"), Role::User);
  EXPECT_EQ(parse_role("root"), std::nullopt);
  EXPECT_EQ(role_name(Role::Admin), "admin");
  EXPECT_EQ(role_name(Role::User), "user");
}

}  // namespace
}  // namespace netmeter::auth
