#include "glyphs.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <imgui_internal.h> // ImGui::ShadeVertsLinearColorGradientKeepAlpha
#include <string>

namespace maillab::sim::ui {
namespace {

constexpr float pi = 3.14159265358979f;

// A polyline in points, relative to (cx, cy) in units of `s`.
void poly(Ui& ui, float cx, float cy, float s, std::initializer_list<ImVec2> points, ImU32 col,
          float thickness, bool closed = false) {
    ImDrawList* dl = ui.draw_list();
    for (const ImVec2& p : points)
        dl->PathLineTo(ui.px(cx + p.x * s, cy + p.y * s));
    dl->PathStroke(col, closed ? ImDrawFlags_Closed : 0, thickness * ui.scale());
}

void tray(Ui& ui, float cx, float cy, float s, ImU32 col, float t) {
    // The outline with rounded corners and the tray's inner lip.
    ui.stroke({cx - 0.46f * s, cy - 0.34f * s, 0.92f * s, 0.68f * s}, col, 0.12f * s, t);
    poly(ui, cx, cy, s,
         {{-0.46f, 0.04f},
          {-0.2f, 0.04f},
          {-0.14f, 0.16f},
          {0.14f, 0.16f},
          {0.2f, 0.04f},
          {0.46f, 0.04f}},
         col, t);
}

} // namespace

void draw_glyph(Ui& ui, Glyph glyph, float cx, float cy, float s, ImU32 col) {
    const float t = std::max(1.3f, s * 0.075f);
    ImDrawList* dl = ui.draw_list();
    switch (glyph) {
    case Glyph::compose: {
        // An open square with a pencil leaning into its top right corner.
        poly(ui, cx, cy, s,
             {{0.06f, -0.4f},
              {-0.3f, -0.4f},
              {-0.42f, -0.28f},
              {-0.42f, 0.3f},
              {-0.3f, 0.42f},
              {0.28f, 0.42f},
              {0.4f, 0.3f},
              {0.4f, -0.06f}},
             col, t);
        poly(ui, cx, cy, s, {{-0.1f, 0.12f}, {0.38f, -0.36f}}, col, t * 1.9f);
        poly(ui, cx, cy, s, {{-0.16f, 0.2f}, {-0.12f, 0.08f}, {-0.04f, 0.16f}}, col, t, true);
        break;
    }
    case Glyph::inbox:
        tray(ui, cx, cy, s, col, t);
        break;
    case Glyph::all_inboxes:
        tray(ui, cx, cy + 0.1f * s, s * 0.9f, col, t);
        poly(ui, cx, cy, s, {{-0.34f, -0.36f}, {0.34f, -0.36f}}, col, t);
        poly(ui, cx, cy, s, {{-0.26f, -0.48f}, {0.26f, -0.48f}}, col, t);
        break;
    case Glyph::sent: {
        // A paper plane pointing up and to the right.
        poly(ui, cx, cy, s, {{-0.44f, -0.02f}, {0.44f, -0.42f}, {0.08f, 0.44f}, {-0.04f, 0.06f}},
             col, t, true);
        poly(ui, cx, cy, s, {{-0.04f, 0.06f}, {0.44f, -0.42f}}, col, t);
        break;
    }
    case Glyph::outbox:
        tray(ui, cx, cy + 0.12f * s, s * 0.9f, col, t);
        poly(ui, cx, cy, s, {{0.0f, 0.12f}, {0.0f, -0.5f}}, col, t);
        poly(ui, cx, cy, s, {{-0.16f, -0.34f}, {0.0f, -0.5f}, {0.16f, -0.34f}}, col, t);
        break;
    case Glyph::trash: {
        poly(ui, cx, cy, s, {{-0.42f, -0.3f}, {0.42f, -0.3f}}, col, t);
        poly(ui, cx, cy, s, {{-0.14f, -0.3f}, {-0.12f, -0.44f}, {0.12f, -0.44f}, {0.14f, -0.3f}},
             col, t);
        poly(ui, cx, cy, s, {{-0.32f, -0.3f}, {-0.26f, 0.4f}, {0.26f, 0.4f}, {0.32f, -0.3f}}, col,
             t);
        poly(ui, cx, cy, s, {{-0.1f, -0.14f}, {-0.08f, 0.26f}}, col, t * 0.8f);
        poly(ui, cx, cy, s, {{0.1f, -0.14f}, {0.08f, 0.26f}}, col, t * 0.8f);
        break;
    }
    case Glyph::refresh: {
        // arrow.clockwise: a circle open at the top, the arrow at its top pointing clockwise.
        const float r = 0.4f * s;
        dl->PathArcTo(ui.px(cx, cy), r * ui.scale(), -pi * 0.5f + 0.75f, pi * 1.5f - 0.05f, 28);
        dl->PathStroke(col, 0, t * ui.scale());
        const float tip_x = cx + 0.2f * s, y = cy - r;
        dl->AddTriangleFilled(ui.px(tip_x, y), ui.px(cx - 0.04f * s, y - 0.17f * s),
                              ui.px(cx - 0.04f * s, y + 0.17f * s), col);
        break;
    }
    case Glyph::reply: {
        poly(ui, cx, cy, s, {{-0.1f, -0.36f}, {-0.44f, -0.04f}, {-0.1f, 0.28f}}, col, t);
        dl->PathLineTo(ui.px(cx - 0.42f * s, cy - 0.04f * s));
        dl->PathBezierCubicCurveTo(ui.px(cx + 0.1f * s, cy - 0.04f * s),
                                   ui.px(cx + 0.44f * s, cy + 0.02f * s),
                                   ui.px(cx + 0.44f * s, cy + 0.4f * s), 16);
        dl->PathStroke(col, 0, t * ui.scale());
        break;
    }
    }
}

void draw_send_button(Ui& ui, float cx, float cy, float r, bool enabled) {
    ui.circle(cx, cy, r, enabled ? color::blue : color::rgb(0xC7, 0xC7, 0xCC));
    const float t = std::max(2.0f, r * 0.16f);
    ui.line(cx, cy + r * 0.48f, cx, cy - r * 0.46f, color::white, t);
    ImDrawList* dl = ui.draw_list();
    dl->PathLineTo(ui.px(cx - r * 0.42f, cy - r * 0.06f));
    dl->PathLineTo(ui.px(cx, cy - r * 0.5f));
    dl->PathLineTo(ui.px(cx + r * 0.42f, cy - r * 0.06f));
    dl->PathStroke(color::white, 0, t * ui.scale());
}

void draw_badge(Ui& ui, float cx, float cy, std::string_view text) {
    const float h = 24.0f;
    const float w = std::max(h, ui.text_width(Font::callout, text) + 14);
    ui.fill({cx - w / 2, cy - h / 2, w, h}, color::badge, h / 2);
    ui.text_centered(Font::callout, cx, cy, color::white, text);
}

void draw_avatar(Ui& ui, float cx, float cy, float r, std::string_view name) {
    ImDrawList* dl = ui.draw_list();
    const int v0 = dl->VtxBuffer.Size;
    ui.circle(cx, cy, r, color::white);
    ImGui::ShadeVertsLinearColorGradientKeepAlpha(dl, v0, dl->VtxBuffer.Size, ui.px(cx, cy - r),
                                                  ui.px(cx, cy + r), color::rgb(0xA5, 0xAB, 0xB8),
                                                  color::rgb(0x85, 0x8B, 0x98));
    std::string initials;
    bool start = true;
    for (char c : name) {
        if (c == '<')
            break;
        if (std::isalpha(static_cast<unsigned char>(c)) && start && initials.size() < 2)
            initials += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        start = c == ' ';
    }
    ui.text_centered(r > 22 ? Font::title3_semibold : Font::body_semibold, cx, cy, color::white,
                     initials);
}

} // namespace maillab::sim::ui
