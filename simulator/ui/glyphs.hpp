// The Mail app's line icons, drawn with primitives in the shape of the SF Symbols iOS uses
// (tray, paperplane, square.and.pencil, trash, ...), and its badges. Sizes and centres in points.
#pragma once

#include "ui.hpp"

#include <string_view>

namespace maillab::sim::ui {

enum class Glyph {
    compose,     // square.and.pencil
    inbox,       // tray
    all_inboxes, // tray.2
    sent,        // paperplane
    outbox,      // tray.and.arrow.up
    trash,       // trash
    refresh,     // arrow.clockwise
    reply,       // arrowshape.turn.up.left
};

void draw_glyph(Ui& ui, Glyph glyph, float cx, float cy, float size, ImU32 col);

// The blue round Send button of the compose sheet (arrow.up.circle.fill).
void draw_send_button(Ui& ui, float cx, float cy, float radius, bool enabled);

// A red notification badge with a count, centred on (cx, cy).
void draw_badge(Ui& ui, float cx, float cy, std::string_view text);

// The grey circle with a sender's initials in the message view.
void draw_avatar(Ui& ui, float cx, float cy, float radius, std::string_view name);

} // namespace maillab::sim::ui
