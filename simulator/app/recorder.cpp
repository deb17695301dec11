#include "recorder.hpp"

#include "../ui/ui_util.hpp"
#include "app.hpp"
#include "script.hpp"

#include <algorithm>
#include <fstream>

namespace maillab::sim {
namespace {

bool nav_settled(const App& app) {
    return !app.nav().animating(app.ui().now()) && !app.nav().transition_active();
}

} // namespace

Recorder::Recorder(std::string scenario) : scenario_(std::move(scenario)) {}

void Recorder::before_app_frame() {
    const ImGuiIO& io = ImGui::GetIO();
    frame_chars_.clear();
    keyboard_elsewhere_ = io.WantTextInput; // the trainer console's fields: not the phone's
    if (keyboard_elsewhere_)
        return;
    for (ImWchar c : io.InputQueueCharacters)
        if (c >= 0x20 && c != 0x7F)
            ui::append_utf8(frame_chars_, c);
    if ((io.KeyCtrl || io.KeySuper) && ui::key_pressed(ImGuiKey_V, false))
        if (const char* clip = ImGui::GetClipboardText())
            for (const char* q = clip; *q; ++q)
                if (*q != '\n' && *q != '\r')
                    frame_chars_ += *q;
}

std::string Recorder::tap_name(const App& app, const std::string& id,
                               const std::string& label) const {
    // The label when it names this element alone (readable), else the id.
    const auto& targets = app.ui().targets();
    const auto same_label = std::count_if(targets.begin(), targets.end(),
                                          [&](const ui::Target& t) { return t.label == label; });
    const auto* by_label = find_script_target(targets, label);
    return same_label == 1 && by_label && by_label->id == id ? label : id;
}

void Recorder::flush_typing(const App& app) {
    if (typing_.empty())
        return;
    // A lab user's password is never written, even when typed into a field that is not secure.
    std::string user;
    if (const auto* lab = app.lab())
        for (const auto& u : lab->users())
            if (lab->password_is(u.address, typing_)) {
                user = u.address;
                break;
            }
    if (!typing_secure_ && user.empty()) {
        lines_.push_back("type " + script_quoted(typing_));
    } else {
        if (!user.empty()) {
            lines_.push_back("type-password " + script_quoted(user));
        } else {
            const std::string what = std::to_string(ui::utf8_length(typing_)) +
                                     " characters typed into " + typing_field_ +
                                     " (a password that is no lab user's) were left out";
            lines_.push_back("# " + what + ": the replay differs here");
            warnings_.push_back(what);
        }
    }
    typing_.assign(typing_.size(), '\0'); // the secret leaves memory before the string is freed
    typing_.clear();
}

void Recorder::flush_lab_wait() {
    if (!lab_wait_.empty())
        lines_.push_back(std::exchange(lab_wait_, {}));
}

void Recorder::before_action(const App& app) {
    flush_typing(app);
    flush_lab_wait();
}

void Recorder::note_lab_events(const App& app) {
    if (!app.lab())
        return;
    for (const auto& e : app.lab()->events(lab_seen_)) {
        lab_seen_ = e.sequence;
        if (e.kind == lab::EventKind::message_delivered ||
            e.kind == lab::EventKind::message_discarded)
            lab_wait_ = "wait-lab " + std::string(lab::to_string(e.kind)) +
                        (e.user.empty() ? "" : " " + script_quoted(e.user));
    }
}

void Recorder::after_app_frame(const App& app) {
    if (!started_) { // what the phone showed before the person began is no action
        started_ = true;
        screen_ = app.nav().top_id();
        alerts_seen_ = answered_ = app.alerts_shown().size();
        if (app.lab())
            lab_seen_ = last_lab_event(*app.lab());
    }
    note_lab_events(app);
    auto& ui = app.ui();

    // A field once drawn secure stays secure (it may be hidden under an alert this frame).
    if (ui.focused_secure())
        secure_fields_.insert(ui.focused());
    const bool secure = ui.focused_secure() || secure_fields_.count(ui.focused()) > 0;
    // Typing went to the field focused in this frame (a tap in this frame focuses first).
    if (!frame_chars_.empty() && !ui.focused().empty()) {
        if (ui.focused() != typing_field_ || secure != typing_secure_)
            flush_typing(app);
        if (typing_.empty())
            flush_lab_wait();
        typing_field_ = ui.focused();
        typing_secure_ = secure;
        typing_ += frame_chars_;
    }
    std::fill(frame_chars_.begin(), frame_chars_.end(), '\0'); // may be a password
    frame_chars_.clear();
    // Keys typed into the trainer console's fields are the trainer's, not the phone's.
    if (!keyboard_elsewhere_) {
        if (ui::key_pressed(ImGuiKey_Backspace)) {
            if (!typing_.empty() && ui.focused() == typing_field_) {
                ui::pop_utf8(typing_);
            } else {
                before_action(app);
                lines_.push_back("key Backspace");
            }
        }
        for (const auto& [key, name] :
             {std::pair{ImGuiKey_Tab, "Tab"}, std::pair{ImGuiKey_Enter, "Enter"},
              std::pair{ImGuiKey_KeyPadEnter, "Enter"}, std::pair{ImGuiKey_Escape, "Escape"}})
            if (ui::key_pressed(key, key == ImGuiKey_Tab)) {
                before_action(app);
                lines_.push_back(std::string("key ") + name);
            }
    }
    bool tapped_alert_button = false;
    for (const auto& t : ui.tapped()) {
        before_action(app);
        lines_.push_back("tap " + script_quoted(tap_name(app, t.id, t.label)));
        tapped_alert_button = tapped_alert_button || t.kind == "alert-button";
    }
    // A tap outside an action sheet presses its last button (Cancel): no element was tapped.
    const auto& alerts = app.alerts_shown();
    if (!alerts.empty() && alerts.size() == alerts_seen_ && answered_ < alerts.size() &&
        !alerts.back().pressed.empty()) {
        answered_ = alerts.size();
        if (!tapped_alert_button && ImGui::GetIO().MouseReleased[0]) {
            before_action(app);
            lines_.push_back("tap " + script_quoted("alert/" + alerts.back().pressed));
        }
    }

    if (app.alerts_shown().size() > alerts_seen_) {
        alerts_seen_ = app.alerts_shown().size();
        const auto& shown = app.current_alert();
        if (shown) {
            before_action(app);
            const std::string name =
                !shown->title.empty() || shown->buttons.empty() ? shown->title : shown->buttons[0];
            lines_.push_back("wait-alert " + script_quoted(name));
        }
    }
    if (nav_settled(app) && app.nav().top_id() != screen_) {
        screen_ = app.nav().top_id();
        before_action(app);
        lines_.push_back("wait-screen " + screen_);
    }
}

std::string Recorder::script(const App& app) {
    before_action(app);
    std::string out = "# Recorded by maillab-sim --record: replay with maillab-sim --play FILE";
    out += scenario_.empty() ? "\n" : " --scenario " + scenario_ + "\n";
    out += "# Passwords are not in this file: type-password types the lab user's current one.\n";
    for (const auto& line : lines_)
        out += line + "\n";
    return out;
}

Result<Done> Recorder::save(const std::filesystem::path& file, const App& app) {
    const std::string text = script(app);
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush())
        return Error{"cannot write the recording " + file.string()};
    return Done{};
}

} // namespace maillab::sim
