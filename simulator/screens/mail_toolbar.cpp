// The Mail app's bottom toolbar and the status it shows ("Updated Just Now", "Sending 1 of 2").
#include "../app/app.hpp"
#include "mail_parts.hpp"

#include <cmath>

namespace maillab::sim {

using namespace ui;

MailStatus mail_status(const App& app, const std::vector<std::string>& emails, Ui& ui) {
    MailStatus s;
    std::size_t unread = 0, unsent = 0, sending_index = 0, sending_count = 0;
    bool fetching = false, failed = false;
    double updated = -1;
    for (const auto& email : emails) {
        const flows::Mailbox* m = app.mail().mailbox(email);
        if (!m)
            continue;
        unread += m->unread();
        unsent += m->outbox.size();
        fetching = fetching || m->fetching;
        failed = failed || (m->last_fetch && !m->last_fetch->ok());
        if (m->updated_at > updated)
            updated = m->updated_at;
        std::size_t i = 0, n = 0;
        if (app.mail().sending(email, &i, &n)) {
            sending_index = i;
            sending_count = n;
        }
    }
    if (sending_count > 0) {
        s.line =
            "Sending " + std::to_string(sending_index) + " of " + std::to_string(sending_count);
        s.spinner = true;
        return s;
    }
    if (fetching) {
        s.line = "Checking for Mail\u2026";
        s.spinner = true;
    } else if (failed) {
        s.line = "Account Error";
    } else if (updated >= 0) {
        const double age = ui.now() - updated;
        s.line = updated_text(age);
        // The words change at the next whole minute.
        ui.request_wake_in(60.0 - std::fmod(age, 60.0));
    }
    if (unsent > 0)
        s.detail = count_text(unsent, "Unsent Message", "Unsent Messages");
    else if (unread > 0)
        s.detail = count_text(unread, "Unread", "Unread");
    return s;
}

std::string mail_toolbar(Ui& ui, const std::vector<ToolbarButton>& buttons,
                         const MailStatus* status) {
    const float W = metric::screen_width, H = metric::screen_height;
    const float top = H - mail_toolbar_height;
    ui.fill({0, top, W, mail_toolbar_height}, color::toolbar);
    ui.hairline(0, W, top, color::nav_hairline);
    const float cy = top + 24.5f;
    std::string pressed;
    for (std::size_t i = 0; i < buttons.size(); ++i) {
        const float cx = buttons.size() == 1 ? W - 30
                                             : 30 + (W - 60) * static_cast<float>(i) /
                                                        static_cast<float>(buttons.size() - 1);
        auto p = ui.press({cx - 22, top, 44, 49}, buttons[i].label, "button", true,
                          "toolbar/" + buttons[i].label);
        draw_glyph(ui, buttons[i].glyph, cx, cy, 24, p.held ? color::blue_disabled : color::blue);
        if (p.clicked)
            pressed = buttons[i].label;
    }
    if (status && !status->line.empty()) {
        const float line_cy = status->detail.empty() ? cy : cy - 7;
        const Font f = Font::caption;
        const float w = ui.text_width(f, status->line);
        if (status->spinner) {
            ui.spinner(W / 2 - w / 2 - 6, line_cy, 6.5f);
            ui.text_vcenter(f, W / 2 - w / 2 + 6, line_cy, color::label, status->line);
        } else {
            ui.text_centered(f, W / 2, line_cy, color::label, status->line);
        }
        if (!status->detail.empty())
            ui.text_centered(Font::caption, W / 2, cy + 8, color::secondary_label, status->detail);
    }
    return pressed;
}

} // namespace maillab::sim
