// Allegro's asynchronous results: costly resources answer {"asyncID", "asyncUUID"} at once and the
// client polls /API/async/<asyncID>?uuid=<asyncUUID> until the result is there (COMPAT.md).
#include "api/allegro/async_routes.hpp"

#include <boost/json.hpp>
#include <cassert>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/dialect.hpp"

namespace netmeter::api {

namespace json = boost::json;

namespace {

constexpr std::string_view kRetryPendingSeconds = "1";  // the vendor's own script polls every second
constexpr std::string_view kRetryFullSeconds = "5";     // room appears as jobs finish or results expire

std::optional<uint64_t> parse_id(std::string_view text) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty() || v == 0) return std::nullopt;
  return v;
}

http::Response poll(AsyncJobs& jobs, const Call& call) {
  assert(call.principal);
  auto uuid = call.params.non_empty("uuid");
  if (!uuid) return allegro_error(400, "missing parameter uuid");
  // `mm-id` is ignored: ids are global, not per slot.
  auto id = parse_id(call.path_param("id"));
  if (!id) return allegro_error(404, "no such async result");
  auto found = jobs.get(*id, *uuid, async_owner(*call.principal));
  switch (found.state) {
    case AsyncJobs::State::unknown:
      break;
    case AsyncJobs::State::pending: {
      // 202, never 200: clients stop polling at the first non-202 answer.
      auto r = json_response(202, json::object{{"asyncID", *id}, {"errorCode", 1}, {"status", "pending"}});
      r.set_header("Retry-After", kRetryPendingSeconds);
      return r;
    }
    case AsyncJobs::State::done: {
      // Serialised around the kept result rather than copied into a new object: results can be large.
      std::string body = R"({"errorCode":0,"asyncResult":)";
      body += json::serialize(*found.result);
      body += '}';
      return http::Response(200, "application/json", std::move(body));
    }
    case AsyncJobs::State::failed:
      // `error` is an AsyncFailure message or a generic one, never an exception's own text.
      return json_response(500, json::object{{"errorCode", 2}, {"error", found.error}, {"status", 500}});
  }
  return allegro_error(404, "no such async result");
}

}  // namespace

std::string async_owner(const auth::Principal& principal) {
  return std::to_string(principal.user_id) + '/' + principal.user_name;
}

http::Response start_async(AsyncJobs& jobs, const Call& call, AsyncJobs::Work work) {
  assert(call.principal);
  auto ticket = jobs.submit(async_owner(*call.principal), std::move(work));
  if (!ticket) {
    auto r = allegro_error(503, "too many asynchronous requests; try again later");
    r.set_header("Retry-After", kRetryFullSeconds);
    return r;
  }
  return json_response(200, json::object{{"asyncID", ticket->id}, {"asyncUUID", ticket->uuid}});
}

void register_async_routes(RouteTree& tree, AsyncJobs& jobs) {
  tree.add("GET", "/API/async/:id",
           {[&jobs](Call& call) { return poll(jobs, call); }, Need::read_stats, BodyKind::none});
}

}  // namespace netmeter::api
