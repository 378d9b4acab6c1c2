#include "alerts/checks/flow/ndpi_risk.hpp"

#include <gtest/gtest.h>

#include "alerts/alert_test_support.hpp"
#include "alerts/alert_types.hpp"
#include "dpi/risks.hpp"

namespace netmeter::alerts {
namespace {

constexpr int kSelfSigned = 6;       // NDPI_TLS_SELFSIGNED_CERTIFICATE
constexpr int kDga = 16;             // NDPI_SUSPICIOUS_DGA_DOMAIN
constexpr int kClearTextCreds = 36;  // NDPI_CLEAR_TEXT_CREDENTIALS
// ntopng 6.x's alert ids of these risks (FlowAlertTypeEnum, FlowRiskAlerts)
constexpr uint16_t kSelfSignedAlert = 28;
constexpr uint16_t kDgaAlert = 47;

uint64_t bit(int risk) {
  return uint64_t{1} << risk;
}

TEST(NdpiRiskCheck, OneAlertPerRiskWithNdpiScoreAndNtopngSeverity) {
  NdpiRiskCheck check;
  auto u = test::connection(1, "10.0.0.1", 40000, "10.0.0.2", 443);
  u.risk = bit(kSelfSigned) | bit(kDga);
  FlowState state;
  std::vector<FlowAlertDraft> out;
  check.on_detected(u, state, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].type_id, kSelfSignedAlert);
  EXPECT_EQ(out[1].type_id, kDgaAlert);
  for (const auto& d : out) {
    dpi::RiskInfo info = dpi::risk_info(find_alert_type(Entity::Flow, d.type_id)->risk);
    EXPECT_GT(info.score, 0);
    EXPECT_EQ(d.score, info.score);
    EXPECT_EQ(d.severity, severity_for_score(info.score));
  }
  EXPECT_EQ(state.alerted_risk, u.risk);
}

TEST(NdpiRiskCheck, EachRiskOncePerFlow) {
  NdpiRiskCheck check;
  auto u = test::connection(1, "10.0.0.1", 40000, "10.0.0.2", 21);
  u.risk = bit(kClearTextCreds);
  FlowState state;
  std::vector<FlowAlertDraft> out;
  check.on_detected(u, state, out);
  state.detected = true;
  check.on_periodic(u, state, out);
  check.on_end(u, state, out);
  ASSERT_EQ(out.size(), 1u);
  // A risk found later is raised at the next update.
  u.risk |= bit(kDga);
  check.on_periodic(u, state, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].type_id, kDgaAlert);
}

TEST(NdpiRiskCheck, NoRiskNoAlertAndDisabledRisksStaySilent) {
  NdpiRiskCheck check;
  auto u = test::connection(1, "10.0.0.1", 40000, "10.0.0.2", 443);
  FlowState state;
  std::vector<FlowAlertDraft> out;
  check.on_end(u, state, out);
  EXPECT_TRUE(out.empty());
  u.risk = bit(kSelfSigned) | bit(kDga);
  check.config().disabled_bits = bit(kDga);
  check.config().severity = Severity::Emergency;
  check.on_end(u, state, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type_id, kSelfSignedAlert);
  EXPECT_EQ(out[0].severity, Severity::Emergency);
}

TEST(NdpiRiskCheck, EveryNdpiRiskHasAnNtopngAlertType) {
  for (int r = 1; r <= dpi::max_risk_id(); ++r) {
    const AlertType* t = flow_risk_alert_type(r);
    ASSERT_NE(t, nullptr) << "risk " << r << " " << dpi::risk_info(r).name;
    EXPECT_EQ(t->entity, Entity::Flow);
    EXPECT_EQ(t->risk, r);
    EXPECT_EQ(find_alert_type(Entity::Flow, t->id), t);  // one id per alert type
    EXPECT_NE(t->id, flow_alert::kLongLived);
  }
}

TEST(SeverityForScore, FollowsNtopngScoreLevels) {
  EXPECT_EQ(severity_for_score(10), Severity::Notice);     // nDPI LOW
  EXPECT_EQ(severity_for_score(50), Severity::Warning);    // MEDIUM
  EXPECT_EQ(severity_for_score(100), Severity::Error);     // HIGH
  EXPECT_EQ(severity_for_score(250), Severity::Critical);  // SEVERE
  EXPECT_EQ(severity_for_score(0), Severity::Info);
}

}  // namespace
}  // namespace netmeter::alerts
