#include "api/common/filter_param.hpp"

#include "filter/parser.hpp"

namespace netmeter::api {

CompiledFilter compile_filter(std::string_view text) {
  CompiledFilter out;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return out;  // docs/filter.md's blanks
  filter::ParseResult parsed = filter::parse(text);
  if (!parsed) {
    out.error = "invalid filter expression: " + parsed.error.to_string();
    return out;
  }
  out.filter = std::make_shared<const filter::Filter>(*parsed.expression);
  out.expression = std::make_shared<const filter::Expression>(std::move(*parsed.expression));
  return out;
}

CompiledFilter compile_filter(std::string_view text, const filter::Expression& required) {
  CompiledFilter out;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    out.filter = std::make_shared<const filter::Filter>(required);
    out.expression = std::make_shared<const filter::Expression>(required);
    return out;
  }
  filter::ParseResult parsed = filter::parse(text);
  if (!parsed) {
    out.error = "invalid filter expression: " + parsed.error.to_string();
    return out;
  }
  auto both =
      filter::Expression::combine(filter::Expression::Kind::And, {std::move(*parsed.expression), required});
  out.filter = std::make_shared<const filter::Filter>(both);
  out.expression = std::make_shared<const filter::Expression>(std::move(both));
  return out;
}

}  // namespace netmeter::api
