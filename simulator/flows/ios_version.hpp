// Which iOS the simulated phone looks like: where Settings keeps the mail accounts moved over the
// years (reference/anchors.md §4.1), and trainers teach the path of the phones in front of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace maillab::sim::flows {

enum class IosVersion {
    ios6,  // Settings › Mail, Contacts, Calendars
    ios12, // Settings › Passwords & Accounts
    ios17, // Settings › Mail › Accounts (the default)
    ios18, // Settings › Apps › Mail › Mail Accounts
};

std::string_view to_string(IosVersion version); // "6", "12", "17", "18"
std::optional<IosVersion> parse_ios_version(std::string_view text);
// The title of the screen that lists the accounts.
std::string_view accounts_screen_title(IosVersion version);
// "Settings › Mail › Accounts", for hints.
std::string_view accounts_path(IosVersion version);

} // namespace maillab::sim::flows
