// iOS colours and metrics (points). One place, so every screen looks the same.
#pragma once

#include <imgui.h>

namespace maillab::sim::ui {

namespace color {
inline constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b, unsigned a = 255) {
    return IM_COL32(r, g, b, a);
}
inline constexpr ImU32 grouped_background = rgb(0xF2, 0xF2, 0xF7); // systemGroupedBackground
inline constexpr ImU32 cell = rgb(0xFF, 0xFF, 0xFF);
inline constexpr ImU32 cell_highlight = rgb(0xD1, 0xD1, 0xD6);
inline constexpr ImU32 label = rgb(0x00, 0x00, 0x00);
inline constexpr ImU32 secondary_label = rgb(0x8A, 0x8A, 0x8E);
inline constexpr ImU32 section_header = rgb(0x6D, 0x6D, 0x72);
inline constexpr ImU32 chevron = rgb(0xC4, 0xC4, 0xC7);
inline constexpr ImU32 placeholder = rgb(0xC4, 0xC4, 0xC6);
inline constexpr ImU32 separator = rgb(0xC6, 0xC6, 0xC8);
inline constexpr ImU32 blue = rgb(0x00, 0x7A, 0xFF);
inline constexpr ImU32 blue_disabled = rgb(0x00, 0x7A, 0xFF, 0x66);
inline constexpr ImU32 green = rgb(0x34, 0xC7, 0x59);
inline constexpr ImU32 red = rgb(0xFF, 0x3B, 0x30);
inline constexpr ImU32 orange = rgb(0xFF, 0x95, 0x00);
inline constexpr ImU32 gray = rgb(0x8E, 0x8E, 0x93);
inline constexpr ImU32 switch_off = rgb(0xE9, 0xE9, 0xEB);
inline constexpr ImU32 fill_tertiary = rgb(0x76, 0x76, 0x80, 0x1F); // segmented control track
inline constexpr ImU32 nav_bar = rgb(0xF9, 0xF9, 0xF9, 0xF0);
inline constexpr ImU32 nav_hairline = rgb(0x00, 0x00, 0x00, 0x4D);
inline constexpr ImU32 alert_background = rgb(0xF2, 0xF2, 0xF2, 0xF7);
inline constexpr ImU32 alert_separator = rgb(0x3C, 0x3C, 0x43, 0x4A);
inline constexpr ImU32 alert_pressed = rgb(0xD8, 0xD8, 0xDC);
inline constexpr ImU32 dim = rgb(0x00, 0x00, 0x00, 0x33);
inline constexpr ImU32 action_sheet_background = rgb(0xF5, 0xF5, 0xF6, 0xF7);
inline constexpr ImU32 unread_dot = rgb(0x00, 0x7A, 0xFF);
inline constexpr ImU32 badge = rgb(0xFF, 0x3B, 0x30);
inline constexpr ImU32 toolbar = rgb(0xF9, 0xF9, 0xF9, 0xF0);
inline constexpr ImU32 window = rgb(0x2B, 0x2D, 0x31);
inline constexpr ImU32 bezel = rgb(0x0E, 0x0E, 0x10);
inline constexpr ImU32 rim = rgb(0x4A, 0x4A, 0x4F);
inline constexpr ImU32 white = rgb(0xFF, 0xFF, 0xFF);
inline constexpr ImU32 black = rgb(0x00, 0x00, 0x00);
} // namespace color

namespace metric {
inline constexpr float screen_width = 390.0f; // iPhone 14/15 in points
inline constexpr float screen_height = 844.0f;
inline constexpr float bezel = 14.0f;
inline constexpr float screen_radius = 47.0f;
inline constexpr float status_bar = 54.0f;
inline constexpr float nav_bar = 44.0f;
inline constexpr float large_title = 52.0f;
inline constexpr float home_indicator = 34.0f;
inline constexpr float inset = 16.0f;      // group margin from the screen edge
inline constexpr float padding = 16.0f;    // text inside a cell
inline constexpr float row = 44.0f;
inline constexpr float group_radius = 10.0f;
inline constexpr float hairline = 0.5f;
inline constexpr float push_seconds = 0.38f;
inline constexpr float action_sheet_seconds = 0.3f;
inline constexpr float sheet_top_gap = 10.0f; // between the status bar and a sheet
} // namespace metric

} // namespace maillab::sim::ui
