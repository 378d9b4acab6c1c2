#include "alerts/checks/interface/too_many_drops.hpp"

#include <gtest/gtest.h>

#include "alerts/alert_types.hpp"

namespace netmeter::alerts {
namespace {

TEST(TooManyDropsCheck, PercentOfDropsAboveNtopngsFivePercent) {
  TooManyDropsCheck check;
  EXPECT_EQ(check.type_id(), interface_alert::kTooManyDrops);
  EXPECT_EQ(check.type_id(), 4137);  // ntopng: OTHER_BASE_KEY + 41
  EXPECT_EQ(check.period(), Period::Minute);
  EXPECT_EQ(check.config().threshold, 5u);
  // 60 dropped of 60 + 1000 + 1: 5.65 %.
  EXPECT_EQ(check.on_periodic({.packets = 1000, .drops = 60}), 5u);
  // 50 of 1051: 4.76 %, under.
  EXPECT_EQ(check.on_periodic({.packets = 1000, .drops = 50}), std::nullopt);
  // Too few packets to judge, however many were dropped.
  EXPECT_EQ(check.on_periodic({.packets = 100, .drops = 1000}), std::nullopt);
  EXPECT_EQ(check.on_periodic({.packets = 101, .drops = 100000}), 99u);
  check.config().threshold = 1;
  EXPECT_EQ(check.on_periodic({.packets = 1000, .drops = 20}), 1u);
}

}  // namespace
}  // namespace netmeter::alerts
