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
        const Rect list{viewport.x, viewport.y, viewport.w,
                        metric::screen_height - mail_toolbar_height - viewport.y};
        ui.list_begin(scroll, list);
        ui.large_title("Outbox");
        ui.advance(6);
        const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
        const flows::Mailbox* box = app.mail().mailbox(email_);
        if (box)
            for (const auto& m : box->outbox) {
                MessageRow row;
                row.id = "outbox/" + std::to_string(m.id);
                row.title = join(m.message.to);
                row.subject = m.message.subject;
                row.preview = m.last_error.empty() ? preview_text(m.message.body) : m.last_error;
                row.opens = false;
                row.preview_color = m.last_error.empty() ? color::secondary_label : color::red;
                row.date = list_date(m.queued_at, now);
                message_row(ui, row, list);
            }
        if (!box || box->outbox.empty())
            ui.text_centered(Font::title3_semibold, metric::screen_width / 2,
                             list.y + list.h / 2 - 40, color::label, "No Mail");
        ui.list_end();
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
