// "New Message": To, Cc/Bcc and From (folded into one row until tapped), Subject and the body.
// Send puts the message in the account's Outbox and the Mail app sends it; Cancel on a message
// with something in it asks first (Delete Draft).
#include "../app/app.hpp"
#include "mail_parts.hpp"
#include "screens.hpp"

namespace maillab::sim {
namespace {

using namespace ui;

class ComposeSheet final : public Screen {
  public:
    ComposeSheet(std::string from, OutgoingMessage draft)
        : from_(std::move(from)), to_(join(draft.to)), cc_(join(draft.cc)), bcc_(join(draft.bcc)),
          subject_(draft.subject), body_(draft.body) {
        expanded_ = !cc_.empty() || !bcc_.empty();
    }

    std::string id() const override { return "compose"; }
    Presentation presentation() const override { return Presentation::sheet; }
    ImU32 background() const override { return color::white; }

    NavBarSpec nav(const App&) const override {
        NavBarSpec s;
        s.title = subject_.empty() ? "New Message" : subject_;
        s.left = {"Cancel"};
        s.right = {"Send", true, has_recipient(), NavButton::Look::send};
        return s;
    }

    void on_nav_button(App& app, bool right) override {
        app.ui().clear_focus();
        if (right) {
            send(app);
            return;
        }
        if (empty()) {
            app.nav().pop();
            return;
        }
        app.action_sheet({{},
                          {},
                          {"Delete Draft", "Cancel"},
                          {{false, true}, {true, false}},
                          [](App& a, const std::string& button) {
                              if (button == "Delete Draft")
                                  a.nav().pop();
                          }});
    }

    bool on_escape(App& app) override {
        on_nav_button(app, false);
        return true;
    }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        if (!focused_once_) {
            focused_once_ = true;
            ui.focus(to_.empty() ? "To" : "Body");
        }
        const auto& accounts = app.device().device().accounts;
        ui.list_begin(scroll, viewport);
        ui.line_field("To", to_);
        if (expanded_) {
            ui.line_field("Cc", cc_);
            ui.line_field("Bcc", bcc_);
            from_row(ui, accounts);
        } else {
            const Rect r{0, ui.cursor(), metric::screen_width, metric::row};
            auto p = ui.press(r, "Cc/Bcc, From", "field", true, "Cc/Bcc, From");
            const float cy = r.y + r.h / 2;
            const std::string label = "Cc/Bcc, From:";
            ui.text_vcenter(Font::body, metric::padding, cy, color::secondary_label, label);
            const float x = metric::padding + ui.text_width(Font::body, label) + 6;
            ui.text_vcenter(Font::body, x, cy, color::label,
                            ui.fit(Font::body, from_, metric::screen_width - metric::padding - x));
            ui.hairline(metric::padding, metric::screen_width, r.bottom() - metric::hairline);
            ui.advance(metric::row);
            if (p.clicked) {
                expanded_ = true;
                ui.focus("Cc");
            }
        }
        ui.line_field("Subject", subject_);
        ui.text_area("Body", body_, std::max(200.0f, viewport.bottom() - ui.cursor() - 34));
        ui.list_end();
    }

  private:
    void from_row(Ui& ui, const std::vector<Account>& accounts) {
        const Rect r{0, ui.cursor(), metric::screen_width, metric::row};
        auto p = ui.press(r, "From", "field", accounts.size() > 1, "From");
        const float cy = r.y + r.h / 2;
        ui.text_vcenter(Font::body, metric::padding, cy, color::secondary_label, "From:");
        const float x = metric::padding + ui.text_width(Font::body, "From:") + 6;
        ui.text_vcenter(Font::body, x, cy, color::label, from_);
        ui.hairline(metric::padding, metric::screen_width, r.bottom() - metric::hairline);
        ui.advance(metric::row);
        if (p.clicked && !accounts.empty()) {
            // The next account on the phone sends it (the phone shows a picker).
            std::size_t i = 0;
            while (i < accounts.size() && accounts[i].email != from_)
                ++i;
            from_ = accounts[(i + 1) % accounts.size()].email;
        }
    }

    bool has_recipient() const {
        return !split_addresses(to_).empty() || !split_addresses(cc_).empty() ||
               !split_addresses(bcc_).empty();
    }

    bool empty() const {
        return to_.empty() && cc_.empty() && bcc_.empty() && subject_.empty() && body_.empty();
    }

    void send(App& app) {
        if (!has_recipient())
            return;
        OutgoingMessage m;
        for (const auto& a : app.device().device().accounts)
            if (a.email == from_)
                m.from_name = a.name;
        m.from_address = from_;
        m.to = split_addresses(to_);
        m.cc = split_addresses(cc_);
        m.bcc = split_addresses(bcc_);
        m.subject = subject_;
        m.body = body_;
        if (!app.mail().queue(std::move(m))) {
            app.alert({"Cannot Send Mail",
                       "There is no account on this iPhone for \u201c" + from_ + "\u201d.",
                       {"OK"},
                       {{true, false}},
                       {}});
            return;
        }
        app.nav().pop();
    }

    std::string from_, to_, cc_, bcc_, subject_, body_;
    bool expanded_ = false;
    bool focused_once_ = false;
};

} // namespace

std::unique_ptr<Screen> make_compose_sheet(std::string from_email, OutgoingMessage draft) {
    return std::make_unique<ComposeSheet>(std::move(from_email), std::move(draft));
}

} // namespace maillab::sim
