// Failures of the network layer carry the verification outcome they mean.
#pragma once

#include "maillab/result.hpp"
#include "maillab/verify/outcome.hpp"

#include <chrono>
#include <string>

namespace maillab::net {

using Clock = std::chrono::steady_clock;

struct NetFailure {
    Outcome outcome = Outcome::protocol_error;
    std::string message;
    std::string stage = {}; // the step that failed, when the network layer knows it
};

template <class T> using NetResult = Result<T, NetFailure>;
using NetStatus = NetResult<Done>;

} // namespace maillab::net
