// Desktop windows' text boxes (the second device's Account Settings): a bordered box, a focus
// ring while typing, the caret after the text.
#include "ui.hpp"
#include "ui_util.hpp"

#include <algorithm>
#include <cmath>

namespace maillab::sim::ui {
namespace {

constexpr float caret_on = 0.55f; // of each second
constexpr ImU32 box_border = color::rgb(0xB8, 0xB8, 0xBC);
constexpr ImU32 focus_ring = color::rgb(0x00, 0x7A, 0xFF, 0x80);

} // namespace

bool Ui::text_box(const Rect& r, std::string_view label, std::string& value, Font font,
                  const FieldOptions& o) {
    const std::string id = !o.id.empty() ? std::string(o.id) : std::string(label);
    Press p = press(r, label, "field", o.enabled, id);
    if (p.clicked)
        focus(id);
    const bool focused = focus_ == id && o.enabled && interactive();
    if (interactive() && o.enabled)
        field_order_.push_back(id);
    const bool changed = focused && text_input(value, o.numeric);

    if (focused)
        fill({r.x - 2.5f, r.y - 2.5f, r.w + 5, r.h + 5}, focus_ring, 5);
    fill(r, o.enabled ? color::white : color::rgb(0xF4, 0xF4, 0xF6), 3);
    stroke(r, box_border, 3, 0.8f);
    const float cy = r.y + r.h / 2;
    const Rect inner{r.x + 5, r.y, r.w - 10, r.h};
    push_clip(inner);
    const float w = text_width(font, value);
    const float shift = focused ? std::max(0.0f, w - inner.w + 2) : 0.0f;
    if (value.empty() && !o.placeholder.empty())
        text_vcenter(font, inner.x, cy, color::placeholder, o.placeholder);
    else
        text_vcenter(font, inner.x - shift, cy, o.enabled ? color::label : color::secondary_label,
                     value);
    if (focused) {
        const double phase = std::fmod(now_ - caret_epoch_, 1.0);
        if (phase < caret_on) {
            const float h = point_size(font) * 1.1f;
            fill({inner.x + w - shift + 1, cy - h / 2, 1.2f, h}, color::label);
        }
        request_wake_in(phase < caret_on ? caret_on - phase : 1.0 - phase);
    }
    pop_clip();
    return changed;
}

} // namespace maillab::sim::ui
