// Where things go in the window: the phone, a second device beside it (a laptop, when a scenario
// has one) and the trainer console on the right. Sizes are in points at scale 1; the layout
// scales every column by the same factor so the phone keeps its proportions.
#pragma once

#include "../ui/ui.hpp"

#include <imgui.h>
#include <optional>

namespace maillab::sim {

struct DeskParts {
    bool second_device = false;
    bool console = false;
    bool operator==(const DeskParts&) const = default;
};

struct DeskLayout {
    ui::Rect phone;                        // the phone's column (the phone is centred in it)
    std::optional<ui::Rect> second_device; // right of the phone
    std::optional<ui::Rect> console;       // the right-most column
    bool operator==(const DeskLayout&) const = default;
};

namespace desk {
inline constexpr float phone_width = 446;
inline constexpr float second_device_width = 600;
inline constexpr float console_width = 470;
inline constexpr float height = 900;
} // namespace desk

// The window size (points) that shows these parts at scale 1.
ImVec2 desk_size(DeskParts parts);
// The columns for a display of this size (pixels).
DeskLayout layout_desk(ImVec2 display, DeskParts parts);

} // namespace maillab::sim
