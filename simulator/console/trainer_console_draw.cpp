// The trainer console's ImGui drawing: a fixed window in the console column with the scenario
// and its checklist on top and tabs for the lab's knobs, the diagnosis and the logs below.
#include "../app/app.hpp"
#include "../app/lab_script.hpp"
#include "trainer_console.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <imgui.h>

namespace maillab::sim {
namespace {

const ImVec4 green{0.45f, 0.85f, 0.45f, 1};
const ImVec4 red{1.0f, 0.45f, 0.40f, 1};
const ImVec4 dim{0.65f, 0.67f, 0.70f, 1};
const ImVec4 client_color{0.55f, 0.78f, 1.0f, 1};
const ImVec4 note_color{0.95f, 0.82f, 0.45f, 1};

void wrapped(const std::string& text, const ImVec4* color = nullptr) {
    if (color)
        ImGui::PushStyleColor(ImGuiCol_Text, *color);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    if (color)
        ImGui::PopStyleColor();
}

void check_line(const CheckResult& r, const char* what) {
    ImGui::TextColored(r.ok() ? green : red, "%s %s", r.ok() ? "OK  " : "FAIL", what);
    ImGui::SameLine();
    ImGui::TextColored(dim, "%s:%u %s", r.host.c_str(), static_cast<unsigned>(r.port),
                       std::string(to_string(r.security)).c_str());
    wrapped(r.message);
    if (!r.server_reply.empty())
        wrapped("server: " + r.server_reply, &dim);
    if (!r.ok() && !r.failed_stage.empty())
        wrapped("failed at: " + r.failed_stage, &dim);
}

bool disabled_checkbox(const char* label, bool value) {
    ImGui::BeginDisabled();
    ImGui::Checkbox(label, &value);
    ImGui::EndDisabled();
    return value;
}

} // namespace

void TrainerConsole::draw(App& app, ui::Rect area, const ui::FontSet& fonts) {
    poll(app);
    if (area.w < 50 || area.h < 50)
        return;
    ImGui::SetNextWindowPos({area.x, area.y});
    ImGui::SetNextWindowSize({area.w, area.h});
    constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                       ImGuiWindowFlags_NoSavedSettings |
                                       ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
    ImGui::Begin("Trainer console", nullptr, flags);
    ImFont* font = fonts.get(ui::Font::footnote);
    const float scale = std::clamp(area.w / desk::console_width, 0.5f, 4.0f);
    if (font) {
        ImGui::PushFont(font);
        ImGui::SetWindowFontScale(ui::point_size(ui::Font::footnote) * 1.05f * scale /
                                  font->FontSize);
    }

    ImGui::TextUnformatted("Trainer console");
    ImGui::SameLine(0, 24 * scale);
    ImGui::TextColored(dim, "iOS");
    for (auto version : {flows::IosVersion::ios6, flows::IosVersion::ios12,
                         flows::IosVersion::ios17, flows::IosVersion::ios18}) {
        ImGui::SameLine();
        const std::string label(flows::to_string(version));
        if (ImGui::RadioButton(label.c_str(), app.ios() == version) && app.ios() != version) {
            app.set_ios(version);
            note("iOS " + label);
        }
    }
    if (!message_.empty())
        wrapped(message_, &red);
    ImGui::Separator();
    draw_scenario(app);
    ImGui::Separator();
    auto tab_flags = [this](const char* name) {
        return tab_request_ == name ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
    };
    if (ImGui::BeginTabBar("tabs")) {
        if (ImGui::BeginTabItem("Lab", nullptr, tab_flags("Lab"))) {
            draw_lab(app);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Diagnosis", nullptr, tab_flags("Diagnosis"))) {
            draw_diagnosis(app);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("DNS", nullptr, tab_flags("DNS"))) {
            draw_dns(app);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Protocol log", nullptr, tab_flags("Protocol log"))) {
            draw_log();
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Events", nullptr, tab_flags("Events"))) {
            draw_events(app);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
        tab_request_.clear();
    }
    if (font)
        ImGui::PopFont();
    ImGui::End();
    ImGui::PopStyleVar();
}

void TrainerConsole::draw_scenario(App& app) {
    if (!scenarios_error_.empty())
        wrapped("scenarios: " + scenarios_error_, &red);
    if (app.scenario() && app.scenario()->scenario().id != picked_for_) {
        // The picker follows a scenario started elsewhere (--scenario, a script).
        picked_for_ = app.scenario()->scenario().id;
        for (std::size_t i = 0; i < scenarios_.size(); ++i)
            if (scenarios_[i].id == picked_for_)
                chosen_ = static_cast<int>(i);
    }
    if (!scenarios_.empty()) {
        chosen_ = std::clamp(chosen_, 0, static_cast<int>(scenarios_.size()) - 1);
        ImGui::SetNextItemWidth(-170 * ImGui::GetFontSize() / 13);
        const auto& shown = scenarios_[static_cast<std::size_t>(chosen_)];
        if (ImGui::BeginCombo("##scenario", shown.title.c_str())) {
            for (std::size_t i = 0; i < scenarios_.size(); ++i) {
                const bool selected = static_cast<int>(i) == chosen_;
                if (ImGui::Selectable(scenarios_[i].title.c_str(), selected))
                    chosen_ = static_cast<int>(i);
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("%s", scenarios_[i].id.c_str());
            }
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        if (ImGui::Button("Start"))
            start_scenario(app, shown.id);
        ImGui::SameLine();
        if (ImGui::Button("Reset"))
            reset(app);
    }
    if (app.scenario())
        draw_checklist(app);
    else
        ImGui::TextColored(dim, "Free play: no scenario running.");
}

void TrainerConsole::draw_checklist(App& app) {
    const auto& run = *app.scenario();
    const auto& s = run.scenario();
    ImGui::Text("%s", s.title.c_str());
    wrapped(s.goal, &dim);
    bool hint_shown = false;
    for (std::size_t i = 0; i < s.steps.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const bool done = run.step_done(i);
        disabled_checkbox(s.steps[i].title.c_str(), done);
        if (done && run.step_done_after(i) >= 0) {
            ImGui::SameLine();
            ImGui::TextColored(dim, "%.0f s", run.step_done_after(i));
        }
        if (!done && !hint_shown) { // the hint of the first step still to do
            hint_shown = true;
            ImGui::Indent();
            wrapped(run.hint(i, app), &dim);
            ImGui::Unindent();
        }
        ImGui::PopID();
    }
    const bool success = run.succeeded(app);
    ImGui::TextColored(success ? green : dim, "%s",
                       success ? "Success: every condition holds"
                               : "Success conditions not met yet");
    if (ImGui::CollapsingHeader("Debrief")) {
        // The debrief reads the lab's whole log: twice a second is often enough.
        const auto now = std::chrono::steady_clock::now();
        if (debrief_for_ != &run || now - debrief_at_ > std::chrono::milliseconds(500)) {
            debrief_ = run.debrief(app);
            debrief_for_ = &run;
            debrief_at_ = now;
        }
        wrapped(debrief_);
    }
}

void TrainerConsole::draw_lab(App& app) {
    lab::Lab* lab = app.lab();
    if (!lab) {
        ImGui::TextColored(dim, "No lab provider (started with --no-lab).");
        return;
    }
    const auto users = lab->users();
    if (ImGui::BeginTable("users", 2, ImGuiTableFlags_SizingStretchProp)) {
        for (const auto& user : users) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(user.address.c_str());
            ImGui::TableNextColumn();
            bool enabled = !user.smtp_auth_disabled;
            ImGui::PushID(user.address.c_str());
            if (ImGui::Checkbox("SMTP AUTH", &enabled))
                lab_line(app, "smtp-auth \"" + user.address + "\" " + (enabled ? "on" : "off"));
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (!users.empty()) {
        password_user_ = std::clamp(password_user_, 0, static_cast<int>(users.size()) - 1);
        const auto& user = users[static_cast<std::size_t>(password_user_)];
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.42f);
        if (ImGui::BeginCombo("##pwuser", user.address.c_str())) {
            for (std::size_t i = 0; i < users.size(); ++i)
                if (ImGui::Selectable(users[i].address.c_str(),
                                      static_cast<int>(i) == password_user_))
                    password_user_ = static_cast<int>(i);
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
        ImGui::InputTextWithHint("##newpw", "new password", new_password_, sizeof new_password_,
                                 ImGuiInputTextFlags_Password);
        ImGui::SameLine();
        if (ImGui::Button("Set password") && new_password_[0]) {
            lab_line(app, "password " + script_quoted(user.address) + " " +
                              script_quoted(new_password_));
            std::memset(new_password_, 0, sizeof new_password_);
        }
    }

    ImGui::TextColored(dim, "Certificate");
    for (auto kind : {lab::CertificateKind::good, lab::CertificateKind::wrong_name,
                      lab::CertificateKind::expired}) {
        ImGui::SameLine();
        const std::string label(lab::to_string(kind));
        if (ImGui::RadioButton(label.c_str(), lab->certificate() == kind) &&
            lab->certificate() != kind)
            lab_line(app, "certificate " + label);
    }

    const auto now = std::chrono::steady_clock::now();
    if (ports_open_.size() != lab::all_services.size() ||
        now - ports_read_at_ > std::chrono::seconds(1)) {
        ports_open_.clear();
        for (auto service : lab::all_services)
            ports_open_.push_back(lab->port_open(service));
        ports_read_at_ = now;
    }
    ImGui::TextColored(dim, "Ports (open)");
    for (std::size_t i = 0; i < lab::all_services.size(); ++i) {
        const auto service = lab::all_services[i];
        const std::string label = std::string(lab::to_string(service)) + " " +
                                  std::to_string(lab::standard_port(service));
        bool open = ports_open_[i];
        if (i % 3 != 0)
            ImGui::SameLine();
        if (ImGui::Checkbox(label.c_str(), &open))
            lab_line(app, std::string(open ? "open-port " : "close-port ") +
                              std::string(lab::to_string(service)));
    }
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    ImGui::SliderInt("reply delay (ms)", &delay_ms_, 0, 5000);
    if (ImGui::IsItemDeactivatedAfterEdit())
        lab_line(app, "delay " + std::to_string(delay_ms_));

    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.75f);
    const bool entered =
        ImGui::InputTextWithHint("##labline", "lab line: certificate expired", lab_line_,
                                 sizeof lab_line_, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Apply") || entered) && lab_line_[0]) {
        if (lab_line(app, lab_line_).empty())
            std::memset(lab_line_, 0, sizeof lab_line_);
    }
    // The provider's DNS and publishing: the MX (mail-not-arriving), discovery (add-account-
    // manual), and a message from outside.
    const lab::LabZone zone = lab->zone();
    ImGui::TextColored(dim, "MX of %s:", zone.domain.c_str());
    for (const auto& mx : zone.mx) {
        ImGui::SameLine();
        ImGui::Text("%u %s", static_cast<unsigned>(mx.preference), mx.host.c_str());
    }
    if (const auto queued = lab->queued_messages(); queued > 0) {
        ImGui::SameLine();
        ImGui::TextColored(red, "(%zu waiting in the queue)", queued);
    }
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
    ImGui::InputTextWithHint("##mx", ("MX host, e.g. " + app.lab()->addresses().mail_host).c_str(),
                             mx_host_, sizeof mx_host_);
    ImGui::SameLine();
    if (ImGui::Button("Set MX") && mx_host_[0] &&
        lab_line(app, std::string("mx ") + mx_host_).empty())
        std::memset(mx_host_, 0, sizeof mx_host_);
    bool discoverable = lab->discoverable();
    if (ImGui::Checkbox("Discoverable (autoconfig, the usual host names)", &discoverable))
        lab_line(app, std::string("discovery ") + (discoverable ? "on" : "off"));
    if (!users.empty()) {
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
        ImGui::InputText("##subject", deliver_subject_, sizeof deliver_subject_);
        ImGui::SameLine();
        const auto& user = users[static_cast<std::size_t>(password_user_)];
        if (ImGui::Button(
                ("Deliver to " + user.address.substr(0, user.address.find('@'))).c_str()) &&
            deliver_subject_[0]) {
            lab_line(app, "deliver " + script_quoted(user.address) + " " +
                              script_quoted(deliver_subject_));
        }
    }
    if (ImGui::Button("Restore lab defaults"))
        restore_lab_defaults(*lab);
    if (!trainer_actions_.empty()) {
        ImGui::TextColored(dim, "Done by the trainer");
        const std::size_t first = trainer_actions_.size() > 6 ? trainer_actions_.size() - 6 : 0;
        for (std::size_t i = first; i < trainer_actions_.size(); ++i)
            ImGui::TextColored(dim, "  %s", trainer_actions_[i].c_str());
    }
}

void TrainerConsole::draw_diagnosis(App& app) {
    const auto& accounts = app.device().device().accounts;
    if (accounts.empty())
        ImGui::TextColored(dim, "The phone has no account yet.");
    for (const auto& account : accounts) {
        ImGui::PushID(account.email.c_str());
        ImGui::BeginDisabled(diagnosing());
        if (ImGui::Button(("Check " + account.email).c_str()))
            diagnose(app, account.email);
        ImGui::EndDisabled();
        ImGui::PopID();
    }
    if (diagnosing())
        ImGui::TextColored(dim, "Logging in to both servers with the phone's settings...");
    wrapped("The check logs in like the phone would, so the lab's log shows its logins too.", &dim);
    if (!diagnosis_)
        return;
    const auto& d = *diagnosis_;
    ImGui::Separator();
    ImGui::Text("%s at %s", d.account.c_str(), clock_time(d.when).c_str());
    check_line(d.report.incoming, "incoming");
    check_line(d.report.outgoing, "outgoing");
    for (const auto& line : d.report.diagnosis)
        wrapped("- " + line);
}

void TrainerConsole::draw_dns(App& app) {
    auto& check = app.dns_check();
    if (!dns_domain_[0] && app.lab()) {
        const std::string domain = app.lab()->addresses().domain;
        std::snprintf(dns_domain_, sizeof dns_domain_, "%s", domain.c_str());
    }
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    const bool entered = ImGui::InputText("##dnsdomain", dns_domain_, sizeof dns_domain_,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    ImGui::BeginDisabled(check.busy());
    if ((ImGui::Button("Check DNS") || entered) && dns_domain_[0]) {
        check.start(dns_domain_);
        note(std::string("DNS check of ") + dns_domain_);
    }
    ImGui::EndDisabled();
    if (app.lab())
        wrapped("From a terminal: maillab dns " + app.lab()->addresses().domain + " --resolver " +
                    app.lab()->addresses().dns_server,
                &dim);
    if (check.busy())
        ImGui::TextColored(dim, "Asking DNS about %s...", check.domain().c_str());
    if (!check.error().empty())
        wrapped(check.error(), &red);
    for (const auto& line : check.results()) {
        const bool bad = line.verdict == autoconfig::Verdict::problem;
        const bool warn = line.verdict == autoconfig::Verdict::warning;
        ImGui::TextColored(bad                                       ? red
                           : warn                                    ? note_color
                           : line.verdict == autoconfig::Verdict::ok ? green
                                                                     : dim,
                           "%s %s", std::string(verdict_mark(line.verdict)).c_str(),
                           line.title.c_str());
        ImGui::SameLine();
        wrapped(line.summary);
        ImGui::Indent();
        for (const auto& detail : line.details)
            wrapped(detail, &dim);
        ImGui::Unindent();
    }
}

void TrainerConsole::draw_log() {
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
    ImGui::InputTextWithHint("##filter", "filter (imap, LOGIN, 535...)", log_filter_,
                             sizeof log_filter_);
    ImGui::SameLine();
    ImGui::Checkbox("follow", &log_follow_);
    ImGui::SameLine();
    if (ImGui::Button("Clear"))
        log_.clear();
    ImGui::BeginChild("log", {0, 0}, true, ImGuiWindowFlags_HorizontalScrollbar);
    const std::string filter = log_filter_;
    auto text_of = [](const lab::LabLogLine& line) {
        return clock_time(line.time) + " #" + std::to_string(line.connection) + " " +
               line.protocol +
               (line.text.starts_with("[") && !line.from_client
                    ? "    "
                    : (line.from_client ? " C: " : " S: ")) +
               line.text;
    };
    auto show = [&](const lab::LabLogLine& line) {
        const std::string text = text_of(line);
        const ImVec4 color = line.from_client             ? client_color
                             : line.text.starts_with("[") ? note_color
                                                          : ImGui::GetStyle().Colors[ImGuiCol_Text];
        ImGui::TextColored(color, "%s", text.c_str());
    };
    if (filter.empty()) {
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(log_.size()));
        while (clipper.Step())
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i)
                show(log_[static_cast<std::size_t>(i)]);
    } else {
        for (const auto& line : log_)
            if (text_of(line).find(filter) != std::string::npos)
                show(line);
    }
    if (log_follow_ && ImGui::GetScrollY() < ImGui::GetScrollMaxY())
        ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
}

void TrainerConsole::draw_events(App& app) {
    (void)app;
    ImGui::BeginChild("events", {0, 0}, true);
    for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
        const auto& e = *it;
        if (e.kind == lab::EventKind::connected)
            continue;
        const bool bad =
            e.kind == lab::EventKind::login_failed || e.kind == lab::EventKind::smtp_auth_failed ||
            e.kind == lab::EventKind::relay_refused || e.kind == lab::EventKind::tls_failed ||
            e.kind == lab::EventKind::session_error;
        const std::string text =
            clock_time(e.time) + " " + e.protocol + " " + std::string(lab::to_string(e.kind)) +
            (e.user.empty() ? "" : " " + e.user) + (e.detail.empty() ? "" : ": " + e.detail);
        ImGui::PushStyleColor(ImGuiCol_Text, bad ? red : ImGui::GetStyle().Colors[ImGuiCol_Text]);
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
    ImGui::EndChild();
}

} // namespace maillab::sim
