#include "mail/mail_date.hpp"

#include "protocol/text_util.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace maillab::mail_detail {
namespace {

constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> weekdays = {"Thu", "Fri", "Sat", "Sun",
                                                      "Mon", "Tue", "Wed"}; // 1970-01-01 first

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
    std::int64_t year;
    unsigned month, day;
};

Civil civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

// Splits into tokens: runs of letters/digits/+/-; ':' separated time kept as one token.
std::vector<std::string> tokens(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    int comment = 0;
    for (char c : text) {
        if (c == '(') {
            ++comment;
            continue;
        }
        if (c == ')' && comment > 0) {
            --comment;
            continue;
        }
        if (comment > 0)
            continue;
        if (c == ' ' || c == '\t' || c == ',' || c == '\r' || c == '\n') {
            if (!current.empty())
                out.push_back(std::move(current));
            current.clear();
            if (out.size() > 16)
                break;
            continue;
        }
        if (current.size() < 32)
            current += c;
    }
    if (!current.empty())
        out.push_back(std::move(current));
    return out;
}

bool all_digits(std::string_view s) {
    return !s.empty() && s.size() <= 9 &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

int to_int(std::string_view s) {
    int n = 0;
    for (char c : s)
        n = n * 10 + (c - '0');
    return n;
}

std::optional<int> month_of(std::string_view word) {
    for (std::size_t i = 0; i < months.size(); ++i)
        if (word.size() >= 3 && text::iequals(word.substr(0, 3), months[i]))
            return static_cast<int>(i) + 1;
    return std::nullopt;
}

// Offset east of UTC in seconds; nullopt when the token is not a zone.
std::optional<int> zone_offset(std::string_view zone) {
    if ((zone.front() == '+' || zone.front() == '-') && zone.size() == 5 &&
        all_digits(zone.substr(1))) {
        const int hh = to_int(zone.substr(1, 2));
        const int mm = to_int(zone.substr(3, 2));
        if (mm > 59)
            return std::nullopt;
        const int seconds = hh * 3600 + mm * 60;
        return zone.front() == '-' ? -seconds : seconds;
    }
    const std::string upper = text::upper(zone);
    if (upper == "UT" || upper == "UTC" || upper == "GMT" || upper == "Z")
        return 0;
    struct Named {
        const char* name;
        int hours;
    };
    for (auto [name, hours] :
         {Named{"EST", -5}, Named{"EDT", -4}, Named{"CST", -6}, Named{"CDT", -5}, Named{"MST", -7},
          Named{"MDT", -6}, Named{"PST", -8}, Named{"PDT", -7}})
        if (upper == name)
            return hours * 3600;
    if (upper.size() == 1 && std::isalpha(static_cast<unsigned char>(upper[0])) && upper != "J")
        return 0; // military zones: RFC 5322 4.3 says to treat them as -0000
    return std::nullopt;
}

} // namespace

std::optional<std::int64_t> parse_mail_date(std::string_view text) {
    auto t = tokens(text);
    std::size_t i = 0;
    // Skip a day name ("Tue" or "Tuesday"); it is not checked.
    if (i < t.size() && !all_digits(t[i]) && !month_of(t[i]).has_value())
        ++i;
    int day = 0, month = 0;
    std::int64_t year = -1;
    if (i + 2 < t.size() && all_digits(t[i]) && month_of(t[i + 1])) {
        day = to_int(t[i]); // "3 Mar 2026"
        month = *month_of(t[i + 1]);
    } else if (i + 2 < t.size() && month_of(t[i]) && all_digits(t[i + 1])) {
        month = *month_of(t[i]); // "Mar 3 2026" (seen from broken clients)
        day = to_int(t[i + 1]);
    } else {
        return std::nullopt;
    }
    i += 2;
    if (!all_digits(t[i]))
        return std::nullopt;
    year = to_int(t[i]);
    if (t[i].size() == 2)
        year += year < 50 ? 2000 : 1900;
    else if (t[i].size() == 3)
        year += 1900;
    ++i;
    if (day < 1 || day > 31 || year < 1900 || year > 9999)
        return std::nullopt;
    int hour = 0, minute = 0, second = 0;
    if (i < t.size()) {
        std::string_view time = t[i];
        std::vector<std::string_view> parts;
        while (!time.empty() && parts.size() < 4) {
            auto colon = time.find(':');
            parts.push_back(time.substr(0, colon));
            time = colon == std::string_view::npos ? std::string_view{} : time.substr(colon + 1);
        }
        if (parts.size() < 2 || parts.size() > 3)
            return std::nullopt;
        for (auto p : parts)
            if (!all_digits(p) || p.size() > 2)
                return std::nullopt;
        hour = to_int(parts[0]);
        minute = to_int(parts[1]);
        second = parts.size() == 3 ? to_int(parts[2]) : 0;
        if (hour > 23 || minute > 59 || second > 60)
            return std::nullopt;
        ++i;
    }
    int offset = 0;
    if (i < t.size())
        offset = zone_offset(t[i]).value_or(0);
    const std::int64_t days =
        days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return days * 86400 + hour * 3600 + minute * 60 + second - offset;
}

std::string format_mail_date(std::int64_t epoch_seconds) {
    std::int64_t days = epoch_seconds / 86400;
    std::int64_t rest = epoch_seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    const Civil c = civil_from_days(days);
    const auto weekday = static_cast<std::size_t>(((days % 7) + 7) % 7);
    auto two = [](std::int64_t n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
    return std::string(weekdays[weekday]) + ", " + std::to_string(c.day) + " " +
           std::string(months[c.month - 1]) + " " + std::to_string(c.year) + " " +
           two(rest / 3600) + ":" + two(rest / 60 % 60) + ":" + two(rest % 60) + " +0000";
}

} // namespace maillab::mail_detail
