// Small helpers shared by the widget files of ui/ (colours, keys, UTF-8).
#pragma once

#include <cmath>
#include <imgui.h>
#include <string>
#include <string_view>

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

inline void append_utf8(std::string& out, unsigned c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

inline void pop_utf8(std::string& s) {
    while (!s.empty()) {
        const unsigned char c = static_cast<unsigned char>(s.back());
        s.pop_back();
        if ((c & 0xC0) != 0x80)
            break;
    }
}

inline std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        n += (c & 0xC0) != 0x80;
    return n;
}

} // namespace maillab::sim::ui
