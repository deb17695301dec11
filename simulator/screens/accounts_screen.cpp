// The phone's accounts and "Add Account": Settings › Mail › Accounts, or where the chosen iOS
// keeps them (Mail, Contacts, Calendars; Passwords & Accounts; Apps › Mail › Mail Accounts).
#include "../app/app.hpp"
#include "screens.hpp"

namespace maillab::sim {
namespace {

using namespace ui;

class AccountsScreen final : public Screen {
  public:
    std::string id() const override { return "accounts"; }
    NavBarSpec nav(const App& app) const override {
        return {.title = std::string(flows::accounts_screen_title(app.ios()))};
    }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        ui.list_begin(scroll, viewport);
        ui.section("ACCOUNTS");
        ui.group_begin();
        const auto& accounts = app.device().device().accounts;
        for (std::size_t i = 0; i < accounts.size(); ++i) {
            const auto& a = accounts[i];
            const std::string title = a.description.empty() ? a.email : a.description;
            if (ui.row_subtitle(title, "Mail", "account/" + a.email))
                app.nav().push(make_account_screen(i));
        }
        if (ui.row("Add Account"))
            app.nav().push(make_add_account_screen());
        ui.group_end();

        ui.section();
        ui.group_begin();
        ui.row("Fetch New Data", {.value = "Push"});
        ui.group_end();
        ui.list_end();
    }
};

} // namespace

std::unique_ptr<Screen> make_accounts_screen() {
    return std::make_unique<AccountsScreen>();
}

} // namespace maillab::sim
