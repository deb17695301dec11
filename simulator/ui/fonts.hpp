// Inter (Debian's fonts-inter) in the few styles and sizes iOS uses; ImGui's default font when
// Inter is missing (ImGui 1.86 asserts on a missing file, so every file is checked first).
#pragma once

#include <imgui.h>

#include <array>
#include <string>

namespace maillab::sim::ui {

enum class Font {
    body,          // 17 regular: cells, buttons
    body_semibold, // 17 semibold: titles, bold buttons
    callout,       // 15 regular: subtitles
    footnote,      // 13 regular: section headers and footers, alert messages
    footnote_semibold,
    caption,         // 12 regular: home screen icon labels
    title3,          // 20 regular: action sheet buttons
    title3_semibold, // 20 semibold: mailbox account headers, a message's subject
    title2,          // 22 regular: provider names
    title2_bold,     // 22 bold
    large_title,     // 34 bold
    count
};

float point_size(Font font);

struct FontSet {
    std::array<ImFont*, static_cast<int>(Font::count)> fonts{};
    bool inter = false;  // false: ImGui's default font stands in
    std::string warning; // why Inter was not used
    float raster_scale = 1.0f;

    ImFont* get(Font font) const { return fonts[static_cast<int>(font)]; }
};

// Adds every font to the atlas, rasterised at point size × raster_scale (the phone's scale times
// the framebuffer scale), and builds the atlas. Clears the atlas first.
FontSet load_fonts(ImFontAtlas& atlas, float raster_scale, const std::string& font_dir = {});

// Where Inter is looked for: $MAILLAB_FONT_DIR, then /usr/share/fonts/opentype/inter.
std::string default_font_dir();

} // namespace maillab::sim::ui
