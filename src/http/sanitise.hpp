#pragma once

#include <string>
#include <string_view>

namespace netmeter::http {

/// True when `text` is well-formed UTF-8: no stray continuation bytes, no overlong forms, no UTF-16
/// surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text);

/// True when `name` is a valid header field name (an RFC 9110 token).
bool is_header_name(std::string_view name);

/// A header value safe to send: CR, LF, NUL and other control characters (except tab) are dropped and
/// surrounding whitespace trimmed, so a user-derived value can never start a new header line.
std::string sanitise_header_value(std::string_view value);

/// A client-supplied file name reduced to something harmless to show or store: the part after the last
/// '/' or '\\', with only letters, digits, '.', '-', '_' and ' ' kept (others become '_'), no leading
/// dots or spaces, at most 200 bytes. May return an empty string.
std::string sanitise_file_name(std::string_view name);

/// `attachment; filename="NAME"` with NAME limited to letters, digits, '.', '-' and '_' (others become
/// '_', leading dots dropped); "download" when nothing is left.
std::string content_disposition_attachment(std::string_view file_name);

}  // namespace netmeter::http
