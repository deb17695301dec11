#include "fonts.hpp"

#include <cstdlib>
#include <filesystem>

namespace maillab::sim::ui {
namespace {

struct FontSpec {
    const char* file;
    float size;
};

constexpr std::array<FontSpec, static_cast<int>(Font::count)> specs{{
    {"Inter-Regular.otf", 17.0f},
    {"Inter-SemiBold.otf", 17.0f},
    {"Inter-Regular.otf", 15.0f},
    {"Inter-Regular.otf", 13.0f},
    {"Inter-SemiBold.otf", 13.0f},
    {"Inter-Regular.otf", 12.0f},
    {"Inter-Regular.otf", 20.0f},
    {"Inter-SemiBold.otf", 20.0f},
    {"Inter-Regular.otf", 22.0f},
    {"Inter-Bold.otf", 22.0f},
    {"Inter-Bold.otf", 34.0f},
}};

// Latin-1, the punctuation the phone's texts use (… “ ” ‘ ’ • — –), €, and the arrows (→) and
// check marks (✓ ✗) of the engine's diagnoses in the trainer console.
constexpr ImWchar glyph_ranges[] = {0x0020, 0x00FF, 0x2010, 0x2044, 0x20AC, 0x20AC,
                                    0x2190, 0x2193, 0x2713, 0x2717, 0};

} // namespace

float point_size(Font font) { return specs[static_cast<int>(font)].size; }

std::string default_font_dir() {
    if (const char* dir = std::getenv("MAILLAB_FONT_DIR"); dir && *dir)
        return dir;
    return "/usr/share/fonts/opentype/inter";
}

FontSet load_fonts(ImFontAtlas& atlas, float raster_scale, const std::string& font_dir) {
    FontSet set;
    set.raster_scale = raster_scale;
    atlas.Clear();
    const std::filesystem::path dir = font_dir.empty() ? default_font_dir() : font_dir;
    std::error_code ec;
    for (const auto& spec : specs)
        if (!std::filesystem::is_regular_file(dir / spec.file, ec)) {
            set.warning = "font " + (dir / spec.file).string() +
                          " not found: using ImGui's default font (install fonts-inter)";
            break;
        }
    set.inter = set.warning.empty();
    for (int i = 0; i < static_cast<int>(Font::count); ++i) {
        ImFontConfig config;
        config.SizePixels = specs[i].size * raster_scale;
        config.OversampleH = 2;
        config.OversampleV = 1;
        if (set.inter) {
            const std::string path = (dir / specs[i].file).string();
            set.fonts[i] = atlas.AddFontFromFileTTF(path.c_str(), config.SizePixels, &config,
                                                    glyph_ranges);
        } else {
            set.fonts[i] = atlas.AddFontDefault(&config);
        }
    }
    atlas.Build();
    return set;
}

} // namespace maillab::sim::ui
