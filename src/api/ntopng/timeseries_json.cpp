#include "api/ntopng/timeseries_json.hpp"

#include <algorithm>
#include <cmath>

#include "api/params.hpp"

namespace netmeter::api::ntopng {

namespace json = boost::json;

std::optional<std::vector<std::pair<std::string, std::string>>> parse_ts_query(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> tags;
  for (const auto& item : split_list(text)) {
    const size_t colon = item.find(':');
    if (colon == std::string::npos || colon == 0) return std::nullopt;
    tags.emplace_back(item.substr(0, colon), item.substr(colon + 1));
  }
  return tags;
}

namespace {

/// A whole value as an integer (0, not 0E0), others as a double.
json::value number(double v) {
  constexpr double kExact = 9007199254740992.0;  // 2^53
  if (v == std::floor(v) && std::fabs(v) < kExact) return static_cast<int64_t>(v);
  return v;
}

/// The value at rank ceil(0.95 n) of the sorted values (n > 0).
double percentile_95(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<size_t>(std::ceil(0.95 * static_cast<double>(values.size())));
  return values[std::max<size_t>(rank, 1) - 1];
}

json::object statistics(const std::vector<double>& rates, uint64_t total) {
  json::object s{{"total", total}};
  if (rates.empty()) {
    s["average"] = 0;
    return s;
  }
  double sum = 0;
  size_t min_idx = 0, max_idx = 0;
  for (size_t i = 0; i < rates.size(); ++i) {
    sum += rates[i];
    if (rates[i] < rates[min_idx]) min_idx = i;
    if (rates[i] > rates[max_idx]) max_idx = i;
  }
  s["average"] = number(sum / static_cast<double>(rates.size()));
  s["min_val"] = number(rates[min_idx]);
  s["max_val"] = number(rates[max_idx]);
  s["min_val_idx"] = min_idx;
  s["max_val_idx"] = max_idx;
  s["95th_percentile"] = number(percentile_95(rates));
  return s;
}

}  // namespace

json::object series_json(std::string_view id, const std::vector<uint64_t>& amounts, int64_t step) {
  std::vector<double> rates;
  rates.reserve(amounts.size());
  uint64_t total = 0;
  json::array data;
  data.reserve(amounts.size());
  for (uint64_t a : amounts) {
    total += a;
    rates.push_back(static_cast<double>(a) / static_cast<double>(std::max<int64_t>(step, 1)));
    data.push_back(number(rates.back()));
  }
  return json::object{{"id", id}, {"data", std::move(data)}, {"statistics", statistics(rates, total)}};
}

}  // namespace netmeter::api::ntopng
