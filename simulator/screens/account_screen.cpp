// An account: ACCOUNT INFORMATION, INCOMING MAIL SERVER, OUTGOING MAIL SERVER › SMTP, Advanced,
// Delete Account. Edits are a draft until Done, which verifies a changed incoming server first.
#include "../app/app.hpp"
#include "screens.hpp"

namespace maillab::sim {
namespace {

using namespace ui;

class AccountScreen final : public Screen {
  public:
    explicit AccountScreen(std::size_t index) : index_(index) {}

    std::string id() const override { return "account"; }

    NavBarSpec nav(const App& app) const override {
        NavBarSpec s;
        s.title = title(app);
        s.busy = verifying_;
        s.right = {"Done", true, !verifying_};
        return s;
    }

    void on_nav_button(App& app, bool right) override {
        if (!right || verifying_ || !valid(app))
            return;
        const Account& stored = app.device().device().accounts[index_];
        app.ui().clear_focus();
        if (draft_->incoming == stored.incoming) {
            commit(app);
            return;
        }
        verifying_ = true;
        app.server_check().check_incoming(draft_->incoming, app.device().trust());
    }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        if (!valid(app)) {
            ui.list_begin(scroll, viewport);
            ui.list_end();
            return;
        }
        if (!draft_)
            draft_ = app.device().device().accounts[index_];
        finish_save_check(app, verifying_, true, [this](App& a) { commit(a); });
        if (ui.take_return())
            on_nav_button(app, true);
        Account& a = *draft_;
        const bool enabled = !verifying_;
        ui.list_begin(scroll, viewport);
        const bool pop = a.incoming.protocol == IncomingProtocol::pop3;
        ui.section(pop ? "POP ACCOUNT INFORMATION" : "IMAP ACCOUNT INFORMATION");
        ui.group_begin();
        ui.row_field("Name", a.name, {.placeholder = "John Appleseed", .enabled = enabled});
        ui.row_field("Email", a.email, {.placeholder = "email@example.com", .enabled = enabled});
        ui.row_field("Description", a.description, {.placeholder = "Optional", .enabled = enabled});
        ui.group_end();

        ui.section("INCOMING MAIL SERVER");
        ui.group_begin();
        ui.row_field("Host Name", a.incoming.server.host,
                     {.placeholder = "mail.example.com", .enabled = enabled});
        ui.row_field("User Name", a.incoming.server.username,
                     {.placeholder = "Required", .enabled = enabled});
        std::string password = a.incoming.server.password;
        if (ui.row_field("Password", password,
                         {.placeholder = "Required", .secure = true, .enabled = enabled}))
            a.set_incoming_password(password);
        ui.group_end();

        ui.section("OUTGOING MAIL SERVER");
        ui.group_begin();
        const auto& smtp = a.primary_smtp;
        if (ui.row("SMTP", {.value = smtp.server.host.empty() ? "Not Configured" : smtp.server.host,
                            .enabled = enabled}))
            app.nav().push(make_smtp_screen(index_));
        ui.group_end();

        ui.section();
        ui.group_begin();
        if (ui.row("Advanced", {.enabled = enabled}))
            app.nav().push(make_advanced_screen(&*draft_));
        ui.group_end();

        ui.section();
        ui.group_begin();
        if (ui.row("Delete Account",
                   {.chevron = false, .enabled = enabled, .label_color = color::red}))
            confirm_delete(app);
        ui.group_end();
        ui.list_end();
    }

  private:
    bool valid(const App& app) const { return index_ < app.device().device().accounts.size(); }

    std::string title(const App& app) const {
        if (!valid(app))
            return "Account";
        const Account& a = draft_ ? *draft_ : app.device().device().accounts[index_];
        return a.description.empty() ? a.email : a.description;
    }

    void commit(App& app) {
        if (!valid(app) || !draft_)
            return;
        Account& stored = app.device().device().accounts[index_];
        // SMTP servers are edited (and saved) on their own screens: keep what is stored.
        Account updated = *draft_;
        updated.primary_smtp = stored.primary_smtp;
        updated.other_smtp = stored.other_smtp;
        if (updated.outgoing_password_same_as_incoming)
            updated.primary_smtp.server.password = updated.incoming.server.password;
        stored = updated;
        app.save_device();
        app.nav().pop();
    }

    void confirm_delete(App& app) {
        const std::size_t index = index_;
        app.alert({"Delete Account",
                   "Deleting this account will remove all of its mail from your iPhone.",
                   {"Cancel", "Delete"},
                   {{false, false}, {true, true}},
                   [index](App& a, const std::string& button) {
                       auto& accounts = a.device().device().accounts;
                       if (button != "Delete" || index >= accounts.size())
                           return;
                       accounts.erase(accounts.begin() + static_cast<std::ptrdiff_t>(index));
                       a.save_device();
                       a.nav().pop();
                   }});
    }

    std::size_t index_;
    std::optional<Account> draft_;
    bool verifying_ = false;
};

} // namespace

std::unique_ptr<Screen> make_account_screen(std::size_t account) {
    return std::make_unique<AccountScreen>(account);
}

} // namespace maillab::sim
