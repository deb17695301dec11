// One message: the sender with an avatar, To, the subject large, the date and the body. Shown
// from the Inbox it becomes read (on the server with the next check for mail).
#include "../app/app.hpp"
#include "mail_parts.hpp"
#include "screens.hpp"

#include <ctime>

namespace maillab::sim {
namespace {

using namespace ui;

class MessageScreen final : public Screen {
  public:
    MessageScreen(std::string email, MailMessage message, bool in_inbox)
        : email_(std::move(email)), message_(std::move(message)), in_inbox_(in_inbox) {}

    std::string id() const override { return "message"; }
    ImU32 background() const override { return color::white; }
    NavBarSpec nav(const App&) const override { return {}; }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        if (in_inbox_ && !marked_) {
            marked_ = true;
            app.mail().mark_seen(email_, message_.uid);
        }
        const float W = metric::screen_width, pad = metric::padding;
        const Rect list{viewport.x, viewport.y, viewport.w,
                        metric::screen_height - mail_toolbar_height - viewport.y};
        ui.list_begin(scroll, list);
        float y = ui.cursor() + 12;
        draw_avatar(ui, pad + 20, y + 20, 20,
                    message_.from_name.empty() ? message_.from : message_.from_name);
        const float tx = pad + 52;
        const std::string date =
            list_date(message_.date, static_cast<std::int64_t>(std::time(nullptr)));
        const float date_w = ui.text_width(Font::callout, date);
        ui.text_vcenter(Font::callout, W - pad - date_w, y + 10, color::secondary_label, date);
        const std::string sender = message_.from_name.empty() ? message_.from : message_.from_name;
        ui.text_vcenter(Font::body_semibold, tx, y + 10, color::label,
                        ui.fit(Font::body_semibold, sender, W - pad - date_w - 8 - tx));
        std::string to = "To: " + (message_.to.empty() ? std::string("\u2014") : message_.to);
        if (!message_.cc.empty())
            to += "   Cc: " + message_.cc;
        ui.text_vcenter(Font::callout, tx, y + 32, color::secondary_label,
                        ui.fit(Font::callout, to, W - pad - tx));
        y += 56;
        ui.hairline(pad, W, y);
        y += 14;
        const std::string subject = message_.subject.empty() ? "(No Subject)" : message_.subject;
        y += ui.text_wrapped(Font::title3_semibold, pad, y, W - 2 * pad, color::label, subject);
        y += 2;
        y += ui.text_wrapped(Font::footnote, pad, y, W - 2 * pad, color::secondary_label,
                             long_date(message_.date));
        y += 16;
        y += ui.text_wrapped(Font::body, pad, y, W - 2 * pad, color::label, message_.body);
        ui.advance(y - ui.cursor());
        ui.list_end();

        std::vector<ToolbarButton> buttons;
        if (in_inbox_)
            buttons.push_back({Glyph::trash, "Trash"});
        buttons.push_back({Glyph::reply, "Reply"});
        buttons.push_back({Glyph::compose, "Compose"});
        const std::string pressed = mail_toolbar(ui, buttons);
        if (pressed == "Trash") {
            app.mail().remove(email_, message_.uid);
            app.nav().pop();
        } else if (pressed == "Reply") {
            OutgoingMessage reply;
            reply.to = {address_of(message_.from)};
            reply.subject = message_.subject.rfind("Re:", 0) == 0 ? message_.subject
                                                                  : "Re: " + message_.subject;
            app.nav().push(make_compose_sheet(email_, std::move(reply)));
        } else if (pressed == "Compose") {
            app.nav().push(make_compose_sheet(email_));
        }
    }

  private:
    std::string email_;
    MailMessage message_;
    bool in_inbox_;
    bool marked_ = false;
};

} // namespace

std::unique_ptr<Screen> make_message_screen(std::string email, MailMessage message, bool in_inbox) {
    return std::make_unique<MessageScreen>(std::move(email), std::move(message), in_inbox);
}

} // namespace maillab::sim
