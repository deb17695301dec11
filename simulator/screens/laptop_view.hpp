// The second device on screen: a laptop beside the phone showing a desktop mail client (macOS
// Mail style): a toolbar with Get Mail and Account Settings, the mailboxes, the message list, the
// selected message and a status line; Account Settings opens a sheet where the incoming server
// type (POP3 or IMAP), server, port, security and, for POP3, "Leave messages on server" or
// "Delete from server after retrieving" are changed and saved. Everything tappable is labelled
// "Laptop/..." ("Laptop/Get Mail", "Laptop/IMAP", "Laptop/Save", "Laptop/SUBJECT" for a message),
// so scripts and the session report never mix it up with the phone.
#pragma once

#include "../flows/second_device.hpp"
#include "../ui/ui.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace maillab::sim {

class LaptopView {
  public:
    // Draws the laptop in its column of the window (pixels), at the phone's scale.
    void draw(ui::Ui& ui, flows::SecondDevice& device, const ui::Rect& column_px, float scale);

    // The Account Settings sheet's state (the sheet draws in laptop_settings_sheet.cpp).
    struct SettingsSheet {
        bool open = false;
        flows::IncomingSettings draft;
        std::string port_text;
        std::string problem; // why Save did not save
    };

  private:
    enum class Folder { inbox, kept_on_laptop };
    void draw_window(ui::Ui& ui, flows::SecondDevice& device, const ui::Rect& window);
    void draw_toolbar(ui::Ui& ui, flows::SecondDevice& device, const ui::Rect& bar);
    void draw_sidebar(ui::Ui& ui, const flows::SecondDevice& device, const ui::Rect& area);
    void draw_list(ui::Ui& ui, const flows::SecondDevice& device, const ui::Rect& area);
    void draw_message(ui::Ui& ui, const flows::SecondDevice& device, const ui::Rect& area);
    void draw_status(ui::Ui& ui, const flows::SecondDevice& device, const ui::Rect& area);
    const std::vector<flows::LaptopMessage>& shown(const flows::SecondDevice& device) const;

    Folder folder_ = Folder::inbox;
    std::string selected_uid_;
    SettingsSheet sheet_;
};

// A desktop push button (the default one blue); true when clicked.
bool laptop_button(ui::Ui& ui, const ui::Rect& r, std::string_view label, std::string_view id,
                   bool primary, bool enabled = true);

// The sheet over the mail window (laptop_settings_sheet.cpp).
void draw_laptop_settings_sheet(ui::Ui& ui, flows::SecondDevice& device,
                                LaptopView::SettingsSheet& sheet, const ui::Rect& window);

} // namespace maillab::sim
