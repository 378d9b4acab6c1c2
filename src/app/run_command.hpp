#pragma once

#include "app/run_options.hpp"

namespace netmeter::app {

/// `netmeter run`: the daemon. Opens the data directory, the store and the TLS identity, creates the
/// first admin, starts one engine per source and the HTTP server, then waits for SIGINT/SIGTERM and
/// shuts down in reverse order. Returns the exit code (0 after a signal, 1 when start-up fails).
int run_daemon(const RunOptions& options);

}  // namespace netmeter::app
