// Discovery leaves work running after it has answered (cancelled sources finishing their current
// step). It runs on threads started here, which are counted and joined later, so that a program
// can let them end completely — thread-exit handlers included — before it exits.
#pragma once

#include <functional>

namespace maillab::autoconfig::detail {

// Starts `work` on a thread of its own that nobody waits for now.
void run_in_background(std::function<void()> work);

} // namespace maillab::autoconfig::detail
