#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace netmeter::notify {

/// Runs `task` on a private io_context for at most `deadline`: nullopt when it finished, else the error
/// (its exception's text, or "timed out"). Past the deadline every socket the task opened is closed with
/// the io_context, so a silent peer costs at most the deadline.
std::optional<std::string> run_with_deadline(const std::function<boost::asio::awaitable<void>()>& task,
                                             std::chrono::milliseconds deadline);

/// A TLS client context that verifies the peer against the system's CAs.
boost::asio::ssl::context verifying_tls_context();

}  // namespace netmeter::notify
