#include "script.hpp"

#include "../console/trainer_console.hpp"
#include "app.hpp"

#include <algorithm>
#include <cfloat>
#include <charconv>

namespace maillab::sim {
namespace {

std::optional<std::string> quoted(std::string_view rest, std::string& error) {
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\r'))
        rest.remove_suffix(1);
    if (rest.size() < 2 || rest.front() != '"' || rest.back() != '"') {
        error = "expected a quoted argument";
        return std::nullopt;
    }
    std::string out;
    for (std::size_t i = 1; i + 1 < rest.size(); ++i) {
        if (rest[i] == '\\' && i + 2 < rest.size()) {
            ++i;
            out += rest[i] == 'n' ? '\n' : rest[i];
        } else {
            out += rest[i];
        }
    }
    return out;
}

// GLFW key codes (GLFW/glfw3.h), so headless runs use the same key map as the window.
constexpr int glfw_tab = 258, glfw_left = 263, glfw_right = 262, glfw_up = 265, glfw_down = 264,
              glfw_page_up = 266, glfw_page_down = 267, glfw_home = 268, glfw_end = 269,
              glfw_insert = 260, glfw_delete = 261, glfw_backspace = 259, glfw_space = 32,
              glfw_enter = 257, glfw_escape = 256, glfw_kp_enter = 335, glfw_a = 65, glfw_c = 67,
              glfw_v = 86, glfw_x = 88, glfw_y = 89, glfw_z = 90;

} // namespace

void set_glfw_key_map(ImGuiIO& io) {
    io.KeyMap[ImGuiKey_Tab] = glfw_tab;
    io.KeyMap[ImGuiKey_LeftArrow] = glfw_left;
    io.KeyMap[ImGuiKey_RightArrow] = glfw_right;
    io.KeyMap[ImGuiKey_UpArrow] = glfw_up;
    io.KeyMap[ImGuiKey_DownArrow] = glfw_down;
    io.KeyMap[ImGuiKey_PageUp] = glfw_page_up;
    io.KeyMap[ImGuiKey_PageDown] = glfw_page_down;
    io.KeyMap[ImGuiKey_Home] = glfw_home;
    io.KeyMap[ImGuiKey_End] = glfw_end;
    io.KeyMap[ImGuiKey_Insert] = glfw_insert;
    io.KeyMap[ImGuiKey_Delete] = glfw_delete;
    io.KeyMap[ImGuiKey_Backspace] = glfw_backspace;
    io.KeyMap[ImGuiKey_Space] = glfw_space;
    io.KeyMap[ImGuiKey_Enter] = glfw_enter;
    io.KeyMap[ImGuiKey_Escape] = glfw_escape;
    io.KeyMap[ImGuiKey_KeyPadEnter] = glfw_kp_enter;
    io.KeyMap[ImGuiKey_A] = glfw_a;
    io.KeyMap[ImGuiKey_C] = glfw_c;
    io.KeyMap[ImGuiKey_V] = glfw_v;
    io.KeyMap[ImGuiKey_X] = glfw_x;
    io.KeyMap[ImGuiKey_Y] = glfw_y;
    io.KeyMap[ImGuiKey_Z] = glfw_z;
}

Result<std::vector<ScriptCommand>> parse_script(std::string_view text) {
    std::vector<ScriptCommand> out;
    int line_no = 0;
    while (!text.empty()) {
        const auto eol = text.find('\n');
        std::string line = trimmed(text.substr(0, eol));
        text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
        ++line_no;
        if (line.empty() || line[0] == '#')
            continue;
        const auto space = line.find(' ');
        const std::string verb = line.substr(0, space);
        const std::string_view rest = space == std::string::npos
                                          ? std::string_view{}
                                          : std::string_view(line).substr(space + 1);
        auto bad = [&](const std::string& why) {
            return Error{"script line " + std::to_string(line_no) + ": " + why};
        };
        ScriptCommand cmd{ScriptCommand::Kind::tap, {}, line_no, {}, {}};
        std::string error;
        if (verb == "tap" || verb == "type" || verb == "wait-alert" || verb == "dns-check" ||
            verb == "type-password") {
            auto arg = quoted(rest, error);
            if (!arg)
                return bad(verb + ": " + error);
            cmd.kind = verb == "tap"             ? ScriptCommand::Kind::tap
                       : verb == "type"          ? ScriptCommand::Kind::type
                       : verb == "dns-check"     ? ScriptCommand::Kind::dns_check
                       : verb == "type-password" ? ScriptCommand::Kind::type_password
                                                 : ScriptCommand::Kind::wait_alert;
            cmd.arg = *arg;
        } else if (verb == "key") {
            cmd.kind = ScriptCommand::Kind::key;
            cmd.arg = trimmed(rest);
            if (cmd.arg != "Enter" && cmd.arg != "Tab" && cmd.arg != "Backspace" &&
                cmd.arg != "Escape")
                return bad("key: one of Enter, Tab, Backspace, Escape");
        } else if (verb == "wait-screen") {
            cmd.kind = ScriptCommand::Kind::wait_screen;
            cmd.arg = trimmed(rest);
            if (cmd.arg.empty())
                return bad("wait-screen: give a screen name");
        } else if (verb == "wait-ms") {
            cmd.kind = ScriptCommand::Kind::wait_ms;
            cmd.arg = trimmed(rest);
            int ms = 0;
            auto [p, ec] = std::from_chars(cmd.arg.data(), cmd.arg.data() + cmd.arg.size(), ms);
            if (ec != std::errc{} || p != cmd.arg.data() + cmd.arg.size() || ms < 0 || ms > 600000)
                return bad("wait-ms: a number of milliseconds (0 to 600000)");
        } else if (verb == "lab") {
            auto action = parse_lab_action(rest);
            if (!action)
                return bad(action.error().message);
            cmd.kind = ScriptCommand::Kind::lab;
            cmd.lab_action = std::move(*action);
        } else if (verb == "wait-lab") {
            auto wait = parse_lab_wait(rest);
            if (!wait)
                return bad(wait.error().message);
            cmd.kind = ScriptCommand::Kind::wait_lab;
            cmd.lab_wait = std::move(*wait);
        } else if (verb == "console") {
            auto words = script_words(rest);
            if (!words)
                return bad("console: " + words.error().message);
            if (auto problem = TrainerConsole::check_script_words(*words); !problem.empty())
                return bad("console: " + problem);
            cmd.kind = ScriptCommand::Kind::console;
            cmd.arg = std::string(rest);
        } else if (verb == "screenshot") {
            cmd.kind = ScriptCommand::Kind::screenshot;
            cmd.arg = trimmed(rest);
            if (cmd.arg.empty())
                return bad("screenshot: give a file name");
        } else {
            return bad("unknown command \"" + verb + "\"");
        }
        out.push_back(std::move(cmd));
    }
    return out;
}

const ui::Target* find_script_target(const std::vector<ui::Target>& targets,
                                     std::string_view name) {
    for (const auto& t : targets)
        if (t.id == name)
            return &t;
    for (const auto& t : targets)
        if (t.label == name)
            return &t;
    return nullptr;
}

ScriptPlayer::ScriptPlayer(std::vector<ScriptCommand> commands, std::chrono::milliseconds timeout)
    : commands_(std::move(commands)), timeout_(timeout) {}

void ScriptPlayer::fail(const std::string& message) {
    const auto& c = commands_[next_];
    error_ = "script line " + std::to_string(c.line) + ": " + message;
}

void ScriptPlayer::advance() {
    ++next_;
    phase_ = 0;
    started_set_ = false;
}

std::optional<std::string> ScriptPlayer::take_screenshot() {
    auto s = std::move(screenshot_);
    screenshot_.reset();
    return s;
}

void ScriptPlayer::before_frame(App& app) {
    ImGuiIO& io = ImGui::GetIO();
    if (key_index_ >= 0) { // a key is released on the frame after its press
        io.KeysDown[key_index_] = false;
        key_index_ = -1;
        return;
    }
    if (done())
        return;
    if (!lab_cursor_ && app.lab()) // wait-lab sees only what happens after the script starts
        lab_cursor_ = last_lab_event(*app.lab());
    const auto now = std::chrono::steady_clock::now();
    if (!started_set_) {
        started_ = now;
        started_set_ = true;
    }
    const bool timed_out = now - started_ > timeout_;
    const ScriptCommand& c = commands_[next_];
    const bool acts = c.kind == ScriptCommand::Kind::tap || c.kind == ScriptCommand::Kind::type ||
                      c.kind == ScriptCommand::Kind::key ||
                      c.kind == ScriptCommand::Kind::type_password;
    if (acts && phase_ == 0 && now - started_ < pace_)
        return;
    // Targets of a frame laid out differently, or drawn before a console or lab line changed
    // the screens, are stale.
    if (stale_frames_ > 0)
        --stale_frames_;
    const bool settled = !app.nav().animating(app.ui().now()) && !app.nav().transition_active() &&
                         app.layout_steady() && stale_frames_ == 0;
    switch (c.kind) {
    case ScriptCommand::Kind::tap: {
        if (phase_ == 1) { // release where it was pressed
            io.MousePos = tap_pos_;
            io.MouseDown[0] = false;
            phase_ = 2;
            return;
        }
        if (phase_ == 2) { // move away, so nothing stays highlighted
            io.MousePos = {-FLT_MAX, -FLT_MAX};
            advance();
            return;
        }
        if (settled) {
            const ui::Target* found = find_script_target(app.ui().targets(), c.arg);
            if (found && found->enabled) {
                if (!found->visible && found->view) {
                    found->view->reveal(found->content_top, found->content_bottom);
                } else {
                    tap_pos_ = found->center_px;
                    io.MousePos = tap_pos_;
                    io.MouseDown[0] = true;
                    last_touch_ = TouchMark{tap_pos_, now};
                    phase_ = 1;
                    return;
                }
            }
        }
        if (timed_out) {
            std::string seen;
            for (const auto& t : app.ui().targets())
                seen += (seen.empty() ? "" : ", ") + ("\"" + t.id + "\"");
            fail("tap \"" + c.arg + "\": no enabled element with this label on \"" +
                 app.nav().top_id() + "\" (shown: " + seen + ")");
        }
        return;
    }
    case ScriptCommand::Kind::type:
        io.AddInputCharactersUTF8(c.arg.c_str());
        advance();
        return;
    case ScriptCommand::Kind::type_password: {
        const auto password = app.lab() ? app.lab()->current_password(c.arg) : std::nullopt;
        if (!password) {
            fail("type-password \"" + c.arg +
                 "\": " + (app.lab() ? "no such lab user" : "no lab provider is running"));
            return;
        }
        io.AddInputCharactersUTF8(password->c_str());
        advance();
        return;
    }
    case ScriptCommand::Kind::key: {
        const ImGuiKey key = c.arg == "Enter"       ? ImGuiKey_Enter
                             : c.arg == "Tab"       ? ImGuiKey_Tab
                             : c.arg == "Backspace" ? ImGuiKey_Backspace
                                                    : ImGuiKey_Escape;
        key_index_ = io.KeyMap[key];
        if (key_index_ >= 0)
            io.KeysDown[key_index_] = true;
        advance();
        return;
    }
    case ScriptCommand::Kind::wait_screen:
        if (settled && app.nav().top_id() == c.arg)
            advance();
        else if (timed_out)
            fail("wait-screen " + c.arg + ": the screen is \"" + app.nav().top_id() + "\"");
        return;
    case ScriptCommand::Kind::wait_alert: {
        const auto& a = app.current_alert();
        const bool sheet_button =
            a && a->kind == AlertKind::action_sheet &&
            std::find(a->buttons.begin(), a->buttons.end(), c.arg) != a->buttons.end();
        if (a && (a->title == c.arg || sheet_button))
            advance();
        else if (timed_out)
            fail("wait-alert \"" + c.arg + "\": " +
                 (app.current_alert() ? "the alert is \"" + app.current_alert()->title + "\""
                                      : std::string("no alert")));
        return;
    }
    case ScriptCommand::Kind::wait_ms: {
        const auto ms = std::chrono::milliseconds(std::stoi(c.arg));
        if (now - started_ >= ms)
            advance();
        return;
    }
    case ScriptCommand::Kind::screenshot:
        screenshot_ = c.arg;
        advance();
        return;
    case ScriptCommand::Kind::lab: {
        if (!app.lab()) {
            fail("lab: no lab provider is running (started with --no-lab?)");
            return;
        }
        lab_cursor_ = last_lab_event(*app.lab());
        if (auto error = apply_lab_action(*app.lab(), *c.lab_action); !error.empty())
            fail("lab: " + error);
        else
            advance();
        return;
    }
    case ScriptCommand::Kind::console: {
        if (!app.console()) {
            fail("console: the trainer console is not shown (windowed runs with the lab)");
            return;
        }
        if (auto error = app.console()->script_line(app, *script_words(c.arg)); !error.empty())
            fail("console: " + error);
        else
            advance();
        stale_frames_ = 2; // the phone may have gone home: its screens are replaced
        return;
    }
    case ScriptCommand::Kind::wait_lab: {
        if (!app.lab()) {
            fail("wait-lab: no lab provider is running (started with --no-lab?)");
            return;
        }
        if (auto seen = find_lab_event(*app.lab(), *c.lab_wait, lab_cursor_.value_or(0))) {
            lab_cursor_ = *seen;
            advance();
        } else if (timed_out) {
            fail("wait-lab " + std::string(lab::to_string(c.lab_wait->kind)) +
                 (c.lab_wait->address.empty() ? "" : " " + c.lab_wait->address) + ": not seen");
        }
        return;
    }
    case ScriptCommand::Kind::dns_check: {
        auto& check = app.dns_check();
        if (phase_ == 0) {
            check.start(c.arg);
            phase_ = 1;
        } else if (!check.error().empty()) {
            fail("dns-check \"" + c.arg + "\": " + check.error());
        } else if (!check.busy()) {
            advance();
        } else if (timed_out) {
            fail("dns-check \"" + c.arg + "\": not done");
        }
        return;
    }
    }
}

} // namespace maillab::sim
