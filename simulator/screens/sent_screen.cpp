// Sent: what left this phone, newest first; a message opens read-only.
#include "../app/app.hpp"
#include "mail_parts.hpp"
#include "screens.hpp"

#include <ctime>

namespace maillab::sim {
namespace {

using namespace ui;

MailMessage as_shown(const flows::SentMessage& sent) {
    MailMessage m;
    m.from_name =
        sent.message.from_name.empty() ? sent.message.from_address : sent.message.from_name;
    m.from = m.from_name + " <" + sent.message.from_address + ">";
    m.to = join(sent.message.to);
    m.cc = join(sent.message.cc);
    m.subject = sent.message.subject;
    m.body = sent.message.body;
    m.date = sent.sent_at;
    m.seen = true;
    return m;
}

class SentScreen final : public Screen {
  public:
    explicit SentScreen(std::string email) : email_(std::move(email)) {}

    std::string id() const override { return "sent"; }
    ImU32 background() const override { return color::white; }
    NavBarSpec nav(const App&) const override {
        NavBarSpec s;
        s.title = "Sent";
        s.large_title = true;
        return s;
    }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
        const flows::Mailbox* box = app.mail().mailbox(email_);
        std::vector<MessageRow> rows;
        if (box)
            for (std::size_t i = 0; i < box->sent.size(); ++i) {
                const auto& s = box->sent[i];
                MessageRow row;
                row.id = "sent/" + std::to_string(box->sent.size() - i);
                row.title = join(s.message.to);
                row.subject = s.message.subject;
                row.preview = preview_text(s.message.body);
                row.date = list_date(s.sent_at, now);
                rows.push_back(std::move(row));
            }
        if (const auto tapped = message_list(ui, scroll, viewport, "Sent", rows); tapped && box)
            app.nav().push(make_message_screen(email_, as_shown(box->sent[*tapped]), false));
        const std::string pressed = mail_toolbar(ui, {{Glyph::compose, "Compose"}});
        if (pressed == "Compose")
            app.nav().push(make_compose_sheet(email_));
    }

  private:
    std::string email_;
};

} // namespace

std::unique_ptr<Screen> make_sent_screen(std::string email) {
    return std::make_unique<SentScreen>(std::move(email));
}

} // namespace maillab::sim
