#include "mail_parts.hpp"

#include <cctype>
#include <ctime>

namespace maillab::sim {
namespace {

std::tm local(std::int64_t t) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm out{};
    localtime_r(&tt, &out);
    return out;
}

std::string clock_text(const std::tm& t) {
    const int hour12 = t.tm_hour % 12 == 0 ? 12 : t.tm_hour % 12;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d:%02d %s", hour12, t.tm_min, t.tm_hour < 12 ? "AM" : "PM");
    return buf;
}

// Days since some fixed day, in local time (for "today", "yesterday").
long day_number(const std::tm& t) {
    std::tm copy = t;
    copy.tm_hour = 12;
    copy.tm_min = copy.tm_sec = 0;
    return static_cast<long>(std::mktime(&copy) / 86400);
}

constexpr const char* weekdays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                    "Thursday", "Friday", "Saturday"};
constexpr const char* months[] = {"January",   "February", "March",    "April",
                                  "May",       "June",     "July",     "August",
                                  "September", "October",  "November", "December"};

std::string trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return std::string(s);
}

} // namespace

std::string list_date(std::int64_t date, std::int64_t now) {
    if (date <= 0)
        return {};
    const std::tm d = local(date), n = local(now);
    const long days = day_number(n) - day_number(d);
    if (days <= 0)
        return clock_text(d);
    if (days == 1)
        return "Yesterday";
    if (days < 7)
        return weekdays[d.tm_wday];
    const int yy = d.tm_year % 100;
    return std::to_string(d.tm_mon + 1) + "/" + std::to_string(d.tm_mday) + "/" +
           (yy < 10 ? "0" : "") + std::to_string(yy);
}

std::string long_date(std::int64_t date) {
    if (date <= 0)
        return {};
    const std::tm d = local(date);
    return std::string(months[d.tm_mon]) + " " + std::to_string(d.tm_mday) + ", " +
           std::to_string(d.tm_year + 1900) + " at " + clock_text(d);
}

std::string updated_text(double age) {
    if (age < 60)
        return "Updated Just Now";
    const long minutes = static_cast<long>(age / 60);
    if (minutes < 60)
        return "Updated " + count_text(static_cast<std::size_t>(minutes), "minute", "minutes") +
               " ago";
    const long hours = minutes / 60;
    return "Updated " + count_text(static_cast<std::size_t>(hours), "hour", "hours") + " ago";
}

std::string preview_text(std::string_view body, std::size_t max_chars) {
    std::string out;
    bool space = false;
    for (char c : body) {
        if (out.size() >= max_chars)
            break;
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string address_of(std::string_view display) {
    const auto open = display.rfind('<');
    const auto close = display.rfind('>');
    if (open != std::string_view::npos && close != std::string_view::npos && close > open)
        return trim(display.substr(open + 1, close - open - 1));
    return trim(display);
}

std::vector<std::string> split_addresses(std::string_view field) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= field.size(); ++i)
        if (i == field.size() || field[i] == ',' || field[i] == ';') {
            std::string a = address_of(field.substr(start, i - start));
            if (!a.empty())
                out.push_back(std::move(a));
            start = i + 1;
        }
    return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : std::string(separator)) + item;
    return out;
}

std::string count_text(std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

} // namespace maillab::sim
