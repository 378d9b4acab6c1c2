#include <boost/json.hpp>
#include <chrono>

#include "api/dialect.hpp"
#include "api/routes.hpp"

namespace netmeter::api {

namespace json = boost::json;

namespace {

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

void register_system_routes(RouteTree& tree, ApiServices& s) {
  // For monitoring: no credentials, and nothing but liveness.
  tree.add("GET", "/healthz",
           {[](Call&) {
              return json_response(200, json::object{{"status", "ok"}});
            },
            Need::none, BodyKind::none});

  // An official ntopng client calls this to check it talks to a working instance.
  tree.add("GET", "/lua/self_test.lua",
           {[](Call&) {
              return ntop_ok(json::object{{"status", "ok"}});
            },
            Need::none, BodyKind::none});

  tree.add("GET", "/API/stats/time",
           {[](Call&) {
              return json_response(200, json::object{{"currentTime", now_ms()}});
            },
            Need::read_stats, BodyKind::none});

  tree.add("GET", "/API/info/system",
           {[&s](Call& call) {
              using namespace std::chrono;
              json::object o;
              o["uptimeSec"] = duration_cast<seconds>(steady_clock::now() - s.started).count();
              o["version"] = s.version;
              o["product"] = "netmeter";
              o["currentTime"] = now_ms();
              json::array slots;
              if (s.slots)
                for (const auto& slot : s.slots->list())
                  if (call.principal->may_see_interface(slot.id))
                    slots.push_back(json::object{{"id", slot.id}, {"name", slot.name}});
              o["slots"] = std::move(slots);
              if (call.principal && call.principal->has(auth::Permission::Admin)) {
                auto c = s.auth.rate_limit_counters();
                o["loginRateLimit"] = json::object{
                    {"failures", c.failures}, {"refusals", c.refusals}, {"trackedAddresses", c.tracked}};
              }
              return json_response(200, o);
            },
            Need::read_stats, BodyKind::none});
}

}  // namespace netmeter::api
