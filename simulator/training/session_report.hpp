// The session report (--report FILE, Markdown): the scenario and its outcome, each step with
// when it was done, what the person did (taps, and typing by field and length only), the alerts
// the phone showed, and the debrief with the lab's log. Passwords never appear: the phone's
// dump masks them, typing is not recorded, and lab events hold none.
#pragma once

#include <string>

namespace maillab::sim {
class App;
}

namespace maillab::sim::training {

std::string session_report_markdown(const App& app);

} // namespace maillab::sim::training
