// The "New Account" sheet of Add Mail Account: Name, Email, Password, Description → Next →
// Verifying… → (when nothing works) IMAP | POP with the incoming and outgoing servers → Next →
// Verifying… → alerts → the account's IMAP/POP page → Save. The engine's SetupFlow decides every
// step; this screen shows its state and passes on what the user types and taps.
#include "../app/app.hpp"
#include "screens.hpp"

namespace maillab::sim {
namespace {

using namespace ui;
using State = setup::Screen;

class NewAccountSheet final : public Screen {
  public:
    std::string id() const override { return id_; }
    Presentation presentation() const override { return Presentation::sheet; }

    NavBarSpec nav(const App& app) const override {
        const auto& flow = app.add_account();
        const auto state = flow.machine().screen();
        NavBarSpec s;
        s.left = {"Cancel", false, true};
        if (state == State::saved) {
            s.title = flow.machine().account().incoming.protocol == IncomingProtocol::pop3 ? "POP"
                                                                                           : "IMAP";
            s.right = {"Save", true, true};
            return s;
        }
        s.title = "New Account";
        s.busy = busy(app);
        const bool ready =
            manual_ ? !manual_form_.incoming_host.empty() && !manual_form_.outgoing_host.empty()
                    : !form_.email.empty() && !form_.password.empty();
        s.right = {"Next", true, ready && !s.busy};
        return s;
    }

    void on_nav_button(App& app, bool right) override {
        auto& flow = app.add_account();
        if (!right) {
            flow.cancel();
            app.ui().clear_focus();
            app.nav().pop();
            return;
        }
        const auto state = flow.machine().screen();
        if (state == State::saved) {
            if (flow.machine().saved()) {
                app.device().device().accounts.push_back(*flow.machine().saved());
                app.device().add_trust(flow.machine().trust_exceptions());
                app.save_device();
            }
            app.ui().clear_focus();
            if (app.nav().find("accounts"))
                app.nav().pop_to("accounts");
            else
                app.nav().pop();
            return;
        }
        if (busy(app) || !nav(app).right.enabled)
            return;
        app.ui().clear_focus();
        if (manual_)
            flow.submit_manual(manual_form_);
        else
            flow.submit(form_);
    }

    bool on_escape(App& app) override {
        on_nav_button(app, false);
        return true;
    }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        const auto& machine = app.add_account().machine();
        // Entering the server sheet: take the machine's prefilled fields.
        if (machine.screen() == State::manual_servers && last_state_ != State::manual_servers) {
            manual_ = true;
            manual_form_ = machine.manual_form();
            protocol_ = manual_form_.protocol == IncomingProtocol::pop3 ? 1 : 0;
            if (ui.focused().empty())
                ui.focus("INCOMING MAIL SERVER/Host Name");
        }
        last_state_ = machine.screen();
        id_ = machine.screen() == State::saved ? "save-account"
              : manual_                        ? "manual-servers"
                                               : "new-account";
        if (first_frame_) {
            ui.focus("Name");
            first_frame_ = false;
        }
        if (ui.take_return() && nav(app).right.enabled)
            on_nav_button(app, true);

        ui.list_begin(scroll, viewport);
        if (machine.screen() == State::saved) {
            ui.section();
            ui.group_begin();
            ui.row_switch("Mail", mail_);
            ui.row_switch("Notes", notes_);
            ui.group_end();
            ui.list_end();
            return;
        }
        const bool enabled = !busy(app);
        if (manual_) {
            ui.section();
            if (ui.segmented("protocol", {"IMAP", "POP"}, protocol_, enabled))
                manual_form_.protocol =
                    protocol_ == 1 ? IncomingProtocol::pop3 : IncomingProtocol::imap;
        }
        ui.section();
        ui.group_begin();
        ui.row_field("Name", form_.name,
                     {.placeholder = "John Appleseed", .enabled = enabled && !manual_});
        ui.row_field("Email", form_.email,
                     {.placeholder = "email@example.com", .enabled = enabled && !manual_});
        if (!manual_)
            ui.row_field("Password", form_.password,
                         {.placeholder = "Required", .secure = true, .enabled = enabled});
        ui.row_field("Description", form_.description,
                     {.placeholder = form_.email.empty() ? std::string_view("My Email Account")
                                                         : std::string_view(form_.email),
                      .enabled = enabled && !manual_});
        ui.group_end();
        if (manual_) {
            ui.section("INCOMING MAIL SERVER");
            ui.group_begin();
            ui.row_field("Host Name", manual_form_.incoming_host,
                         {.placeholder = "mail.example.com", .enabled = enabled});
            ui.row_field("User Name", manual_form_.incoming_username,
                         {.placeholder = "Required", .enabled = enabled});
            ui.row_field("Password", manual_form_.incoming_password,
                         {.placeholder = "Required", .secure = true, .enabled = enabled});
            ui.group_end();
            ui.section("OUTGOING MAIL SERVER");
            ui.group_begin();
            ui.row_field("Host Name", manual_form_.outgoing_host,
                         {.placeholder = "smtp.example.com", .enabled = enabled});
            ui.row_field("User Name", manual_form_.outgoing_username,
                         {.placeholder = "Optional", .enabled = enabled});
            ui.row_field("Password", manual_form_.outgoing_password,
                         {.placeholder = "Optional", .secure = true, .enabled = enabled});
            ui.group_end();
        }
        if (!machine.form_error().empty())
            ui.footer(machine.form_error(), color::red);
        ui.list_end();
    }

  private:
    static bool busy(const App& app) {
        return app.add_account().busy() || app.add_account().machine().screen() == State::verifying;
    }

    std::string id_ = "new-account";
    setup::NewAccountForm form_;
    setup::ManualForm manual_form_;
    bool manual_ = false;
    int protocol_ = 0;
    State last_state_ = State::new_account;
    bool first_frame_ = true;
    bool mail_ = true;
    bool notes_ = false;
};

} // namespace

std::unique_ptr<Screen> make_new_account_sheet() {
    return std::make_unique<NewAccountSheet>();
}

} // namespace maillab::sim
