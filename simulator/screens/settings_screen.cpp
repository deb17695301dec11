// Settings, the app's root: a large title, the Apple ID card and the familiar rows; Mail leads on.
#include "../app/app.hpp"
#include "screens.hpp"

namespace maillab::sim {
namespace {

using namespace ui;

class SettingsScreen final : public AppRootScreen {
  public:
    SettingsScreen() : AppRootScreen("Settings") {}
    std::string id() const override { return "settings"; }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        ui.list_begin(scroll, viewport);
        ui.large_title("Settings");
        ui.section();
        ui.group_begin();
        Rect r;
        auto p = ui.row_custom("John Appleseed", 80, r, true);
        (void)p;
        const float cy = r.y + 40;
        ui.draw_list()->AddCircleFilled(ui.px(r.x + 16 + 30, cy), 30 * ui.scale(),
                                        color::rgb(0xA2, 0xA6, 0xB0));
        ui.text_centered(Font::title2, r.x + 46, cy, color::white, "JA");
        ui.text_vcenter(Font::title2, r.x + 92, cy - 11, color::label, "John Appleseed");
        ui.text_vcenter(Font::footnote, r.x + 92, cy + 14, color::label,
                        "Apple ID, iCloud+, Media & Purchases");
        ui.group_end();

        static const Icon wifi{color::blue, Icon::Glyph::wifi, 0};
        static const Icon bluetooth{color::blue, Icon::Glyph::letter, 'B'};
        static const Icon cellular{color::green, Icon::Glyph::letter, 'C'};
        static const Icon notifications{color::red, Icon::Glyph::bell, 0};
        static const Icon focus{color::rgb(0x5E, 0x5C, 0xE6), Icon::Glyph::moon, 0};
        static const Icon general{color::gray, Icon::Glyph::gear, 0};
        static const Icon passwords{color::gray, Icon::Glyph::key, 0};
        static const Icon mail{color::rgb(0x1A, 0x8C, 0xFF), Icon::Glyph::envelope, 0};
        static const Icon contacts{color::gray, Icon::Glyph::person, 0};
        static const Icon calendar{color::red, Icon::Glyph::letter, '9'};
        static const Icon notes{color::rgb(0xFF, 0xCC, 0x00), Icon::Glyph::letter, 'N'};

        ui.section();
        ui.group_begin();
        ui.row("Wi-Fi", {.icon = &wifi, .value = "MailLab"});
        ui.row("Bluetooth", {.icon = &bluetooth, .value = "On"});
        ui.row("Cellular", {.icon = &cellular});
        ui.group_end();

        ui.section();
        ui.group_begin();
        ui.row("Notifications", {.icon = &notifications});
        ui.row("Focus", {.icon = &focus});
        ui.row("General", {.icon = &general});
        ui.group_end();

        static const Icon apps{color::rgb(0x5E, 0x5C, 0xE6), Icon::Glyph::letter, 'A'};
        ui.section();
        ui.group_begin();
        // Where the mail accounts live moved over the years (anchors.md §4.1).
        switch (app.ios()) {
        case flows::IosVersion::ios6:
            if (ui.row("Mail, Contacts, Calendars", {.icon = &mail}))
                app.nav().push(make_accounts_screen());
            ui.row("Notes", {.icon = &notes});
            break;
        case flows::IosVersion::ios12:
            if (ui.row("Passwords & Accounts", {.icon = &passwords}))
                app.nav().push(make_accounts_screen());
            ui.row("Mail", {.icon = &mail});
            ui.row("Contacts", {.icon = &contacts});
            ui.row("Calendar", {.icon = &calendar});
            break;
        case flows::IosVersion::ios17:
            ui.row("Passwords", {.icon = &passwords});
            if (ui.row("Mail", {.icon = &mail}))
                app.nav().push(make_mail_settings_screen());
            ui.row("Contacts", {.icon = &contacts});
            ui.row("Calendar", {.icon = &calendar});
            ui.row("Notes", {.icon = &notes});
            break;
        case flows::IosVersion::ios18:
            if (ui.row("Apps", {.icon = &apps}))
                app.nav().push(make_apps_screen());
            break;
        }
        ui.group_end();
        ui.list_end();
    }
};

} // namespace

std::unique_ptr<Screen> make_settings_screen() {
    return std::make_unique<SettingsScreen>();
}

} // namespace maillab::sim
