#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "filter/expression.hpp"
#include "filter/subject.hpp"

namespace netmeter::filter {

/// A filter expression compiled for evaluation: a flat program of tests with precomputed values (masks,
/// port ranges, lower-case names) and short-circuit jumps, evaluated in a loop. matches() neither
/// allocates nor recurses, so the packet path may call it; a Filter may be shared between threads
/// (matches() is const and keeps no state).
class Filter {
 public:
  explicit Filter(const Expression& expression);

  /// Whether the subject passes the filter (docs/filter.md has the meaning of every field).
  bool matches(const Subject& subject) const;

  /// Whether the expression looks at the application (dpi): subjects need app and app_master filled in.
  bool needs_application() const { return needs_application_; }
  /// Number of tests in the program (one per comparison).
  size_t size() const { return tests_.size(); }

 private:
  enum class TestKind : uint8_t { Ip, Ports, Mac, Vlan, VlanNone, L4, DpiEquals, DpiExact, DpiContains };
  static constexpr int32_t kAccept = -1;
  static constexpr int32_t kReject = -2;

  struct Test {
    TestKind kind = TestKind::Ip;
    Side side = Side::Any;
    uint8_t ip_version = 0;
    uint8_t l4 = 0;
    bool has_port = false;
    uint16_t port = 0;
    int32_t on_true = kAccept;
    int32_t on_false = kReject;
    uint32_t first = 0;  ///< into ranges_ (Ports, Vlan) or text_ (Dpi*)
    uint32_t count = 0;
    std::array<uint64_t, 2> network{};
    std::array<uint64_t, 2> mask{};
    MacAddress mac;
  };

  struct Range {
    uint16_t lo;
    uint16_t hi;
  };

  int32_t compile(const Expression& e, int32_t on_true, int32_t on_false);
  int32_t emit(const Comparison& c, int32_t on_true, int32_t on_false);
  void add_ranges(Test& t, const std::vector<Range>& ranges);
  bool run(const Test& t, const Subject& s) const;
  bool ip_matches(const Test& t, const Endpoint& e, bool has_ports) const;
  bool in_ranges(const Test& t, uint16_t value) const;
  bool dpi_matches(const Test& t, const Subject& s) const;

  std::vector<Test> tests_;
  std::vector<Range> ranges_;
  std::string text_;
  int32_t entry_ = kReject;
  bool needs_application_ = false;
};

}  // namespace netmeter::filter
