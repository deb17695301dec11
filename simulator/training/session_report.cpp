#include "session_report.hpp"

#include "../app/app.hpp"

#include <cstdio>

namespace maillab::sim::training {
namespace {

std::string seconds(double s) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", s);
    return text;
}

// Markdown table cells: no line breaks or pipes.
std::string cell(std::string text) {
    for (auto& c : text)
        if (c == '\n' || c == '\r' || c == '|')
            c = ' ';
    return text;
}

} // namespace

std::string session_report_markdown(const App& app) {
    const ScenarioRun* run = app.scenario();
    std::string out;
    const auto start = run ? run->began_at()
                           : (app.actions().empty() ? std::chrono::steady_clock::now()
                                                    : app.actions().front().time);
    if (run) {
        const auto& s = run->scenario();
        const bool success = run->succeeded(app);
        out += "# " + s.title + "\n\n";
        out += "Scenario `" + s.id + "` on iOS " + std::string(flows::to_string(app.ios())) +
               ": **" + (success ? "success" : "not completed") + "** (" +
               std::to_string(run->steps_done()) + " of " + std::to_string(s.steps.size()) +
               " steps).\n\nGoal: " + s.goal +
               "\n\n## Steps\n\n| # | step | done after |\n|---|---|---|\n";
        for (std::size_t i = 0; i < s.steps.size(); ++i)
            out +=
                "| " + std::to_string(i + 1) + " | " + cell(s.steps[i].title) + " | " +
                (run->step_done(i) ? seconds(run->step_done_after(i)) : std::string("not done")) +
                " |\n";
    } else {
        out += "# MailLab session\n\n";
    }
    out += "\n## What was done\n\n";
    if (app.actions().empty())
        out += "Nothing.\n";
    for (const auto& a : app.actions()) {
        const double t = std::chrono::duration<double>(a.time - start).count();
        out += "- " + seconds(t < 0 ? 0 : t) + ": " + a.what + "\n";
    }
    out += "\n## Alerts the phone showed\n\n";
    if (app.alerts_shown().empty())
        out += "None.\n";
    for (const auto& a : app.alerts_shown())
        out += "- **" + a.title + "** " + a.message +
               (a.pressed.empty() ? std::string() : " [" + a.pressed + "]") + "\n";
    if (run) {
        out += "\n## Debrief\n\n```\n" + run->debrief(app) + "\n```\n";
    }
    return out;
}

} // namespace maillab::sim::training
