#include "l7/dns_type.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>

namespace netmeter::l7 {
namespace {

struct TypeName {
  uint16_t type;
  std::string_view name;
};

// Sorted by type for a binary search.
constexpr TypeName kTypeNames[] = {
    {1, "A"},      {2, "NS"},      {5, "CNAME"},   {6, "SOA"},      {12, "PTR"},        {13, "HINFO"},
    {15, "MX"},    {16, "TXT"},    {17, "RP"},     {18, "AFSDB"},   {24, "SIG"},        {25, "KEY"},
    {28, "AAAA"},  {29, "LOC"},    {33, "SRV"},    {35, "NAPTR"},   {36, "KX"},         {37, "CERT"},
    {39, "DNAME"}, {41, "OPT"},    {42, "APL"},    {43, "DS"},      {44, "SSHFP"},      {45, "IPSECKEY"},
    {46, "RRSIG"}, {47, "NSEC"},   {48, "DNSKEY"}, {49, "DHCID"},   {50, "NSEC3"},      {51, "NSEC3PARAM"},
    {52, "TLSA"},  {53, "SMIMEA"}, {59, "CDS"},    {60, "CDNSKEY"}, {61, "OPENPGPKEY"}, {64, "SVCB"},
    {65, "HTTPS"}, {250, "TSIG"},  {251, "IXFR"},  {252, "AXFR"},   {255, "ANY"},       {256, "URI"},
    {257, "CAA"},
};
static_assert(std::is_sorted(std::begin(kTypeNames), std::end(kTypeNames),
                             [](const TypeName& a, const TypeName& b) { return a.type < b.type; }));

}  // namespace

std::string_view dns_type_name(uint16_t type) {
  auto it = std::lower_bound(std::begin(kTypeNames), std::end(kTypeNames), type,
                             [](const TypeName& t, uint16_t value) { return t.type < value; });
  if (it != std::end(kTypeNames) && it->type == type) return it->name;
  return "other";
}

BoundedText<12> dns_type_text(uint16_t type) {
  BoundedText<12> out;
  std::string_view name = dns_type_name(type);
  if (name != "other") {
    out.assign(name);
    return out;
  }
  std::array<char, 12> buf{'T', 'Y', 'P', 'E'};
  auto [end, ec] = std::to_chars(buf.data() + 4, buf.data() + buf.size(), type);
  (void)ec;  // five digits always fit
  out.assign(std::string_view(buf.data(), static_cast<size_t>(end - buf.data())));
  return out;
}

std::string_view dns_rcode_name(uint8_t rcode) {
  static constexpr std::array<std::string_view, 11> kNames{"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
                                                           "NOTIMP",  "REFUSED", "YXDOMAIN", "YXRRSET",
                                                           "NXRRSET", "NOTAUTH", "NOTZONE"};
  return rcode < kNames.size() ? kNames[rcode] : "other";
}

}  // namespace netmeter::l7
