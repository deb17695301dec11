#include "desk_layout.hpp"

#include <algorithm>
#include <cmath>

namespace maillab::sim {

ImVec2 desk_size(DeskParts parts) {
    float width = desk::phone_width;
    if (parts.second_device)
        width += desk::second_device_width;
    if (parts.console)
        width += desk::console_width;
    return {width, desk::height};
}

DeskLayout layout_desk(ImVec2 display, DeskParts parts) {
    const ImVec2 wanted = desk_size(parts);
    const float k = std::max(0.1f, std::min(display.x / wanted.x, display.y / wanted.y));
    // Extra width (a window wider than needed) goes to the console, or else to the phone.
    const float extra = std::max(0.0f, display.x - wanted.x * k);
    DeskLayout layout;
    float x = 0;
    const float phone_w = std::round(desk::phone_width * k + (parts.console ? 0 : extra));
    layout.phone = {x, 0, phone_w, display.y};
    x += phone_w;
    if (parts.second_device) {
        const float w = std::round(desk::second_device_width * k);
        layout.second_device = ui::Rect{x, 0, w, display.y};
        x += w;
    }
    if (parts.console)
        layout.console = ui::Rect{x, 0, std::max(0.0f, display.x - x), display.y};
    return layout;
}

} // namespace maillab::sim
