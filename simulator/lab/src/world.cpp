#include "maillab/lab/world.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

namespace maillab::lab {
namespace json = boost::json;
namespace {

constexpr std::size_t max_world_bytes = 4 * 1024 * 1024;

struct WorldError {
    std::string message;
};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool valid_domain(std::string_view domain) {
    if (domain.empty() || domain.size() > 253 || domain.front() == '.' || domain.back() == '.')
        return false;
    std::size_t label = 0;
    for (char c : domain) {
        if (c == '.') {
            if (label == 0)
                return false;
            label = 0;
            continue;
        }
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-') || ++label > 63)
            return false;
    }
    return true;
}

bool valid_local_part(std::string_view local) {
    if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.')
        return false;
    for (char c : local)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || std::string_view(".-_+").find(c) !=
                                                                 std::string_view::npos))
            return false;
    return true;
}

bool has_control(std::string_view text, bool allow_newlines) {
    for (unsigned char c : text)
        if ((c < 0x20 && !(allow_newlines && (c == '\n' || c == '\r' || c == '\t'))) || c == 0x7f)
            return true;
    return false;
}

class Reader {
  public:
    Reader(const json::object& object, std::string path) : object_(object), path_(std::move(path)) {}

    void only(std::initializer_list<std::string_view> known) const {
        for (const auto& item : object_) {
            if (std::find(known.begin(), known.end(), std::string_view(item.key())) == known.end())
                throw WorldError{field(item.key()) + ": unknown field"};
        }
    }
    std::string field(std::string_view name) const {
        return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
    }
    const json::value* find(std::string_view name) const { return object_.if_contains(name); }

    std::string string(std::string_view name, bool required, bool multiline = false,
                       std::size_t max = 1024) const {
        const auto* value = find(name);
        if (!value) {
            if (required)
                throw WorldError{field(name) + ": missing (a string is required)"};
            return {};
        }
        if (!value->is_string())
            throw WorldError{field(name) + ": must be a string"};
        std::string text(value->as_string());
        if (required && text.empty())
            throw WorldError{field(name) + ": must not be empty"};
        if (text.size() > max)
            throw WorldError{field(name) + ": longer than " + std::to_string(max) + " bytes"};
        if (has_control(text, multiline))
            throw WorldError{field(name) + ": contains control characters"};
        return text;
    }
    bool boolean(std::string_view name) const {
        const auto* value = find(name);
        if (!value)
            return false;
        if (!value->is_bool())
            throw WorldError{field(name) + ": must be true or false"};
        return value->as_bool();
    }
    const json::array& array(std::string_view name, bool required) const {
        static const json::array empty;
        const auto* value = find(name);
        if (!value) {
            if (required)
                throw WorldError{field(name) + ": missing (an array is required)"};
            return empty;
        }
        if (!value->is_array())
            throw WorldError{field(name) + ": must be an array"};
        return value->as_array();
    }

  private:
    const json::object& object_;
    std::string path_;
};

const json::object& as_object(const json::value& value, const std::string& path) {
    if (!value.is_object())
        throw WorldError{(path.empty() ? std::string("the document") : path) + ": must be an object"};
    return value.as_object();
}

// "Name <local@domain>" or "local@domain": the address part must look like one.
bool plausible_mailbox(std::string_view text) {
    auto open = text.rfind('<');
    std::string_view address = text;
    if (open != std::string_view::npos) {
        auto close = text.find('>', open);
        if (close == std::string_view::npos || close + 1 != text.size())
            return false;
        address = text.substr(open + 1, close - open - 1);
    }
    auto at = address.find('@');
    return at != std::string_view::npos && at > 0 && at + 1 < address.size() &&
           address.find(' ') == std::string_view::npos;
}

SeedMessage read_message(const json::value& value, const std::string& path) {
    Reader r(as_object(value, path), path);
    r.only({"from", "to", "subject", "date", "body", "seen", "flagged"});
    SeedMessage m;
    m.from = r.string("from", true);
    if (!plausible_mailbox(m.from))
        throw WorldError{r.field("from") + ": not an address (\"Name <local@domain>\" or \"local@domain\")"};
    m.to = r.string("to", false);
    if (!m.to.empty() && !plausible_mailbox(m.to))
        throw WorldError{r.field("to") + ": not an address"};
    m.subject = r.string("subject", true, false, 998);
    auto date_text = r.string("date", true);
    auto date = parse_rfc3339(date_text);
    if (!date)
        throw WorldError{r.field("date") + ": not an RFC 3339 time like 2026-03-02T09:15:00Z"};
    m.date = *date;
    m.body = r.string("body", true, true, 1024 * 1024);
    m.seen = r.boolean("seen");
    m.flagged = r.boolean("flagged");
    return m;
}

World read_world(const json::value& root) {
    Reader r(as_object(root, ""), "");
    r.only({"$comment", "version", "domain", "users"});
    if (const auto* version = r.find("version")) {
        if (!version->is_int64() || version->as_int64() != 1)
            throw WorldError{"version: must be 1"};
    } else {
        throw WorldError{"version: missing (must be 1)"};
    }
    World world;
    world.domain = lower(r.string("domain", true, false, 253));
    if (!valid_domain(world.domain))
        throw WorldError{"domain: not a domain name: " + world.domain};
    const auto& users = r.array("users", true);
    if (users.empty())
        throw WorldError{"users: must name at least one user"};
    std::set<std::string> seen;
    for (std::size_t i = 0; i < users.size(); ++i) {
        std::string path = "users[" + std::to_string(i) + "]";
        Reader u(as_object(users[i], path), path);
        u.only({"address", "name", "password", "smtp_auth_disabled", "inbox"});
        WorldUser user;
        user.address = lower(u.string("address", true, false, 254));
        auto at = user.address.find('@');
        if (at == std::string::npos || !valid_local_part(user.address.substr(0, at)))
            throw WorldError{u.field("address") + ": not an address: " + user.address};
        if (user.address.substr(at + 1) != world.domain)
            throw WorldError{u.field("address") + ": " + user.address + " is not in the lab domain " +
                             world.domain};
        if (!seen.insert(user.address).second)
            throw WorldError{u.field("address") + ": " + user.address + " appears twice"};
        user.name = u.string("name", false, false, 200);
        user.password = u.string("password", true, false, 256);
        user.smtp_auth_disabled = u.boolean("smtp_auth_disabled");
        const auto& inbox = u.array("inbox", false);
        for (std::size_t k = 0; k < inbox.size(); ++k)
            user.inbox.push_back(read_message(inbox[k], u.field("inbox") + "[" + std::to_string(k) + "]"));
        world.users.push_back(std::move(user));
    }
    return world;
}

int digits(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size())
        return -1;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(text[i])))
            return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

} // namespace

std::optional<std::int64_t> parse_rfc3339(std::string_view t) {
    // YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)
    if (t.size() < 20 || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != 't' && t[10] != ' ') ||
        t[13] != ':' || t[16] != ':')
        return std::nullopt;
    int year = digits(t, 0, 4), month = digits(t, 5, 2), day = digits(t, 8, 2);
    int hour = digits(t, 11, 2), minute = digits(t, 14, 2), second = digits(t, 17, 2);
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
        minute < 0 || minute > 59 || second < 0 || second > 60)
        return std::nullopt;
    static constexpr int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > month_days[month - 1] || (month == 2 && day == 29 && !leap))
        return std::nullopt;
    std::size_t at = 19;
    if (at < t.size() && t[at] == '.') {
        ++at;
        std::size_t start = at;
        while (at < t.size() && std::isdigit(static_cast<unsigned char>(t[at])))
            ++at;
        if (at == start)
            return std::nullopt;
    }
    std::int64_t offset = 0;
    if (at < t.size() && (t[at] == 'Z' || t[at] == 'z')) {
        ++at;
    } else if (at + 6 == t.size() && (t[at] == '+' || t[at] == '-') && t[at + 3] == ':') {
        int oh = digits(t, at + 1, 2), om = digits(t, at + 4, 2);
        if (oh < 0 || oh > 23 || om < 0 || om > 59)
            return std::nullopt;
        offset = (oh * 60 + om) * 60 * (t[at] == '+' ? 1 : -1);
        at += 6;
    } else {
        return std::nullopt;
    }
    if (at != t.size())
        return std::nullopt;
    std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return days * 86400 + hour * 3600 + minute * 60 + second - offset;
}

WorldResult parse_world(std::string_view json_text) {
    WorldResult result;
    if (json_text.size() > max_world_bytes) {
        result.error = "the world file is larger than 4 MiB";
        return result;
    }
    boost::system::error_code ec;
    json::parse_options options;
    options.max_depth = 16;
    json::value root = json::parse(json_text, ec, {}, options);
    if (ec) {
        result.error = "not valid JSON: " + ec.message();
        return result;
    }
    try {
        result.world = read_world(root);
    } catch (const WorldError& error) {
        result.error = error.message;
    }
    return result;
}

WorldResult load_world(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        WorldResult result;
        result.error = "cannot read the lab world file " + file.string();
        return result;
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto result = parse_world(text.str());
    if (!result.world)
        result.error = file.string() + ": " + result.error;
    return result;
}

} // namespace maillab::lab
