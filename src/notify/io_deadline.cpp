#include "notify/io_deadline.hpp"

#include <boost/asio/detached.hpp>

namespace netmeter::notify {

namespace asio = boost::asio;

std::optional<std::string> run_with_deadline(const std::function<asio::awaitable<void>()>& task,
                                             std::chrono::milliseconds deadline) {
  std::optional<std::string> error = "timed out";
  {
    asio::io_context io;
    asio::co_spawn(io, task(), [&error](std::exception_ptr e) {
      error.reset();
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        error = ex.what();
      } catch (...) {
        error = "failed";
      }
    });
    io.run_for(deadline);
    // Leaving the scope destroys the io_context: its sockets close and the unfinished task is dropped.
  }
  return error;
}

asio::ssl::context verifying_tls_context() {
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.set_default_verify_paths();
  ctx.set_verify_mode(asio::ssl::verify_peer);
  return ctx;
}

}  // namespace netmeter::notify
