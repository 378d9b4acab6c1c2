#pragma once

namespace netmeter::app {

/// Blocks SIGINT and SIGTERM in the calling thread, so every thread started afterwards inherits the
/// mask and the signals wait for `wait_for_termination` instead of interrupting a random thread.
void block_termination_signals();

/// Waits until SIGINT or SIGTERM arrives (they must be blocked); returns the signal number.
int wait_for_termination();

}  // namespace netmeter::app
