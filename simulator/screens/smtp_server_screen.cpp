// An SMTP server of an account (the Primary Server, another one, or one being added): Server
// On/Off, Host Name, User Name, Password, Use SSL, Authentication, Server Port. Done verifies the
// server with a real login before the change is kept — here the "changed password, can receive
// but not send" fix is made.
#include "../app/app.hpp"
#include "screens.hpp"

namespace maillab::sim {
namespace {

using namespace ui;

class SmtpServerScreen final : public Screen {
  public:
    SmtpServerScreen(std::size_t account, int other) : account_(account), other_(other) {}

    std::string id() const override { return other_ == -1 ? "primary-server" : "smtp-server"; }

    NavBarSpec nav(const App&) const override {
        NavBarSpec s;
        s.title = draft_ && !draft_->server.host.empty() ? draft_->server.host
                  : other_ == new_smtp_server            ? "Add Server"
                                                         : "SMTP";
        s.left = {"Cancel", false, !verifying_};
        s.right = {"Done", true, !verifying_};
        s.busy = verifying_;
        return s;
    }

    void on_nav_button(App& app, bool right) override {
        app.ui().clear_focus();
        if (!right) {
            if (verifying_)
                app.server_check().cancel();
            app.nav().pop();
            return;
        }
        if (verifying_ || !draft_ || !valid(app))
            return;
        if (!draft_->enabled || *draft_ == stored(app)) {
            commit(app);
            return;
        }
        if (draft_->server.host.empty()) {
            app.alert(
                {"Cannot Save", "Enter the Host Name of the server.", {"OK"}, {{true, false}}, {}});
            return;
        }
        verifying_ = true;
        app.server_check().check_smtp(
            draft_->server, app.device().device().accounts[account_].email, app.device().trust());
    }

    bool on_escape(App& app) override {
        on_nav_button(app, false);
        return true;
    }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        if (!valid(app)) {
            ui.list_begin(scroll, viewport);
            ui.list_end();
            return;
        }
        if (!draft_) {
            draft_ = stored(app);
            port_text_ = draft_->server.port ? std::to_string(draft_->server.port) : "";
        }
        finish_save_check(app, verifying_, false, [this](App& a) { commit(a); });
        if (ui.take_return())
            on_nav_button(app, true);
        SmtpServer& d = *draft_;
        const bool enabled = !verifying_;
        ui.list_begin(scroll, viewport);
        ui.section();
        ui.group_begin();
        ui.row_switch("Server", d.enabled, enabled);
        ui.group_end();

        ui.section("OUTGOING MAIL SERVER");
        ui.group_begin();
        ui.row_field("Host Name", d.server.host,
                     {.placeholder = "smtp.example.com", .enabled = enabled});
        ui.row_field("User Name", d.server.username,
                     {.placeholder = "Optional", .enabled = enabled});
        ui.row_field("Password", d.server.password,
                     {.placeholder = "Optional", .secure = true, .enabled = enabled});
        ui.group_end();

        ui.section();
        ui.group_begin();
        bool ssl = d.server.security == Security::tls;
        if (ui.row_switch("Use SSL", ssl, enabled)) {
            d.server.security = ssl ? Security::tls : Security::starttls;
            if (ssl && (d.server.port == 587 || d.server.port == 25 || d.server.port == 0))
                d.server.port = 465;
            else if (!ssl && (d.server.port == 465 || d.server.port == 0))
                d.server.port = 587;
            port_text_ = std::to_string(d.server.port);
        }
        if (ui.row("Authentication", {.value = iphone_label(d.server.auth), .enabled = enabled}))
            app.nav().push(make_authentication_screen(&d.server.auth, true));
        if (ui.row_field("Server Port", port_text_,
                         {.placeholder = "587", .numeric = true, .enabled = enabled})) {
            const long port =
                port_text_.empty() || port_text_.size() > 5 ? 0 : std::stol(port_text_);
            d.server.port = static_cast<std::uint16_t>(port > 0 && port < 65536 ? port : 0);
        }
        ui.group_end();
        ui.list_end();
    }

  private:
    bool valid(const App& app) const {
        const auto& accounts = app.device().device().accounts;
        if (account_ >= accounts.size())
            return false;
        return other_ < 0 ||
               static_cast<std::size_t>(other_) < accounts[account_].other_smtp.size();
    }

    SmtpServer stored(const App& app) const {
        const Account& a = app.device().device().accounts[account_];
        if (other_ == -1)
            return a.primary_smtp;
        if (other_ == new_smtp_server) {
            SmtpServer s;
            s.server.security = Security::starttls;
            s.server.port = 587;
            return s;
        }
        return a.other_smtp[static_cast<std::size_t>(other_)];
    }

    void commit(App& app) {
        if (!valid(app) || !draft_)
            return;
        Account& a = app.device().device().accounts[account_];
        if (other_ == -1)
            a.primary_smtp = *draft_;
        else if (other_ == new_smtp_server)
            a.other_smtp.push_back(*draft_);
        else
            a.other_smtp[static_cast<std::size_t>(other_)] = *draft_;
        app.save_device();
        app.nav().pop();
    }

    std::size_t account_;
    int other_;
    std::optional<SmtpServer> draft_;
    std::string port_text_;
    bool verifying_ = false;
};

} // namespace

std::unique_ptr<Screen> make_smtp_server_screen(std::size_t account, int other) {
    return std::make_unique<SmtpServerScreen>(account, other);
}

} // namespace maillab::sim
