#include "geo/continents.hpp"

#include <array>
#include <cstddef>

namespace netmeter::geo {
namespace {

struct Continent {
  std::string_view code;
  std::string_view name;
};

constexpr std::array<Continent, 7> kContinents = {{
    {"AF", "Africa"},
    {"AN", "Antarctica"},
    {"AS", "Asia"},
    {"EU", "Europe"},
    {"NA", "North America"},
    {"OC", "Oceania"},
    {"SA", "South America"},
}};

// Country code followed by continent code, four letters per country, sorted by country. The assignment
// is GeoNames' (the one MaxMind's databases use: Russia and Cyprus in Europe, Turkey and the Caucasus in
// Asia, Egypt in Africa, Panama and the Caribbean in North America); checked against every network of a
// GeoLite2 Country database, which gives both codes. 249 ISO 3166-1 countries plus XK.
constexpr std::string_view kCountryContinents =
    "ADEUAEASAFASAGNAAINAALEUAMASAOAFAQANARSAASOCATEUAUOCAWNAAXEUAZASBAEUBBNABDASBEEUBFAFBGEUBHASBIAFBJAF"
    "BLNABMNABNASBOSABQNABRSABSNABTASBVANBWAFBYEUBZNACANACCASCDAFCFAFCGAFCHEUCIAFCKOCCLSACMAFCNASCOSACRNA"
    "CUNACVAFCWNACXOCCYEUCZEUDEEUDJAFDKEUDMNADONADZAFECSAEEEUEGAFEHAFERAFESEUETAFFIEUFJOCFKSAFMOCFOEUFREU"
    "GAAFGBEUGDNAGEASGFSAGGEUGHAFGIEUGLNAGMAFGNAFGPNAGQAFGREUGSANGTNAGUOCGWAFGYSAHKASHMANHNNAHREUHTNAHUEU"
    "IDASIEEUILASIMEUINASIOASIQASIRASISEUITEUJEEUJMNAJOASJPASKEAFKGASKHASKIOCKMAFKNNAKPASKRASKWASKYNAKZAS"
    "LAASLBASLCNALIEULKASLRAFLSAFLTEULUEULVEULYAFMAAFMCEUMDEUMEEUMFNAMGAFMHOCMKEUMLAFMMASMNASMOASMPOCMQNA"
    "MRAFMSNAMTEUMUAFMVASMWAFMXNAMYASMZAFNAAFNCOCNEAFNFOCNGAFNINANLEUNOEUNPASNROCNUOCNZOCOMASPANAPESAPFOC"
    "PGOCPHASPKASPLEUPMNAPNOCPRNAPSASPTEUPWOCPYSAQAASREAFROEURSEURUEURWAFSAASSBOCSCAFSDAFSEEUSGASSHAFSIEU"
    "SJEUSKEUSLAFSMEUSNAFSOAFSRSASSAFSTAFSVNASXNASYASSZAFTCNATDAFTFANTGAFTHASTJASTKOCTLOCTMASTNAFTOOCTRAS"
    "TTNATVOCTWASTZAFUAEUUGAFUMOCUSNAUYSAUZASVAEUVCNAVESAVGNAVINAVNASVUOCWFOCWSOCXKEUYEASYTAFZAAFZMAFZWAF";

constexpr size_t kEntry = 4;
static_assert(kCountryContinents.size() % kEntry == 0);

}  // namespace

std::string_view continent_name(std::string_view code) {
  for (const Continent& c : kContinents) {
    if (c.code == code) return c.name;
  }
  return {};
}

std::string_view continent_of_country(std::string_view country_code) {
  if (country_code.size() != 2) return {};
  size_t low = 0;
  size_t high = kCountryContinents.size() / kEntry;
  while (low < high) {
    const size_t mid = (low + high) / 2;
    const std::string_view country = kCountryContinents.substr(mid * kEntry, 2);
    if (country == country_code) return kCountryContinents.substr(mid * kEntry + 2, 2);
    if (country < country_code) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return {};
}

}  // namespace netmeter::geo
