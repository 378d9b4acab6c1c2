#pragma once

#include <gtest/gtest.h>

#include <string>

#include "history/query/flow_query_parser.hpp"
#include "history/query/render.hpp"

namespace netmeter::history::query::test {

/// The query the clauses parse into; a test failure (and an empty query) when they do not.
inline FlowQuery parsed(const FlowClauses& clauses) {
  ParsedQuery r = parse_flow_query(clauses);
  EXPECT_TRUE(r) << r.error.to_string();
  return r ? *r.query : FlowQuery{};
}

inline FlowQuery where(std::string_view text) {
  return parsed({.where = text});
}

/// The error message the clauses are refused with ("" and a test failure when they parse).
inline std::string error_of(const FlowClauses& clauses) {
  ParsedQuery r = parse_flow_query(clauses);
  EXPECT_FALSE(r) << "parsed: " << clauses.where << clauses.select;
  return r ? std::string() : r.error.to_string();
}

inline std::string where_error(std::string_view text) {
  return error_of({.where = text});
}

inline size_t column_index(std::string_view name) {
  const auto columns = flow_columns();
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == name) return i;
  ADD_FAILURE() << "no column " << name;
  return 0;
}

}  // namespace netmeter::history::query::test
