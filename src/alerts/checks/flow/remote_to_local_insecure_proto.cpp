#include "alerts/checks/flow/remote_to_local_insecure_proto.hpp"

#include "alerts/alert_types.hpp"

namespace netmeter::alerts {

namespace {

// nDPI's ndpi_protocol_breed_t.
constexpr uint8_t kUnsafe = 3;
constexpr uint8_t kPotentiallyDangerous = 4;
constexpr uint8_t kDangerous = 5;

uint32_t score_of_breed(uint8_t breed) {
  switch (breed) {
    case kUnsafe:
      return 10;
    case kPotentiallyDangerous:
      return 50;
    case kDangerous:
      return 100;
  }
  return 0;
}

}  // namespace

void RemoteToLocalInsecureProtoCheck::on_detected(const stats::ConnectionUpdate& u, FlowState& s,
                                                  std::vector<FlowAlertDraft>& out) {
  uint32_t score = score_of_breed(u.breed);
  if (score == 0) return;
  const auto& client = u.client();
  const auto& server = u.server();
  if (core::in_any(local_, client.ip) || !core::in_any(local_, server.ip)) return;
  if (!s.first_raise(flow_alert::kRemoteToLocalInsecureProto)) return;
  out.push_back(
      {flow_alert::kRemoteToLocalInsecureProto, score, config_.severity.value_or(severity_for_score(score))});
}

}  // namespace netmeter::alerts
