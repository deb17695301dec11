// Settings › Mail: ACCOUNTS, MESSAGE LIST, MESSAGES.
#include "../app/app.hpp"
#include "screens.hpp"

namespace maillab::sim {
namespace {

using namespace ui;

class MailSettingsScreen final : public Screen {
  public:
    std::string id() const override { return "mail"; }
    NavBarSpec nav(const App&) const override { return {.title = "Mail"}; }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        ui.list_begin(scroll, viewport);
        ui.section("ACCOUNTS");
        ui.group_begin();
        const std::string count = std::to_string(app.device().device().accounts.size());
        const bool ios18 = app.ios() == flows::IosVersion::ios18;
        if (ui.row(ios18 ? "Mail Accounts" : "Accounts", {.value = count}))
            app.nav().push(make_accounts_screen());
        ui.row("Fetch New Data", {.value = "Push"});
        ui.group_end();

        ui.section("MESSAGE LIST");
        ui.group_begin();
        ui.row("Preview", {.value = "2 Lines"});
        ui.row_switch("Show To/Cc Labels", show_to_cc_);
        ui.row("Swipe Options");
        ui.group_end();

        ui.section("MESSAGES");
        ui.group_begin();
        ui.row_switch("Ask Before Deleting", ask_before_deleting_);
        ui.row("Privacy Protection");
        ui.group_end();
        ui.list_end();
    }

  private:
    bool show_to_cc_ = false;
    bool ask_before_deleting_ = true;
};

} // namespace

std::unique_ptr<Screen> make_mail_settings_screen() {
    return std::make_unique<MailSettingsScreen>();
}

} // namespace maillab::sim
