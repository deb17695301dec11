// The laptop's look (laptop_view.cpp, laptop_settings_sheet.cpp): desktop colours and sizes, in
// the laptop's own points.
#pragma once

#include "../ui/theme.hpp"

namespace maillab::sim::laptop_style {

using ui::color::rgb;

// The laptop is drawn in points this much smaller than the phone's, so that a desktop window
// with desktop-sized text fits its screen.
inline constexpr float zoom = 0.8f;

inline constexpr ImU32 lid = rgb(0x1B, 0x1B, 0x1D);
inline constexpr ImU32 lid_rim = rgb(0x4C, 0x4D, 0x52);
inline constexpr ImU32 base_top = rgb(0xD9, 0xDA, 0xDE);
inline constexpr ImU32 base_bottom = rgb(0x92, 0x94, 0x9A);
inline constexpr ImU32 wallpaper_top = rgb(0x3A, 0x4F, 0x8F);
inline constexpr ImU32 wallpaper_bottom = rgb(0x8E, 0x5B, 0x9E);
inline constexpr ImU32 menu_bar = rgb(0xF4, 0xF4, 0xF6, 0xE6);
inline constexpr ImU32 shadow = rgb(0x00, 0x00, 0x00, 0x38);
inline constexpr ImU32 title_bar_top = rgb(0xEE, 0xEE, 0xF0);
inline constexpr ImU32 title_bar_bottom = rgb(0xE2, 0xE2, 0xE5);
inline constexpr ImU32 sidebar = rgb(0xE9, 0xE7, 0xEE);
inline constexpr ImU32 sidebar_selection = rgb(0xD2, 0xD0, 0xD8);
inline constexpr ImU32 divider = rgb(0xC9, 0xC9, 0xCE);
inline constexpr ImU32 selection = rgb(0x1E, 0x6F, 0xE8);
inline constexpr ImU32 button = rgb(0xFF, 0xFF, 0xFF);
inline constexpr ImU32 button_pressed = rgb(0xDC, 0xDC, 0xE0);
inline constexpr ImU32 button_border = rgb(0xB9, 0xB9, 0xBE);
inline constexpr ImU32 sheet = rgb(0xEC, 0xEC, 0xEE);
inline constexpr ImU32 dim = rgb(0x00, 0x00, 0x00, 0x22);
inline constexpr ImU32 error = rgb(0xD7, 0x26, 0x1E);
inline constexpr ImU32 caption = rgb(0xB8, 0xBA, 0xC2); // the words above the laptop
inline constexpr ImU32 light_red = rgb(0xFF, 0x5F, 0x57);
inline constexpr ImU32 light_yellow = rgb(0xFE, 0xBC, 0x2E);
inline constexpr ImU32 light_green = rgb(0x28, 0xC8, 0x40);

} // namespace maillab::sim::laptop_style
