#include "api/route_tree.hpp"

#include <algorithm>

namespace netmeter::api {

struct RouteTree::Node {
  std::string segment;  // literal, or ":name" for a parameter
  std::vector<std::unique_ptr<Node>> literals;
  std::unique_ptr<Node> parameter;
  std::vector<std::pair<std::string, Route>> methods;

  Node* literal(std::string_view name) const {
    for (const auto& child : literals)
      if (child->segment == name) return child.get();
    return nullptr;
  }
};

RouteTree::RouteTree() : root_(std::make_unique<Node>()) {}
RouteTree::~RouteTree() = default;

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

void RouteTree::add(std::string_view method, std::string_view pattern, Route route) {
  Node* node = root_.get();
  for (auto segment : split_path(pattern)) {
    if (segment.front() == ':') {
      if (!node->parameter) {
        node->parameter = std::make_unique<Node>();
        node->parameter->segment = std::string(segment);
      }
      node = node->parameter.get();
      continue;
    }
    Node* next = node->literal(segment);
    if (!next) {
      node->literals.push_back(std::make_unique<Node>());
      next = node->literals.back().get();
      next->segment = std::string(segment);
    }
    node = next;
  }
  for (auto& [m, r] : node->methods) {
    if (m == method) {
      r = std::move(route);
      return;
    }
  }
  node->methods.emplace_back(std::string(method), std::move(route));
}

RouteTree::Match RouteTree::find(std::string_view method, std::string_view path) const {
  Match match;
  const Node* node = root_.get();
  for (auto segment : split_path(path)) {
    if (segment == "." || segment == "..") return match;
    if (const Node* next = node->literal(segment)) {
      node = next;
    } else if (node->parameter) {
      node = node->parameter.get();
      match.params.emplace_back(node->segment.substr(1), std::string(segment));
    } else {
      return match;
    }
  }
  match.path_found = true;
  const Route* get = nullptr;
  bool own_head = false;
  for (const auto& [m, r] : node->methods) {
    match.allowed.push_back(m);
    if (m == method) match.route = &r;
    if (m == "GET") get = &r;
    if (m == "HEAD") own_head = true;
    if (r.need != Need::none) match.protected_node = true;
  }
  if (get && !own_head) {
    match.allowed.push_back("HEAD");
    if (method == "HEAD") match.route = get;
  }
  for (const auto& child : node->literals)
    match.children.push_back(child->segment);
  if (node->parameter) match.children.push_back(node->parameter->segment);
  return match;
}

}  // namespace netmeter::api
