#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/call.hpp"
#include "core/growing_file.hpp"
#include "http/response.hpp"

namespace netmeter::api {

/// What a caller must hold to reach a route. `none` needs no credentials at all; `authenticated` needs
/// any valid credentials; the others name the permission (see auth::Permission).
enum class Need { none, authenticated, read_stats, pcap, upload, admin };

/// How the body of a request to this route is read.
enum class BodyKind {
  none,    ///< small bodies only (a few KiB)
  params,  ///< parameters: JSON, urlencoded or multipart form, in memory
  upload,  ///< a file: raw or multipart body streamed to the upload directory (HandlerOptions)
};

using RouteFn = std::function<http::Response(Call&)>;
/// A route's look at the request head, after authentication and before the body is read: a refusal, or
/// nullopt to go on (e.g. an upload that could not be kept anyway is refused before it is stored).
using HeadCheck = std::function<std::optional<http::Response>(const http::RequestHead&)>;

/// What an upload route decides from the head and its caller, before the body is read: a refusal, or a
/// GrowingFile the server reports the body file to while it arrives (null: nothing follows it).
struct BodyStart {
  std::optional<http::Response> refusal;
  std::shared_ptr<core::GrowingFile> progress;
};
using BodyHook = std::function<BodyStart(const http::RequestHead&, const auth::Principal*)>;

/// One method served at one node.
struct Route {
  RouteFn fn;
  Need need = Need::read_stats;
  BodyKind body = BodyKind::params;
  HeadCheck before_body;  ///< optional
  BodyHook body_hook;     ///< optional, BodyKind::upload only; after before_body
};

/// The route tree: path segments, literal ("stats") or parameter (":ip"). It is the one source of what is
/// served: the handler dispatches from it and OPTIONS discovery lists its children, so both agree.
class RouteTree {
 public:
  RouteTree();
  ~RouteTree();
  RouteTree(const RouteTree&) = delete;
  RouteTree& operator=(const RouteTree&) = delete;

  /// Registers `method` at `pattern` ("/API/system/users/:name"). A second registration of the same
  /// method and pattern replaces the first.
  void add(std::string_view method, std::string_view pattern, Route route);

  struct Match {
    bool path_found = false;  ///< a node exists at the path (even without methods)
    const Route* route = nullptr;
    std::vector<std::pair<std::string, std::string>> params;  ///< values of ":name" segments
    std::vector<std::string> allowed;                         ///< methods served at the node
    bool protected_node = false;                              ///< some method at the node needs credentials
    std::vector<std::string> children;                        ///< child segment names (":ip" for parameters)
  };

  /// Looks `path` up (already percent-decoded). Empty segments (double or trailing slashes) are ignored;
  /// "." and ".." segments never match. HEAD is served by the node's GET route unless it has its own.
  Match find(std::string_view method, std::string_view path) const;

 private:
  struct Node;
  std::unique_ptr<Node> root_;
};

/// Splits a path on '/', dropping empty segments.
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace netmeter::api
