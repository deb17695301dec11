// Small helpers shared by the widget files of ui/ (colours, keys, UTF-8).
#pragma once

#include <cmath>
#include <imgui.h>
#include <string>

namespace maillab::sim::ui {

inline ImU32 lerp_color(ImU32 a, ImU32 b, float t) {
    auto ch = [&](int shift) {
        float ca = static_cast<float>((a >> shift) & 0xFF),
              cb = static_cast<float>((b >> shift) & 0xFF);
        return static_cast<ImU32>(std::lround(ca + (cb - ca) * t)) << shift;
    };
    return ch(IM_COL32_R_SHIFT) | ch(IM_COL32_G_SHIFT) | ch(IM_COL32_B_SHIFT) |
           ch(IM_COL32_A_SHIFT);
}

inline ImU32 with_alpha(ImU32 c, float alpha) {
    const float a = static_cast<float>((c >> IM_COL32_A_SHIFT) & 0xFF) * alpha;
    return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(std::lround(a)) << IM_COL32_A_SHIFT);
}

inline bool key_pressed(ImGuiKey key, bool repeat = true) {
    const int index = ImGui::GetIO().KeyMap[key];
    return index >= 0 && ImGui::IsKeyPressed(index, repeat);
}

} // namespace maillab::sim::ui
