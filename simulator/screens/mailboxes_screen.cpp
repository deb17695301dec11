// The Mail app's first screen: the mailboxes of every account on the phone.
#include "../app/app.hpp"
#include "screens.hpp"

namespace maillab::sim {
namespace {

using namespace ui;

class MailboxesScreen final : public AppRootScreen {
  public:
    MailboxesScreen() : AppRootScreen("Mailboxes") {}
    std::string id() const override { return "mailboxes"; }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        ui.list_begin(scroll, viewport);
        ui.large_title("Mailboxes");
        const auto& accounts = app.device().device().accounts;
        if (accounts.empty()) {
            ui.section();
            ui.footer("No mail accounts. Add one in Settings \u203A Mail \u203A Accounts.");
        } else {
            ui.section();
            ui.group_begin();
            ui.row("All Inboxes");
            ui.group_end();
            for (const auto& account : accounts) {
                ui.section(account.description.empty() ? account.email : account.description);
                ui.group_begin();
                ui.row("Inbox");
                ui.row("Sent");
                ui.row("Outbox");
                ui.group_end();
            }
        }
        ui.list_end();
    }
};

} // namespace

std::unique_ptr<Screen> make_mailboxes_screen() {
    return std::make_unique<MailboxesScreen>();
}

} // namespace maillab::sim
