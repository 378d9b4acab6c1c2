#pragma once

#include <string_view>

namespace netmeter::geo {

/// English name of a continent code (AF, AN, AS, EU, NA, OC, SA); empty for anything else.
std::string_view continent_name(std::string_view code);

/// The continent code of an ISO 3166-1 alpha-2 country code (and of "XK", Kosovo); empty when unknown.
/// For databases that give a country but no continent, such as ip-location-db's.
std::string_view continent_of_country(std::string_view country_code);

}  // namespace netmeter::geo
