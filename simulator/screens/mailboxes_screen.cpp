// The Mail app's first screen: All Inboxes, then per account its Inbox (unread count), Sent and,
// while it holds messages, the Outbox.
#include "../app/app.hpp"
#include "mail_parts.hpp"
#include "screens.hpp"

namespace maillab::sim {
namespace {

using namespace ui;

bool mailbox_row(Ui& ui, Glyph glyph, std::string_view label, std::size_t count) {
    Rect r;
    auto p = ui.row_custom(label, metric::row, r, true, metric::padding + 40);
    const float cy = r.y + r.h / 2;
    draw_glyph(ui, glyph, r.x + metric::padding + 12, cy, 25, color::blue);
    ui.text_vcenter(Font::body, r.x + metric::padding + 40, cy, color::label, label);
    if (count > 0) {
        const std::string n = std::to_string(count);
        ui.text_vcenter(Font::body, r.right() - metric::padding - 17 - ui.text_width(Font::body, n),
                        cy, color::secondary_label, n);
    }
    return p.clicked;
}

std::vector<std::string> account_emails(const App& app) {
    std::vector<std::string> out;
    for (const auto& a : app.device().device().accounts)
        out.push_back(a.email);
    return out;
}

class MailboxesScreen final : public AppRootScreen {
  public:
    MailboxesScreen() : AppRootScreen("Mailboxes") {}
    std::string id() const override { return "mailboxes"; }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        const auto& accounts = app.device().device().accounts;
        const Rect list{viewport.x, viewport.y, viewport.w,
                        metric::screen_height - mail_toolbar_height - viewport.y};
        ui.list_begin(scroll, list);
        ui.large_title("Mailboxes");
        if (accounts.empty()) {
            ui.section();
            ui.footer("No mail accounts. Add one in Settings \u203A Mail \u203A Accounts.");
        } else {
            if (accounts.size() > 1) {
                ui.section();
                ui.group_begin();
                if (mailbox_row(ui, Glyph::all_inboxes, "All Inboxes", app.mail().unread_total()))
                    app.nav().push(make_inbox_screen({}));
                ui.group_end();
            }
            for (const auto& account : accounts) {
                const flows::Mailbox* box = app.mail().mailbox(account.email);
                ui.section_title(account.description.empty() ? account.email : account.description);
                ui.group_begin();
                if (mailbox_row(ui, Glyph::inbox, "Inbox", box ? box->unread() : 0))
                    app.nav().push(make_inbox_screen(account.email));
                if (mailbox_row(ui, Glyph::sent, "Sent", 0))
                    app.nav().push(make_sent_screen(account.email));
                if (box && !box->outbox.empty() &&
                    mailbox_row(ui, Glyph::outbox, "Outbox", box->outbox.size()))
                    app.nav().push(make_outbox_screen(account.email));
                ui.group_end();
            }
        }
        ui.list_end();
        const auto emails = account_emails(app);
        const MailStatus status = mail_status(app, emails, ui);
        const std::string pressed = mail_toolbar(
            ui, {{Glyph::refresh, "Check for Mail"}, {Glyph::compose, "Compose"}}, &status);
        if (pressed == "Check for Mail")
            app.mail().refresh_all();
        else if (pressed == "Compose" && !accounts.empty())
            app.nav().push(make_compose_sheet(accounts.front().email));
    }
};

} // namespace

std::unique_ptr<Screen> make_mailboxes_screen() {
    return std::make_unique<MailboxesScreen>();
}

void open_mail(App& app) {
    const auto& accounts = app.device().device().accounts;
    std::vector<std::unique_ptr<Screen>> screens;
    screens.push_back(make_mailboxes_screen());
    if (accounts.size() == 1)
        screens.push_back(make_inbox_screen(accounts.front().email));
    else if (accounts.size() > 1)
        screens.push_back(make_inbox_screen({}));
    app.mail().refresh_all();
    app.nav().open_app(std::move(screens));
}

} // namespace maillab::sim
