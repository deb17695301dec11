// Add Account: the providers, each in its own style, and Other.
#include "../app/app.hpp"
#include "screens.hpp"

namespace maillab::sim {
namespace {

using namespace ui;

class AddAccountScreen final : public Screen {
  public:
    std::string id() const override { return "add-account"; }
    NavBarSpec nav(const App&) const override { return {.title = "Add Account"}; }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        ui.list_begin(scroll, viewport);
        ui.section();
        ui.group_begin();
        const float h = 66;
        Rect r;

        ui.row_custom("iCloud", h, r);
        {
            const float w = ui.text_width(Font::title2, "iCloud") + 34;
            const float x = r.x + (r.w - w) / 2, cy = r.y + h / 2;
            const ImU32 c = color::rgb(0x3D, 0x9B, 0xF6);
            ui.circle(x + 9, cy + 3, 6, c);
            ui.circle(x + 16, cy - 2, 8, c);
            ui.circle(x + 23, cy + 3, 6, c);
            ui.fill({x + 9, cy + 2, 14, 7}, c);
            ui.text_vcenter(Font::title2, x + 34, cy, color::label, "iCloud");
        }

        ui.row_custom("Microsoft Exchange", h, r);
        {
            const float w = ui.text_width(Font::title2, "Microsoft Exchange") + 28;
            const float x = r.x + (r.w - w) / 2, cy = r.y + h / 2;
            const ImU32 squares[] = {color::rgb(0xF2, 0x50, 0x22), color::rgb(0x7F, 0xBA, 0x00),
                                     color::rgb(0x00, 0xA4, 0xEF), color::rgb(0xFF, 0xB9, 0x00)};
            for (int i = 0; i < 4; ++i)
                ui.fill({x + static_cast<float>(i % 2) * 10, cy - 10 + static_cast<float>(i / 2) * 10, 9, 9}, squares[i]);
            ui.text_vcenter(Font::title2, x + 28, cy, color::rgb(0x73, 0x73, 0x73), "Microsoft Exchange");
        }

        ui.row_custom("Google", h, r);
        {
            const char* letters[] = {"G", "o", "o", "g", "l", "e"};
            const ImU32 colors[] = {color::rgb(0x42, 0x85, 0xF4), color::rgb(0xEA, 0x43, 0x35),
                                    color::rgb(0xFB, 0xBC, 0x05), color::rgb(0x42, 0x85, 0xF4),
                                    color::rgb(0x34, 0xA8, 0x53), color::rgb(0xEA, 0x43, 0x35)};
            float x = r.x + (r.w - ui.text_width(Font::title2, "Google")) / 2;
            for (int i = 0; i < 6; ++i)
                x += ui.text_vcenter(Font::title2, x, r.y + h / 2, colors[i], letters[i]);
        }

        ui.row_custom("Yahoo!", h, r);
        ui.text_centered(Font::title2_bold, r.x + r.w / 2, r.y + h / 2, color::rgb(0x60, 0x01, 0xD2), "yahoo!");

        ui.row_custom("AOL", h, r);
        ui.text_centered(Font::title2_bold, r.x + r.w / 2, r.y + h / 2, color::label, "Aol.");

        ui.row_custom("Outlook.com", h, r);
        {
            const float w = ui.text_width(Font::title2, "Outlook.com") + 34;
            const float x = r.x + (r.w - w) / 2, cy = r.y + h / 2;
            ui.fill({x, cy - 12, 24, 24}, color::rgb(0x00, 0x78, 0xD4), 5);
            ui.text_centered(Font::body_semibold, x + 12, cy, color::white, "O");
            ui.text_vcenter(Font::title2, x + 34, cy, color::rgb(0x00, 0x78, 0xD4), "Outlook.com");
        }

        if (ui.row("Other"))
            app.nav().push(make_other_account_screen());
        ui.group_end();
        ui.list_end();
    }
};

} // namespace

std::unique_ptr<Screen> make_add_account_screen() { return std::make_unique<AddAccountScreen>(); }

} // namespace maillab::sim
