#pragma once

#include "alerts/alert.hpp"
#include "api/ntopng/alert_request.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/services.hpp"
#include "http/response.hpp"

namespace netmeter::api::ntopng {

/// ntopng's `format=txt` export of an alert list: a header line of ntopng's record names, then one line
/// per alert, fields separated by `|` (ntopng's CSV_SEPARATOR), newest first. `start`/`length` page it as
/// the JSON list; without `length` every matching alert is exported (ntopng: no limit).
http::Response alert_csv(ApiServices& services, const NtopCall& c, alerts::Entity entity,
                         const AlertRequest& r);

}  // namespace netmeter::api::ntopng
