// The home screen: a wallpaper, the Mail (with its unread badge) and Settings icons, the search
// pill.
#include "../app/app.hpp"
#include "../ui/glyphs.hpp"
#include "screens.hpp"

namespace maillab::sim {
namespace {

using namespace ui;

class HomeScreen final : public Screen {
  public:
    std::string id() const override { return "home"; }
    NavBarSpec nav(const App&) const override {
        NavBarSpec s;
        s.hidden = true;
        return s;
    }
    bool light_status_bar() const override { return true; }
    ImU32 background() const override { return color::rgb(0x20, 0x2A, 0x5C); }

    void body(Ui& ui, App& app, const Rect&) override {
        ui.draw_list()->AddRectFilledMultiColor(
            ui.px(0, 0), ui.px(metric::screen_width, metric::screen_height), color::rgb(0x1C, 0x3F, 0x8C),
            color::rgb(0x3A, 0x2E, 0x7E), color::rgb(0xC2, 0x5B, 0x8E), color::rgb(0x2E, 0x6C, 0xB5));
        ui.circle(300, 250, 150, color::rgb(0xFF, 0xFF, 0xFF, 0x10));
        ui.circle(60, 620, 190, color::rgb(0xFF, 0xFF, 0xFF, 0x0C));

        const float size = 62, left = 27, gap = (metric::screen_width - 2 * left - 4 * size) / 3, top = 76;
        const Icon mail{color::rgb(0x1A, 0x8C, 0xFF), Icon::Glyph::envelope, 0};
        const Icon settings{color::rgb(0x8E, 0x8E, 0x93), Icon::Glyph::gear, 0};
        struct Entry {
            const char* label;
            const Icon* icon;
        } entries[] = {{"Mail", &mail}, {"Settings", &settings}};
        for (int i = 0; i < 2; ++i) {
            const float x = left + static_cast<float>(i) * (size + gap);
            auto p = ui.press({x - 6, top - 6, size + 12, size + 30}, entries[i].label, "icon");
            ui.icon(*entries[i].icon, x, top, size);
            if (p.held)
                ui.fill({x, top, size, size}, color::rgb(0, 0, 0, 0x50), size * 0.225f);
            ui.text_centered(Font::caption, x + size / 2, top + size + 13, color::white, entries[i].label);
            if (i == 0)
                if (const std::size_t unread = app.mail().unread_total())
                    draw_badge(ui, x + size - 4, top + 4, std::to_string(unread));
            if (p.clicked && i == 0)
                open_mail(app);
            else if (p.clicked)
                app.nav().push(make_settings_screen());
        }
        // The search pill above the home indicator.
        const Rect pill{(metric::screen_width - 88) / 2, metric::screen_height - 34 - 44, 88, 30};
        ui.fill(pill, color::rgb(0xFF, 0xFF, 0xFF, 0x38), 15);
        ui.text_centered(Font::footnote_semibold, pill.x + pill.w / 2, pill.y + pill.h / 2, color::white, "Search");
    }
};

} // namespace

std::unique_ptr<Screen> make_home_screen() { return std::make_unique<HomeScreen>(); }

} // namespace maillab::sim
