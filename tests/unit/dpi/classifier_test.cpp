#include "dpi/classifier.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

extern "C" {
#include <ndpi_api.h>
}

namespace netmeter::test {
namespace {

// The classifier answers names from copies taken at creation; these tests hold them against nDPI's own
// functions, for every id, so that a report names an application exactly as nDPI does.

struct Ndpi {
  ndpi_detection_module_struct* module = ndpi_init_detection_module(ndpi_no_prefs);
  Ndpi() {
    NDPI_PROTOCOL_BITMASK all;
    NDPI_BITMASK_SET_ALL(all);
    ndpi_set_protocol_detection_bitmask2(module, &all);
    ndpi_finalize_initialization(module);
  }
  ~Ndpi() { ndpi_exit_detection_module(module); }
  Ndpi(const Ndpi&) = delete;
  Ndpi& operator=(const Ndpi&) = delete;

  std::string application(uint16_t master, uint16_t app) const {
    ndpi_protocol p{};
    p.master_protocol = master;
    p.app_protocol = app;
    char buf[64];
    return ndpi_protocol2name(module, p, buf, sizeof buf);
  }
};

flow::AppInfo app_info(uint16_t master, uint16_t app) {
  flow::AppInfo a;
  a.master = master;
  a.app = app;
  return a;
}

std::unique_ptr<dpi::Classifier> make_classifier() {
  auto created = dpi::Classifier::create({});
  EXPECT_TRUE(created.classifier) << created.error;
  return std::move(created.classifier);
}

void expect_names_as_ndpi(const dpi::Classifier& c, const Ndpi& ndpi) {
  // Every pair of known ids (and a few beyond them), as ndpi_protocol2name writes them.
  auto protocols = static_cast<uint16_t>(ndpi_get_num_supported_protocols(ndpi.module));
  ASSERT_GT(protocols, 100);
  for (uint16_t master = 0; master < protocols + 3; ++master) {
    for (uint16_t app = 0; app < protocols + 3; ++app)
      ASSERT_EQ(c.application_name(app_info(master, app)), ndpi.application(master, app))
          << master << '/' << app;
    ASSERT_EQ(c.counting_name(app_info(master, 0)), ndpi_get_proto_name(ndpi.module, master)) << master;
    ASSERT_EQ(c.counting_name(app_info(0, master)), ndpi_get_proto_name(ndpi.module, master)) << master;
  }
  EXPECT_EQ(c.counting_name(app_info(0, 65535)), ndpi_get_proto_name(ndpi.module, 65535));
  for (int category = 0; category < NDPI_PROTOCOL_NUM_CATEGORIES + 3; ++category) {
    flow::AppInfo a;
    a.category = static_cast<uint16_t>(category);
    EXPECT_EQ(c.category_name(a),
              ndpi_category_get_name(ndpi.module, static_cast<ndpi_protocol_category_t>(category)))
        << category;
  }
  for (int breed = 0; breed < 256; ++breed) {
    flow::AppInfo a;
    a.breed = static_cast<uint8_t>(breed);
    EXPECT_EQ(c.breed_name(a),
              ndpi_get_proto_breed_name(ndpi.module, static_cast<ndpi_protocol_breed_t>(breed)))
        << breed;
  }
}

TEST(Classifier, NamesAreNdpis) {
  Ndpi ndpi;
  auto c = make_classifier();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->application_name(app_info(NDPI_PROTOCOL_TLS, NDPI_PROTOCOL_YOUTUBE)), "TLS.YouTube");
  expect_names_as_ndpi(*c, ndpi);
}

TEST(Classifier, NamesOutliveTheDetectionModule) {
  Ndpi ndpi;
  auto c = make_classifier();
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->detects());
  c->release_detection();
  EXPECT_FALSE(c->detects());
  c->release_detection();  // idempotent
  expect_names_as_ndpi(*c, ndpi);
  EXPECT_EQ(c->risk_names(uint64_t{1} << NDPI_URL_POSSIBLE_XSS),
            std::vector<std::string>{ndpi_risk2str(NDPI_URL_POSSIBLE_XSS)});
}

TEST(Classifier, ProtocolTableIsNdpis) {
  // Every named protocol with its id and default category, as nDPI's table holds them, also once the
  // detection module is gone.
  Ndpi ndpi;
  auto c = make_classifier();
  ASSERT_TRUE(c);
  c->release_detection();
  const ndpi_proto_defaults_t* defaults = ndpi_get_proto_defaults(ndpi.module);
  size_t named = 0;
  for (u_int id = 0; id < ndpi_get_num_supported_protocols(ndpi.module); ++id)
    named += defaults[id].protoName != nullptr;
  ASSERT_EQ(c->protocols().size(), named);
  for (const auto& p : c->protocols()) {
    EXPECT_EQ(p.name, defaults[p.id].protoName) << p.id;
    EXPECT_EQ(p.category, static_cast<uint16_t>(defaults[p.id].protoCategory)) << p.id;
  }
  EXPECT_EQ(c->protocols().front().name, "Unknown");
  auto categories = c->category_ids();
  EXPECT_EQ(categories.front(), 0);
  EXPECT_EQ(categories.back(), CUSTOM_CATEGORY_ANTIMALWARE);
  for (uint16_t id : categories) {
    flow::AppInfo a;
    a.category = id;
    EXPECT_EQ(c->category_name(a),
              ndpi_category_get_name(ndpi.module, static_cast<ndpi_protocol_category_t>(id)));
  }
}

}  // namespace
}  // namespace netmeter::test

namespace netmeter::test {
namespace {

// An IPv4/UDP packet between high ports with a payload nDPI recognises on its own (none): detection stays
// pending after it, holding an nDPI flow state.
std::vector<uint8_t> udp_packet(uint32_t src) {
  std::vector<uint8_t> p(20 + 8 + 16, 0);
  p[0] = 0x45;
  p[3] = static_cast<uint8_t>(p.size());
  p[8] = 64;
  p[9] = 17;
  p[12] = 10;
  p[13] = static_cast<uint8_t>(src >> 16);
  p[14] = static_cast<uint8_t>(src >> 8);
  p[15] = static_cast<uint8_t>(src);
  p[16] = 192;
  p[17] = 0;
  p[18] = 2;
  p[19] = 1;
  p[20] = 0xC3;  // source port 50000
  p[21] = 0x50;
  p[22] = 0xEA;  // destination port 60001
  p[23] = 0x61;
  p[25] = 8 + 16;
  for (size_t i = 28; i < p.size(); ++i)
    p[i] = static_cast<uint8_t>(0xA5 ^ i);
  return p;
}

TEST(Classifier, KeepsABoundedPoolOfFreedFlowStates) {
  auto c = make_classifier();
  ASSERT_TRUE(c);
  const size_t flows = dpi::Classifier::kMaxPooled + 1000;
  std::vector<flow::Flow> open(flows);
  for (size_t i = 0; i < flows; ++i) {
    open[i].key.l4 = 17;
    auto packet = udp_packet(static_cast<uint32_t>(i));
    c->process(open[i], packet.data(), packet.size(), core::Timestamp::from_seconds(1'700'000'000));
    ASSERT_NE(open[i].dpi_state, nullptr) << i;
  }
  // Every flow ends at once (the end of a capture file): the states beyond the pool's bound are freed.
  for (auto& f : open) {
    c->finish(f);
    EXPECT_EQ(f.dpi_state, nullptr);
    EXPECT_NE(f.app.status, flow::DpiStatus::Pending);
  }
  EXPECT_EQ(c->pooled_states(), dpi::Classifier::kMaxPooled);
  // A new flow takes its state from the pool.
  flow::Flow next;
  next.key.l4 = 17;
  auto packet = udp_packet(0xFFFFFF);
  c->process(next, packet.data(), packet.size(), core::Timestamp::from_seconds(1'700'000'001));
  EXPECT_EQ(c->pooled_states(), dpi::Classifier::kMaxPooled - 1);
  c->finish(next);
}

}  // namespace
}  // namespace netmeter::test
