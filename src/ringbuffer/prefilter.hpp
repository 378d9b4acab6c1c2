#pragma once

#include <cstdint>
#include <vector>

#include "filter/expression.hpp"
#include "ringbuffer/key_set.hpp"

namespace netmeter::ringbuffer {

/// What a filter expression requires of a segment or block before its packets can match: a list of
/// clauses, each a set of keys of which at least one must be present. Derived from the comparisons the
/// expression cannot do without (`ip == 10.1.2.3`, `port == 443`, `mac == ...`, `vlan == 10`, joined by
/// `and`, or alternatives of such joined by `or`); everything else (networks, ranges, negations) asks for
/// nothing, so the summary never makes a matching packet be skipped.
class Prefilter {
 public:
  Prefilter() = default;
  explicit Prefilter(const filter::Expression& expression);

  bool may_match(const KeySummary& keys) const;
  bool empty() const { return clauses_.empty(); }
  size_t clauses() const { return clauses_.size(); }

 private:
  std::vector<std::vector<uint64_t>> clauses_;
};

}  // namespace netmeter::ringbuffer
