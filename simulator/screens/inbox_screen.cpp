// An account's Inbox, or All Inboxes: the messages newest first, checked for new mail when the
// screen opens; the toolbar says how the last check went.
#include "../app/app.hpp"
#include "mail_parts.hpp"
#include "screens.hpp"

#include <algorithm>
#include <ctime>

namespace maillab::sim {
namespace {

using namespace ui;

class InboxScreen final : public Screen {
  public:
    explicit InboxScreen(std::string email) : email_(std::move(email)) {}

    std::string id() const override { return "inbox"; }
    ImU32 background() const override { return color::white; }
    NavBarSpec nav(const App&) const override {
        NavBarSpec s;
        s.title = title();
        s.large_title = true;
        return s;
    }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        const auto emails = shown_accounts(app);
        if (!opened_) {
            // Checked unless a check is under way or was just made (opening Mail checks too).
            opened_ = true;
            for (const auto& e : emails) {
                const flows::Mailbox* m = app.mail().mailbox(e);
                if (!m || (!m->fetching && !m->last_fetch))
                    app.mail().refresh(e);
                else if (m->last_fetch && m->last_fetch->ok() && ui.now() - m->updated_at > 60)
                    app.mail().refresh(e);
            }
        }
        struct Entry {
            const std::string* email;
            const MailMessage* message;
        };
        std::vector<Entry> entries;
        for (const auto& e : emails)
            if (const flows::Mailbox* m = app.mail().mailbox(e))
                for (const auto& message : m->inbox)
                    entries.push_back({&m->email, &message});
        if (emails.size() > 1)
            std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
                return a.message->date > b.message->date;
            });

        const Rect list{viewport.x, viewport.y, viewport.w,
                        metric::screen_height - mail_toolbar_height - viewport.y};
        ui.list_begin(scroll, list);
        ui.large_title(title());
        ui.advance(6);
        const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
        for (const Entry& e : entries) {
            const MailMessage& m = *e.message;
            MessageRow row;
            row.id = "message/" + m.uid;
            row.title = m.from_name.empty() ? m.from : m.from_name;
            row.subject = m.subject;
            row.preview = preview_text(m.body);
            row.date = list_date(m.date, now);
            row.unread = !m.seen;
            if (message_row(ui, row, list)) {
                app.nav().push(make_message_screen(*e.email, m, true));
                break; // the list may change under us
            }
        }
        const bool fetching = std::any_of(emails.begin(), emails.end(), [&](const std::string& e) {
            const flows::Mailbox* m = app.mail().mailbox(e);
            return m && m->fetching;
        });
        if (entries.empty() && !fetching)
            ui.text_centered(Font::title3_semibold, metric::screen_width / 2,
                             list.y + list.h / 2 - 40, color::label, "No Mail");
        ui.list_end();

        const MailStatus status = mail_status(app, emails, ui);
        const std::string pressed = mail_toolbar(
            ui, {{Glyph::refresh, "Check for Mail"}, {Glyph::compose, "Compose"}}, &status);
        if (pressed == "Check for Mail")
            for (const auto& e : emails)
                app.mail().refresh(e);
        else if (pressed == "Compose" && !emails.empty())
            app.nav().push(make_compose_sheet(emails.front()));
    }

  private:
    std::string title() const { return email_.empty() ? "All Inboxes" : "Inbox"; }

    std::vector<std::string> shown_accounts(const App& app) const {
        std::vector<std::string> out;
        for (const auto& a : app.device().device().accounts)
            if (email_.empty() || a.email == email_)
                out.push_back(a.email);
        return out;
    }

    std::string email_;
    bool opened_ = false;
};

} // namespace

std::unique_ptr<Screen> make_inbox_screen(std::string email) {
    return std::make_unique<InboxScreen>(std::move(email));
}

} // namespace maillab::sim
