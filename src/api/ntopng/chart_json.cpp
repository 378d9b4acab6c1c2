#include "api/ntopng/chart_json.hpp"

#include <algorithm>
#include <boost/json/object.hpp>

#include "stats/dscp.hpp"

namespace netmeter::api::ntopng {

namespace json = boost::json;

namespace {

json::object slice_json(const Slice& s) {
  json::object o;
  o["label"] = s.label;
  o["value"] = s.value;
  if (s.duration) o["duration"] = *s.duration;
  if (!s.url.empty()) o["url"] = s.url;
  return o;
}

}  // namespace

json::array collapse_stats(std::vector<Slice> slices, size_t keep, double threshold_pct) {
  json::array out;
  if (slices.empty()) return out;
  std::sort(slices.begin(), slices.end(), [](const Slice& a, const Slice& b) {
    return a.value != b.value ? a.value > b.value : a.label < b.label;
  });
  uint64_t total = 0;
  for (const auto& s : slices)
    total += s.value;
  const double threshold = static_cast<double>(total) * threshold_pct / 100.0;
  uint64_t other = 0;
  for (size_t i = 0; i < slices.size(); ++i) {
    if (i < keep || static_cast<double>(slices[i].value) >= threshold)
      out.push_back(slice_json(slices[i]));
    else
      other += slices[i].value;
  }
  out.push_back(json::object{{"label", "Other"}, {"value", other}});
  return out;
}

std::string dscp_class(uint8_t dscp) {
  if (dscp == 1) return "le";
  const int cls = dscp >> 3, low = dscp & 7;
  // Class selectors, the assured-forwarding codes of classes 1-4 under their class, EF under CS5.
  const bool selector = low == 0;
  const bool assured = cls >= 1 && cls <= 4 && (low == 2 || low == 4 || low == 6);
  if (selector || assured || dscp == 46) return "cs" + std::to_string(cls);
  return "unknown";
}

std::string dscp_class_label(const std::string& cls) {
  if (cls.size() == 3 && cls.starts_with("cs") && cls[2] >= '0' && cls[2] <= '7')
    return stats::dscp_name(static_cast<uint8_t>((cls[2] - '0') * 8));  // "Best Effort (CS0)" ...
  if (cls == "le") return "LE";
  return "Unknown";
}

}  // namespace netmeter::api::ntopng
