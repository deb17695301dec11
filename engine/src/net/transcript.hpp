// The step list of one server check. Callers pass text that is already redacted.
#pragma once

#include "maillab/verify/check_result.hpp"
#include "net/net_result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace maillab::net {

class Transcript {
  public:
    static constexpr std::size_t max_steps = 2000;
    static constexpr std::size_t max_text = 400;

    Transcript(std::string host, std::uint16_t port);

    void sent(std::string_view stage, std::string_view text);
    void received(std::string_view stage, std::string_view text);
    void note(std::string_view stage, std::string_view text);

    std::int64_t elapsed_ms() const;
    const std::vector<Step>& steps() const { return steps_; }
    std::vector<Step> take() { return std::move(steps_); }

  private:
    void add(std::string_view stage, Direction direction, std::string_view text);

    std::string host_;
    std::uint16_t port_;
    Clock::time_point start_;
    std::vector<Step> steps_;
    std::size_t dropped_ = 0;
};

} // namespace maillab::net
