// The lab provider's side of --dump-state: its domain, every server event in order and the
// message counts of every lab mailbox. Events never hold passwords.
#pragma once

#include "maillab/lab/lab.hpp"

#include <string>

namespace maillab::sim {

// A JSON object (one line per event).
std::string lab_state_json(const lab::Lab& lab);

} // namespace maillab::sim
