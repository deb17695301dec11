// iOS 18: Settings › Apps, the list of apps whose settings moved out of the Settings root.
#include "../app/app.hpp"
#include "screens.hpp"

namespace maillab::sim {
namespace {

using namespace ui;

class AppsScreen final : public Screen {
  public:
    std::string id() const override { return "apps"; }
    NavBarSpec nav(const App&) const override { return {.title = "Apps"}; }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        static const Icon calendar{color::red, Icon::Glyph::letter, '9'};
        static const Icon contacts{color::gray, Icon::Glyph::person, 0};
        static const Icon mail{color::rgb(0x1A, 0x8C, 0xFF), Icon::Glyph::envelope, 0};
        static const Icon notes{color::rgb(0xFF, 0xCC, 0x00), Icon::Glyph::letter, 'N'};
        ui.list_begin(scroll, viewport);
        ui.section();
        ui.group_begin();
        ui.row("Calendar", {.icon = &calendar});
        ui.row("Contacts", {.icon = &contacts});
        if (ui.row("Mail", {.icon = &mail}))
            app.nav().push(make_mail_settings_screen());
        ui.row("Notes", {.icon = &notes});
        ui.group_end();
        ui.list_end();
    }
};

} // namespace

std::unique_ptr<Screen> make_apps_screen() {
    return std::make_unique<AppsScreen>();
}

} // namespace maillab::sim
