#pragma once

#include <boost/json.hpp>

#include "api/route_tree.hpp"
#include "api/services.hpp"

namespace netmeter::api {

/// One slot as GET /API/stats/pcap and /API/stats/processing show its upload: state, file name, bytes
/// received of the announced size, bytes and packets analysed, progress in percent.
boost::json::object upload_status_json(ApiServices& services, const SlotControl::UploadStatus& status);

/// Registers the three-step upload (replay/upload, data/pcap, analyze-pcap); called by
/// register_transfer_routes.
void register_upload_routes(RouteTree& tree, ApiServices& services);

}  // namespace netmeter::api
