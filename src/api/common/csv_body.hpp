#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "http/response.hpp"

namespace netmeter::api {

/// Appends `field` to `out` as one CSV field (RFC 4180: quoted when it holds a comma, a quote or a line
/// break, quotes doubled). Text that a spreadsheet would run as a formula (leading = + - @) is prefixed
/// with a quote character inside the quotes.
void csv_field(std::string& out, std::string_view field);
/// Appends a number field.
void csv_number(std::string& out, uint64_t value);
void csv_number(std::string& out, int64_t value);
void csv_number(std::string& out, double value);

/// Produces CSV rows in batches. `fill` appends whole rows (each ending in "\r\n") to `out`, at least
/// one row unless the table is done, and about `want` bytes; it returns false once every row was given.
/// It runs on a server thread: a batch must be quick (it may take a reader lock for its duration only).
using CsvRows = std::function<bool(std::string& out, size_t want)>;

/// A `text/csv` response whose body is `header` ("a,b,c") and then the rows, produced as the client reads
/// them (never the whole table in memory). `file_name` names the attachment.
http::Response csv_response(std::string_view header, CsvRows rows, std::string_view file_name);

/// A streamed body of any text type: `prefix`, the batches `rows` appends, then `suffix` (e.g. a JSON
/// array of a million items: "[", the items with their commas, "]").
http::Response batched_response(std::string_view content_type, std::string prefix, CsvRows rows,
                                std::string suffix);

}  // namespace netmeter::api
