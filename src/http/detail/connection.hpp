#pragma once

// Private to src/http.

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "http/detail/server_context.hpp"

namespace netmeter::http {

/// Serves requests on an accepted socket until the client leaves, an error or stop(). When the
/// connection limits leave no room (ConnectionRegistry::admit), it is refused at once instead.
void start_plain_connection(ServerContext& context, boost::asio::ip::tcp::socket socket);
/// The same after a TLS handshake.
void start_tls_connection(ServerContext& context, boost::asio::ip::tcp::socket socket,
                          boost::asio::ssl::context& tls);

}  // namespace netmeter::http
