// Counts the detached threads that discovery leaves running after it has answered (cancelled
// sources finishing their current step), so that a program can let them end before it exits.
#pragma once

namespace maillab::autoconfig::detail {

// Held by a detached thread for its whole life.
class BackgroundWorkToken {
  public:
    BackgroundWorkToken();
    ~BackgroundWorkToken();
    BackgroundWorkToken(const BackgroundWorkToken&) = delete;
    BackgroundWorkToken& operator=(const BackgroundWorkToken&) = delete;
};

} // namespace maillab::autoconfig::detail
