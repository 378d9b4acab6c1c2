#pragma once

#include <string>
#include <string_view>

namespace netmeter::history::clickhouse {

/// ClickHouse's error answer ("Code: 60, e.displayText() = DB::Exception: Table x doesn't exist., e.what()
/// = DB::Exception") made fit for netmeter's users: the code and the message, first line only, any file
/// path the server names replaced by "<path>", at most 400 characters.
std::string clean_server_error(std::string_view body, unsigned http_status);

}  // namespace netmeter::history::clickhouse
