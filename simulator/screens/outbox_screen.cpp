// The Outbox: messages that could not be sent yet, each with why. Check for Mail tries again.
#include "../app/app.hpp"
#include "mail_parts.hpp"
#include "screens.hpp"

#include <ctime>

namespace maillab::sim {
namespace {

using namespace ui;

class OutboxScreen final : public Screen {
  public:
    explicit OutboxScreen(std::string email) : email_(std::move(email)) {}

    std::string id() const override { return "outbox"; }
    ImU32 background() const override { return color::white; }
    NavBarSpec nav(const App&) const override {
        NavBarSpec s;
        s.title = "Outbox";
        s.large_title = true;
        return s;
    }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
        std::vector<MessageRow> rows;
        if (const flows::Mailbox* box = app.mail().mailbox(email_))
            for (const auto& m : box->outbox) {
                MessageRow row;
                row.id = "outbox/" + std::to_string(m.id);
                row.title = join(m.message.to);
                row.subject = m.message.subject;
                row.preview = m.last_error.empty() ? preview_text(m.message.body) : m.last_error;
                row.opens = false;
                row.preview_color = m.last_error.empty() ? color::secondary_label : color::red;
                row.date = list_date(m.queued_at, now);
                rows.push_back(std::move(row));
            }
        message_list(ui, scroll, viewport, "Outbox", rows);
        const MailStatus status = mail_status(app, {email_}, ui);
        const std::string pressed = mail_toolbar(
            ui, {{Glyph::refresh, "Check for Mail"}, {Glyph::compose, "Compose"}}, &status);
        if (pressed == "Check for Mail")
            app.mail().refresh(email_);
        else if (pressed == "Compose")
            app.nav().push(make_compose_sheet(email_));
    }

  private:
    std::string email_;
};

} // namespace

std::unique_ptr<Screen> make_outbox_screen(std::string email) {
    return std::make_unique<OutboxScreen>(std::move(email));
}

} // namespace maillab::sim
