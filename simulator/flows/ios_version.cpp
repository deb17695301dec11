#include "ios_version.hpp"

namespace maillab::sim::flows {

std::string_view to_string(IosVersion version) {
    switch (version) {
    case IosVersion::ios6:
        return "6";
    case IosVersion::ios12:
        return "12";
    case IosVersion::ios17:
        return "17";
    case IosVersion::ios18:
        return "18";
    }
    return "17";
}

std::optional<IosVersion> parse_ios_version(std::string_view text) {
    for (auto v : {IosVersion::ios6, IosVersion::ios12, IosVersion::ios17, IosVersion::ios18})
        if (to_string(v) == text)
            return v;
    return std::nullopt;
}

std::string_view accounts_screen_title(IosVersion version) {
    switch (version) {
    case IosVersion::ios6:
        return "Mail, Contacts, Calendars";
    case IosVersion::ios12:
        return "Passwords & Accounts";
    case IosVersion::ios17:
        return "Accounts";
    case IosVersion::ios18:
        return "Mail Accounts";
    }
    return "Accounts";
}

std::string_view accounts_path(IosVersion version) {
    switch (version) {
    case IosVersion::ios6:
        return "Settings \u203A Mail, Contacts, Calendars";
    case IosVersion::ios12:
        return "Settings \u203A Passwords & Accounts";
    case IosVersion::ios17:
        return "Settings \u203A Mail \u203A Accounts";
    case IosVersion::ios18:
        return "Settings \u203A Apps \u203A Mail \u203A Mail Accounts";
    }
    return "Settings \u203A Mail \u203A Accounts";
}

} // namespace maillab::sim::flows
