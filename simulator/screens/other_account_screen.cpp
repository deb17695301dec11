// Add Account › Other: MAIL (Add Mail Account), CONTACTS, CALENDARS.
#include "../app/app.hpp"
#include "screens.hpp"

namespace maillab::sim {
namespace {

using namespace ui;

class OtherAccountScreen final : public Screen {
  public:
    std::string id() const override { return "other"; }
    NavBarSpec nav(const App&) const override { return {.title = "Add Account"}; }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        ui.list_begin(scroll, viewport);
        ui.section("MAIL");
        ui.group_begin();
        if (ui.row("Add Mail Account")) {
            app.add_account().start();
            app.nav().push(make_new_account_sheet());
        }
        ui.group_end();
        ui.section("CONTACTS");
        ui.group_begin();
        ui.row("Add LDAP Account");
        ui.row("Add CardDAV Account");
        ui.group_end();
        ui.section("CALENDARS");
        ui.group_begin();
        ui.row("Add CalDAV Account");
        ui.row("Add Subscribed Calendar");
        ui.group_end();
        ui.list_end();
    }
};

} // namespace

std::unique_ptr<Screen> make_other_account_screen() { return std::make_unique<OtherAccountScreen>(); }

} // namespace maillab::sim
