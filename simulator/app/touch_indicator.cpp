#include "touch_indicator.hpp"

#include <algorithm>

namespace maillab::sim {

bool touch_visible(const ScriptPlayer& player, std::chrono::steady_clock::time_point now) {
    const auto& touch = player.last_touch();
    return touch && now - touch->time < touch_shown_for + touch_fade;
}

void draw_touch_indicator(ImDrawList* draw_list, const ScriptPlayer& player,
                          std::chrono::steady_clock::time_point now, float points_to_px) {
    if (!touch_visible(player, now))
        return;
    const auto& touch = *player.last_touch();
    const float age = std::chrono::duration<float>(now - touch.time).count();
    const float shown = std::chrono::duration<float>(touch_shown_for).count();
    const float fade = std::chrono::duration<float>(touch_fade).count();
    const float alpha = age <= shown ? 1.0f : std::clamp(1.0f - (age - shown) / fade, 0.0f, 1.0f);
    // A finger-sized disc (44 points, Apple's smallest touch target) that shrinks a little
    // when it is pressed, as on a screen recording.
    const float pressed = std::clamp(age / 0.08f, 0.0f, 1.0f);
    const float radius = (22.0f - 3.0f * pressed) * points_to_px;
    const auto a = [&](float base) { return static_cast<int>(base * alpha); };
    draw_list->AddCircleFilled(touch.position, radius, IM_COL32(128, 128, 128, a(130)), 48);
    draw_list->AddCircle(touch.position, radius, IM_COL32(255, 255, 255, a(170)), 48,
                         1.5f * points_to_px);
}

} // namespace maillab::sim
