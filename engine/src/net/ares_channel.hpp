// A c-ares channel with a deadline-bounded event loop, shared by address and record lookups.
#pragma once

#include "net/net_result.hpp"

#include <ares.h>

#include <functional>
#include <optional>
#include <string>

namespace maillab::net {

class AresChannel {
  public:
    // server: "HOST:PORT" or "HOST" (port 53); nullopt = /etc/resolv.conf.
    static NetResult<AresChannel> open(const std::optional<std::string>& server);

    AresChannel(AresChannel&& other) noexcept : channel_(other.channel_) { other.channel_ = nullptr; }
    AresChannel& operator=(AresChannel&&) = delete;
    ~AresChannel();

    ares_channel get() const { return channel_; }
    // Runs the channel until done() is true or the deadline passes (then cancels: false).
    bool run_until(const std::function<bool()>& done, Clock::time_point deadline);

  private:
    explicit AresChannel(ares_channel channel) : channel_(channel) {}
    ares_channel channel_;
};

// Plain words for a c-ares status.
std::string describe_ares_status(int status);

} // namespace maillab::net
