#include "app.hpp"

#include "../console/trainer_console.hpp"
#include "../screens/screens.hpp"
#include "lab_state_json.hpp"
#include "maillab/store/account_json.hpp"

#include <iostream>

namespace maillab::sim {
namespace {

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out + "\"";
}

std::unique_ptr<flows::EngineServices> real_engine(const AppOptions& options,
                                                   std::string* warning) {
    return flows::make_engine_services(options.engine, warning);
}

} // namespace

std::string_view to_string(AlertKind kind) {
    return kind == AlertKind::action_sheet ? "action-sheet" : "alert";
}

App::App(AppOptions options, std::unique_ptr<flows::EngineServices> engine)
    : options_(std::move(options)),
      engine_(engine ? std::move(engine) : real_engine(options_, &startup_warning_)),
      device_(options_.state_file.empty() ? flows::DeviceState::default_file()
                                          : options_.state_file),
      add_account_(*engine_, [this] { wake(); }), server_check_(*engine_, [this] { wake(); }),
      mail_(*engine_, device_.device(), [this] { wake(); }),
      dns_check_(flows::lab_dns_check_config(options_.lab, options_.engine.resolver),
                 [this] { wake(); }) {
    if (!startup_warning_.empty())
        warn(startup_warning_);
    if (!device_.load())
        warn("cannot read " + device_.file().string() + ": " + device_.last_error() +
             " (starting with no accounts; the file is left as it is)");
    nav_.reset(make_home_screen());
    if (options_.console)
        console_ = std::make_unique<TrainerConsole>(options_.scenarios_dir.empty()
                                                        ? training::default_scenarios_dir()
                                                        : options_.scenarios_dir);
}

App::~App() {
    add_account_.cancel();
    server_check_.cancel();
    mail_.cancel();
    if (second_device_)
        second_device_->cancel();
}

void App::remember(UserAction action) {
    constexpr std::size_t max_actions = 5000;
    if (actions_.size() < max_actions)
        actions_.push_back(std::move(action));
}

void App::record_typing(const ImGuiIO& io) {
    int typed = 0;
    for (ImWchar c : io.InputQueueCharacters)
        typed += c >= 0x20 && c != 0x7F;
    if (typed == 0 || ui_.focused().empty())
        return;
    const std::string field = ui_.focused();
    const std::string prefix = "typed ";
    const std::string suffix = " into " + field;
    // Consecutive typing into one field is one action.
    if (!actions_.empty() && actions_.back().what.starts_with(prefix) &&
        actions_.back().what.ends_with(suffix)) {
        const int before = std::stoi(actions_.back().what.substr(prefix.size()));
        actions_.back().what = prefix + std::to_string(before + typed) + " characters" + suffix;
        return;
    }
    remember({std::chrono::steady_clock::now(),
              prefix + std::to_string(typed) + " characters" + suffix});
}

void App::set_ios(flows::IosVersion version) {
    options_.ios = version;
    go_home();
}

std::string App::begin_scenario(training::Scenario scenario) {
    auto run = std::make_unique<training::ScenarioRun>(std::move(scenario));
    if (auto error = run->begin(*this); !error.empty()) {
        scenario_.reset(); // begin() may have changed the phone and the lab: the old run no
        return error;      // longer describes them
    }
    scenario_ = std::move(run);
    return {};
}

void App::warn(std::string message) {
    std::cerr << "maillab-sim: " << message << "\n";
    warnings_.push_back(std::move(message));
}

void App::alert(AlertRequest request) {
    alerts_shown_.push_back({request.title, request.message, {}, request.kind});
    alert_ = std::move(request);
    alert_shown_at_ = now_;
    ui_.clear_focus();
}

void App::action_sheet(AlertRequest request) {
    request.kind = AlertKind::action_sheet;
    alert(std::move(request));
}

void App::save_device() {
    if (!device_.save())
        alert({"Cannot Save",
               "The accounts could not be saved: " + device_.last_error(),
               {"OK"},
               {{true, false}},
               {}});
    mail_.accounts_changed();
}

void App::go_home() {
    if (nav_.find("new-account") || nav_.find("manual-servers") || nav_.find("save-account"))
        add_account_.cancel();
    server_check_.cancel();
    alert_.reset();
    ui_.clear_focus();
    nav_.go_home();
}

void App::escape() {
    if (alert_ && alert_->kind == AlertKind::action_sheet) {
        escape_pressed_ = true;
        return;
    }
    if (alert_ || nav_.transition_active())
        return;
    nav_.top().on_escape(*this);
}

DeskParts App::desk_parts() const {
    return {second_device_ != nullptr, console_ != nullptr};
}

flows::SecondDevice& App::add_second_device(flows::SecondDeviceSetup setup) {
    retire_second_device();
    second_device_ =
        std::make_unique<flows::SecondDevice>(*engine_, std::move(setup), [this] { wake(); });
    laptop_view_ = LaptopView{};
    return *second_device_;
}

void App::retire_second_device() {
    if (!second_device_)
        return;
    // Its check may take a while to end (a slow or dead server): destroying it now would wait
    // on the UI thread, so it waits aside until the check is over.
    second_device_->cancel();
    retired_devices_.push_back(std::move(second_device_));
}

void App::remove_second_device() {
    retire_second_device();
    laptop_view_ = LaptopView{};
}

bool App::wants_frames() const {
    return ui_.animating() || nav_.animating(now_) || pressed_;
}

void App::frame(double now, float dt) {
    now_ = now;
    ImGuiIO& io = ImGui::GetIO();
    pressed_ = io.MouseDown[0] || io.MouseReleased[0];
    // A text field of the trainer console has the keyboard: the phone leaves the keys to it.
    const bool keyboard_elsewhere = io.WantTextInput;
    if (keyboard_elsewhere)
        ui_.clear_focus();
    else
        record_typing(io);

    // Engine results reach the UI here, once per frame.
    add_account_.poll();
    dns_check_.poll();
    if (!add_account_.internal_error().empty() && !alert_)
        warn("setup: " + add_account_.internal_error());
    if (auto a = add_account_.take_new_alert();
        a && a->kind == setup::AlertKind::certificate_details) {
        nav_.push(make_certificate_sheet(a->host, a->certificate));
    } else if (a) {
        std::vector<ui::AlertButtonStyle> styles;
        for (std::size_t i = 0; i < a->buttons.size(); ++i)
            styles.push_back({i + 1 == a->buttons.size() && a->buttons.size() <= 2, false});
        alert({a->title, a->message, a->buttons, styles,
               [](App& app, const std::string& button) { app.add_account().press(button); }});
    }
    mail_.poll(now);
    if (second_device_)
        second_device_->poll();
    std::erase_if(retired_devices_, [](const auto& device) { return device->idle(); });
    if (scenario_)
        scenario_->update(*this);
    if (!alert_)
        if (auto a = mail_.take_alert())
            alert({a->title, a->message, {"OK"}, {{true, false}}, {}});

    const DeskLayout layout_now = layout_desk(io.DisplaySize, desk_parts());
    layout_steady_ = layout_now == layout_;
    layout_ = layout_now;
    const ui::PhoneLayout layout = ui::fit_phone(layout_.phone);
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    dl->AddRectFilled({0, 0}, io.DisplaySize, ui::color::window);
    ui_.begin_frame(dl, layout.screen_origin, layout.scale, *fonts_, now, dt);
    ui_.push_clip({0, 0, ui::metric::screen_width, ui::metric::screen_height});

    ui_.push_interactive(!alert_ && !nav_.transition_active());
    nav_.draw(ui_, *this);
    ui_.pop_interactive();

    const bool light =
        nav_.top().light_status_bar() || (nav_.top().presentation() == Presentation::sheet);
    ui::draw_status_bar(ui_, light);
    ui_.push_interactive(!alert_ && !nav_.transition_active() && nav_.stack_ids().size() > 1);
    {
        const ui::Rect home{(ui::metric::screen_width - 160) / 2, ui::metric::screen_height - 24,
                            160, 24};
        if (ui_.press(home, "Home", "button", true, "home").clicked)
            go_home();
    }
    ui_.pop_interactive();
    ui::draw_home_indicator(ui_, nav_.top().light_status_bar());

    if (alert_) {
        const AlertRequest shown = *alert_;
        int pressed = -1;
        if (shown.kind == AlertKind::action_sheet) {
            const float t =
                static_cast<float>((now - alert_shown_at_) / ui::metric::action_sheet_seconds);
            pressed = ui_.action_sheet(shown.title, shown.message, shown.buttons, shown.styles, t);
            if (escape_pressed_ && !shown.buttons.empty())
                pressed = static_cast<int>(shown.buttons.size()) - 1;
        } else {
            pressed = ui_.alert(shown.title, shown.message, shown.buttons, shown.styles);
        }
        escape_pressed_ = false;
        if (pressed >= 0) {
            const std::string button = shown.buttons[static_cast<std::size_t>(pressed)];
            for (auto it = alerts_shown_.rbegin(); it != alerts_shown_.rend(); ++it)
                if (it->pressed.empty()) {
                    it->pressed = button;
                    break;
                }
            alert_.reset();
            if (shown.on_press)
                shown.on_press(*this, button);
        }
    }
    ui_.pop_clip();
    ui::draw_phone_frame(ui_);
    if (second_device_ && layout_.second_device)
        laptop_view_.draw(ui_, *second_device_, *layout_.second_device, layout.scale);

    const int escape_key = io.KeyMap[ImGuiKey_Escape];
    if (!keyboard_elsewhere && escape_key >= 0 && ImGui::IsKeyPressed(escape_key, false))
        escape();
    ui_.end_frame();
    if (console_ && layout_.console && fonts_)
        console_->draw(*this, *layout_.console, *fonts_);
    for (auto& label : ui_.take_taps())
        remember({std::chrono::steady_clock::now(), "tap \u201c" + label + "\u201d"});
    nav_.apply_pending(now);
}

std::string App::dump_state_json() const {
    std::string out = "{\n  \"screen\": " + json_string(nav_.top_id()) + ",\n  \"screen_stack\": [";
    const auto ids = nav_.stack_ids();
    for (std::size_t i = 0; i < ids.size(); ++i)
        out += (i ? ", " : "") + json_string(ids[i]);
    out += "],\n  \"alert\": ";
    if (alert_) {
        out += "{\"title\": " + json_string(alert_->title) +
               ", \"message\": " + json_string(alert_->message) + ", \"buttons\": [";
        for (std::size_t i = 0; i < alert_->buttons.size(); ++i)
            out += (i ? ", " : "") + json_string(alert_->buttons[i]);
        out += "], \"kind\": " + json_string(to_string(alert_->kind)) + "}";
    } else {
        out += "null";
    }
    out += ",\n  \"alerts_shown\": [";
    for (std::size_t i = 0; i < alerts_shown_.size(); ++i) {
        const auto& a = alerts_shown_[i];
        out += std::string(i ? "," : "") + "\n    {\"title\": " + json_string(a.title) +
               ", \"message\": " + json_string(a.message) +
               ", \"pressed\": " + json_string(a.pressed) +
               ", \"kind\": " + json_string(to_string(a.kind)) + "}";
    }
    out += std::string(alerts_shown_.empty() ? "" : "\n  ") +
           "],\n  \"ios\": " + json_string(flows::to_string(options_.ios)) + ",\n  \"accounts\": [";
    const auto& accounts = device_.device().accounts;
    for (std::size_t i = 0; i < accounts.size(); ++i)
        out += std::string(i ? "," : "") + "\n    " +
               account_to_json(accounts[i], PasswordOutput::mask);
    out += std::string(accounts.empty() ? "" : "\n  ") +
           "],\n  \"state_file\": " + json_string(device_.file().string()) +
           ",\n  \"setup\": {\"screen\": " +
           json_string(setup::to_string(add_account_.machine().screen())) +
           ", \"form_error\": " + json_string(add_account_.machine().form_error()) +
           ", \"history\": [";
    const auto& history = add_account_.machine().history();
    for (std::size_t i = 0; i < history.size(); ++i)
        out += (i ? ", " : "") + json_string(history[i]);
    out += "]},\n  \"mailboxes\": [";
    const auto boxes = mail_.mailboxes();
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const auto& m = *boxes[i];
        out += std::string(i ? "," : "") + "\n    {\"account\": " + json_string(m.email) +
               ", \"inbox\": " + std::to_string(m.inbox.size()) +
               ", \"unread\": " + std::to_string(m.unread()) +
               ", \"outbox\": " + std::to_string(m.outbox.size()) +
               ", \"sent\": " + std::to_string(m.sent.size()) + "}";
    }
    out += std::string(boxes.empty() ? "" : "\n  ") +
           "],\n  \"focused_field\": " + json_string(ui_.focused()) + ",\n  \"warnings\": [";
    for (std::size_t i = 0; i < warnings_.size(); ++i)
        out += (i ? ", " : "") + json_string(warnings_[i]);
    out += "]";
    if (options_.lab)
        out += ",\n  \"lab\": " + lab_state_json(*options_.lab);
    if (second_device_)
        out += ",\n  \"second_device\": " + second_device_->state_json();
    if (scenario_)
        out += ",\n  \"scenario\": " + scenario_->state_json(*this);
    out += "\n}\n";
    return out;
}

} // namespace maillab::sim
