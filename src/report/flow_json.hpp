#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "dpi/classifier.hpp"
#include "flow/flow.hpp"
#include "report/json_writer.hpp"

namespace netmeter::report {

/// The names a flow's JSON carries, looked up once: nDPI formats them with snprintf, and a report with a
/// million flows asks for the same few hundred names (and risk sets) over and over.
class FlowNames {
 public:
  explicit FlowNames(const dpi::Classifier& classifier) : classifier_(classifier) {}
  struct Names {
    std::string application, category, breed;
  };
  const Names& get(const flow::AppInfo& app);
  /// The JSON array of the names of the risks in `risk` (a bitmap).
  const std::string& risks(uint64_t risk);

 private:
  const dpi::Classifier& classifier_;
  std::unordered_map<uint64_t, Names> names_;
  std::unordered_map<uint64_t, std::string> risks_;
};

/// Writes one flow of the report's "flows" array as a JSON object, straight into `w`'s text (no
/// intermediate JSON value per flow).
void write_flow(JsonWriter& w, const flow::Flow& f, FlowNames& names);

}  // namespace netmeter::report
