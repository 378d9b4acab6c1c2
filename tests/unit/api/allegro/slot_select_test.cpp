#include "api/allegro/slot_select.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "../../../temp_dir.hpp"
#include "auth/auth_service.hpp"
#include "auth/clock.hpp"
#include "store/database.hpp"

namespace netmeter::api::allegro {
namespace {

namespace json = boost::json;

/// A slot with or without statistics.
class FakeSlot final : public SlotData {
 public:
  FakeSlot(uint32_t id, const query::QueryService* query) : query_(query) { info_.id = id; }
  const SlotInfo& info() const override { return info_; }
  const query::QueryService* query() const override { return query_; }
  SlotStatus status() const override { return {}; }
  bool reset_statistics() override { return query_ != nullptr; }

 private:
  SlotInfo info_;
  const query::QueryService* query_;
};

/// The slots of `slots_`; nothing can be added or streamed.
class FakeSlots final : public SlotControl {
 public:
  std::vector<SlotInfo> list() const override {
    std::vector<SlotInfo> out;
    for (const auto& [id, slot] : slots)
      out.push_back(slot->info());
    return out;
  }
  std::shared_ptr<SlotData> data(uint32_t id) override {
    auto it = slots.find(id);
    return it == slots.end() ? nullptr : it->second;
  }
  std::optional<Added> refuse_upload(std::optional<uint32_t>) const override { return std::nullopt; }
  Added add_upload(const std::string&, const std::string&, std::optional<uint32_t>) override { return {}; }
  Opened open_stream(uint32_t, const std::string&, size_t) override { return {}; }

  std::map<uint32_t, std::shared_ptr<SlotData>> slots;
};

class SlotSelectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Database::open(dir_.path());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    db_ = std::move(*opened);
    auth_ = std::make_unique<auth::AuthService>(*db_, clock_);
    services_.reset(new ApiServices{.auth = *auth_});
    services_->slots = &slots_;
    add(1, true);
    add(2, true);
    add(3, false);
  }

  void add(uint32_t id, bool with_statistics) {
    slots_.slots[id] = std::make_shared<FakeSlot>(id, with_statistics ? &query_ : nullptr);
  }

  /// select_slot for a request with these parameters and an optional mm-id header.
  SelectedSlot select(std::vector<std::pair<std::string, std::string>> params,
                      const auth::Principal* who = nullptr,
                      std::optional<std::string> header = std::nullopt) {
    request_ = http::Request{};
    request_.method = "GET";
    if (header) request_.headers.add("X-AllegroPackets-Multimeter-ID", *header);
    Call call{request_, who, {}, {}};
    for (auto& [k, v] : params)
      call.params.add(k, v);
    return select_slot(call, *services_);
  }

  /// The slot selected, or -1 (and a failure) when the request was refused.
  int64_t selected(std::vector<std::pair<std::string, std::string>> params,
                   const auth::Principal* who = nullptr, std::optional<std::string> header = std::nullopt) {
    SelectedSlot s = select(std::move(params), who, std::move(header));
    EXPECT_FALSE(s.error.has_value()) << (s.error ? s.error->body : "");
    if (s.error || !s.slot) return -1;
    EXPECT_EQ(s.query, &query_);
    return s.slot->info().id;
  }

  /// The status of a refusal (0 when the request was served), checking the Allegro error body.
  int refused(std::vector<std::pair<std::string, std::string>> params, const auth::Principal* who = nullptr,
              std::string* message = nullptr) {
    SelectedSlot s = select(std::move(params), who);
    if (!s.error) return 0;
    EXPECT_EQ(s.slot, nullptr);
    EXPECT_EQ(s.query, nullptr);
    auto body = json::parse(s.error->body).as_object();
    EXPECT_EQ(body.at("status").to_number<int>(), s.error->status);
    if (message) *message = std::string(body.at("error").as_string());
    return s.error->status;
  }

  netmeter::test::TempDir dir_{"netmeter-slot-select"};
  auth::ManualClock clock_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<ApiServices> services_;
  stats::Aggregator aggregator_{stats::StatsConfig{}, 1};
  query::NumericNames names_;
  query::QueryService query_{aggregator_, names_};
  FakeSlots slots_;
  http::Request request_;
};

TEST_F(SlotSelectTest, MmIdForms) {
  EXPECT_EQ(selected({{"mm-id", "2"}}), 2);
  EXPECT_EQ(selected({{"mm-id", ":2"}}), 2);
  EXPECT_EQ(selected({{"mm-id", "local:2"}}), 2);
  EXPECT_EQ(selected({{"mm-id", "localhost:2"}}), 2);
  EXPECT_EQ(selected({{"mm-id", "1"}}), 1);
}

TEST_F(SlotSelectTest, HeaderWhenNoParameter) {
  EXPECT_EQ(selected({}, nullptr, ":2"), 2);
  EXPECT_EQ(selected({{"mm-id", "1"}}, nullptr, ":2"), 1);  // the parameter wins
  EXPECT_EQ(selected({}, nullptr, ""), 1);                  // an empty header: the default
}

// Without a slot, or with 0: slot 0 if there is one, else the lowest.
TEST_F(SlotSelectTest, DefaultSlot) {
  EXPECT_EQ(selected({}), 1);
  EXPECT_EQ(selected({{"mm-id", "0"}}), 1);
  EXPECT_EQ(selected({{"mm-id", ":0"}}), 1);
  EXPECT_EQ(selected({{"mm-id", ""}}), 1);
  add(0, true);
  EXPECT_EQ(selected({}), 0);
  EXPECT_EQ(selected({{"mm-id", "0"}}), 0);
  EXPECT_EQ(selected({{"mm-id", "2"}}), 2);
}

TEST_F(SlotSelectTest, OtherDevicesAndMalformedIdsAre404) {
  for (const char* bad : {"other:1", "10.0.0.1:1", "a:b:1", ":", "local:", "x", "-1", "1 ", " 1", "1.0",
                          "4294967295", "4294967296", "99999999999999999999"}) {
    std::string message;
    EXPECT_EQ(refused({{"mm-id", bad}}, nullptr, &message), 404) << bad;
    EXPECT_EQ(message, "unknown device or slot in mm-id (this device is 'local')") << bad;
  }
}

TEST_F(SlotSelectTest, UnknownSlotIs404) {
  std::string message;
  EXPECT_EQ(refused({{"mm-id", "9"}}, nullptr, &message), 404);
  EXPECT_EQ(message, "no analysis slot 9");
  slots_.slots.clear();
  EXPECT_EQ(refused({}, nullptr, &message), 404);
  EXPECT_EQ(message, "no analysis slot");
  services_->slots = nullptr;
  EXPECT_EQ(refused({{"mm-id", "1"}}, nullptr, &message), 404);
  EXPECT_EQ(message, "no analysis slot");
}

TEST_F(SlotSelectTest, OnlyLinkGroupZero) {
  EXPECT_EQ(selected({{"group", "0"}, {"mm-id", "2"}}), 2);
  EXPECT_EQ(selected({{"group", ""}}), 1);
  std::string message;
  EXPECT_EQ(refused({{"group", "1"}, {"mm-id", "2"}}, nullptr, &message), 404);
  EXPECT_EQ(message, "no link group 1: only group 0 exists");
  EXPECT_EQ(refused({{"group", "00"}}), 404);
}

TEST_F(SlotSelectTest, SlotWithoutStatisticsIs503) {
  std::string message;
  EXPECT_EQ(refused({{"mm-id", "3"}}, nullptr, &message), 503);
  EXPECT_EQ(message, "statistics are off for slot 3");
}

// A user limited to some slots: the others do not exist for them, and the default is the lowest they may
// see.
TEST_F(SlotSelectTest, SlotsTheUserMayNotSeeAre404) {
  auth::Principal limited;
  limited.user_id = 2;
  limited.user_name = "bob";
  limited.allowed_interfaces = {2, 3};
  EXPECT_EQ(selected({}, &limited), 2);
  EXPECT_EQ(selected({{"mm-id", "2"}}, &limited), 2);
  std::string message;
  EXPECT_EQ(refused({{"mm-id", "1"}}, &limited, &message), 404);
  EXPECT_EQ(message, "no analysis slot 1");  // the same answer as for a slot that does not exist
  EXPECT_EQ(refused({{"mm-id", "3"}}, &limited), 503);
  add(0, true);
  EXPECT_EQ(selected({}, &limited), 2);  // slot 0 exists but is not theirs
  EXPECT_EQ(selected({{"mm-id", "0"}}, &limited), 2);
  limited.allowed_interfaces = {7};
  EXPECT_EQ(refused({}, &limited, &message), 404);
  EXPECT_EQ(message, "no analysis slot");
  auth::Principal everyone;  // no list: every slot
  EXPECT_EQ(selected({{"mm-id", "1"}}, &everyone), 1);
}

TEST_F(SlotSelectTest, TheSelectionKeepsTheSlot) {
  SelectedSlot s = select({{"mm-id", "2"}});
  ASSERT_FALSE(s.error);
  slots_.slots.clear();  // the slot goes away meanwhile
  ASSERT_NE(s.slot, nullptr);
  EXPECT_EQ(s.slot->info().id, 2u);
  EXPECT_EQ(s.slot->query(), &query_);
}

}  // namespace
}  // namespace netmeter::api::allegro
