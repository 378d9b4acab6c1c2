#pragma once

#include <string>

#include "api/call.hpp"
#include "api/common/async_jobs.hpp"
#include "api/route_tree.hpp"
#include "auth/principal.hpp"
#include "http/response.hpp"

namespace netmeter::api {

/// `GET /API/async/:id?uuid=<asyncUUID>`: the result of an asynchronous request. 202 while pending,
/// 200 `{"errorCode": 0, "asyncResult": ...}` when done, 500 `{"errorCode": 2, "error": ...}` when it
/// failed, 404 for an unknown id, a wrong uuid or another owner's job. `jobs` must outlive `tree`.
void register_async_routes(RouteTree& tree, AsyncJobs& jobs);

/// How every asynchronous Allegro resource answers: `work` queued for the caller, then 200
/// `{"asyncID": n, "asyncUUID": "..."}`, or 503 with Retry-After when too many jobs are queued or kept.
http::Response start_async(AsyncJobs& jobs, const Call& call, AsyncJobs::Work work);

/// Whose async jobs a principal's are: its user id and name (ids are never reused, so a user created
/// again under the same name does not inherit results). Tokens and sessions of one user share them.
std::string async_owner(const auth::Principal& principal);

}  // namespace netmeter::api
