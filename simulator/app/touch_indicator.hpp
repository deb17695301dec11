// The scripted player's touches made visible, like iOS screen recordings with "show touches": a
// translucent grey disc where a tap lands that fades out (--play and --autoplay in a window).
#pragma once

#include "script.hpp"

#include <chrono>
#include <imgui.h>

namespace maillab::sim {

inline constexpr std::chrono::milliseconds touch_shown_for{300};
inline constexpr std::chrono::milliseconds touch_fade{200};

// Whether a touch is still on screen (the window keeps drawing frames meanwhile).
bool touch_visible(const ScriptPlayer& player, std::chrono::steady_clock::time_point now);
// Draws the player's last touch, if still visible; `points_to_px`: the phone's scale.
void draw_touch_indicator(ImDrawList* draw_list, const ScriptPlayer& player,
                          std::chrono::steady_clock::time_point now, float points_to_px);

} // namespace maillab::sim
