#include "../app/lab_script.hpp"
#include "maillab/model/account.hpp"
#include "maillab/profiles/bundled_providers.hpp"
#include "scenario.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>

namespace maillab::sim::training {
namespace {

constexpr std::size_t max_scenario_bytes = 256 * 1024;

// One "key: value" entry; continuation lines (indented) are folded into the value.
struct Entry {
    std::string key;
    std::string value;
    int line = 0;
};

// "MX lab.maillab.test" as the lab's dns_query events write it: the type in upper case, the
// name in lower case without a trailing dot.
std::string dns_question(std::string type, std::string name) {
    for (auto& ch : type)
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    for (auto& ch : name)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (name.size() > 1 && name.back() == '.')
        name.pop_back();
    return type + " " + name;
}

Result<Condition> parse_condition(const std::string& text, int line);

// "not CONDITION": one "not" only (a file may not make the parser recurse).
Result<Condition> parse_possibly_negated(const std::string& text, int line) {
    if (!text.starts_with("not "))
        return parse_condition(text, line);
    const std::string rest = trimmed(std::string_view(text).substr(4));
    if (rest.starts_with("not "))
        return Error{"\"not not\": say the condition itself"};
    auto c = parse_condition(rest, line);
    if (c)
        c->negated = true;
    return c;
}

Result<Condition> parse_condition(const std::string& text, int line) {
    auto words = script_words(text);
    if (!words)
        return words.error();
    const auto& w = *words;
    Condition c{Condition::Kind::alert, {}, {}, lab::EventKind::connected, line};
    const std::string verb = w.empty() ? "" : w[0];
    if (verb == "alert" && w.size() == 2) {
        c.kind = Condition::Kind::alert;
        c.arg = w[1];
    } else if (verb == "lab" && (w.size() == 2 || w.size() == 3)) {
        auto wait = parse_lab_wait(text.substr(text.find("lab") + 3));
        if (!wait)
            return wait.error();
        c.kind = Condition::Kind::lab_event;
        c.arg = std::string(lab::to_string(wait->kind));
        c.address = wait->address;
        c.event = wait->kind;
    } else if ((verb == "account-saved" || verb == "incoming-password-current" ||
                verb == "outgoing-password-current") &&
               w.size() == 2) {
        c.kind = verb == "account-saved"               ? Condition::Kind::account_saved
                 : verb == "incoming-password-current" ? Condition::Kind::incoming_password_current
                                                       : Condition::Kind::outgoing_password_current;
        c.address = w[1];
    } else if (verb == "screen" && w.size() == 2) {
        c.kind = Condition::Kind::screen;
        c.arg = w[1];
    } else if (verb == "no-trusted-certificates" && w.size() == 1) {
        c.kind = Condition::Kind::no_trusted_certificates;
    } else if (verb == "smtp-auth-enabled" && w.size() == 2) {
        c.kind = Condition::Kind::smtp_auth_enabled;
        c.address = w[1];
    } else if (verb == "dns-query" && w.size() == 3) {
        c.kind = Condition::Kind::dns_query;
        c.arg = dns_question(w[1], w[2]);
    } else if (verb == "second-device-protocol" && w.size() == 2 && parse_incoming_protocol(w[1])) {
        c.kind = Condition::Kind::second_device_protocol;
        c.arg = w[1];
    } else if (verb == "phone-inbox-has" && w.size() == 2 && !w[1].empty()) {
        c.kind = Condition::Kind::phone_inbox_has;
        c.arg = w[1];
    } else if (verb == "new-mail-on-both" && w.size() == 2) {
        c.kind = Condition::Kind::new_mail_on_both;
        c.address = w[1];
    } else {
        return Error{"unknown condition \"" + text +
                     "\" (alert \"TITLE\", lab KIND [\"ADDRESS\"], account-saved ADDRESS, "
                     "incoming-password-current ADDRESS, outgoing-password-current ADDRESS, "
                     "screen ID, no-trusted-certificates, smtp-auth-enabled ADDRESS, "
                     "dns-query TYPE NAME, second-device-protocol imap|pop3, "
                     "phone-inbox-has \"SUBJECT\", new-mail-on-both ADDRESS; \"not CONDITION\" "
                     "for the opposite)"};
    }
    return c;
}

// "laptop pop3-delete|pop3-keep|imap ADDRESS [every SECONDS]"
Result<SecondDeviceStart> parse_second_device(const std::string& text, int line) {
    const Error usage{"laptop pop3-delete|pop3-keep|imap ADDRESS [every SECONDS] (5 to 3600)"};
    auto words = script_words(text);
    if (!words)
        return words.error();
    const auto& w = *words;
    if ((w.size() != 3 && w.size() != 5) || w[0] != "laptop")
        return usage;
    SecondDeviceStart device;
    device.line = line;
    using Mode = SecondDeviceStart::Mode;
    if (w[1] == "pop3-delete")
        device.mode = Mode::pop3_delete;
    else if (w[1] == "pop3-keep")
        device.mode = Mode::pop3_keep;
    else if (w[1] == "imap")
        device.mode = Mode::imap;
    else
        return usage;
    device.address = w[2];
    if (device.address.find('@') == std::string::npos)
        return Error{"\"" + device.address + "\" is not a mail address"};
    if (w.size() == 5) {
        int seconds = 0;
        auto [p, ec] = std::from_chars(w[4].data(), w[4].data() + w[4].size(), seconds);
        if (w[3] != "every" || ec != std::errc{} || p != w[4].data() + w[4].size() || seconds < 5 ||
            seconds > 3600)
            return usage;
        device.check_every_seconds = seconds;
    }
    return device;
}

bool valid_setting(const std::string& field, const std::string& value) {
    if (field == "incoming.protocol")
        return parse_incoming_protocol(value).has_value();
    if (field == "incoming.security" || field == "outgoing.security")
        return parse_security(value).has_value();
    if (field == "outgoing.auth")
        return parse_auth_method(value).has_value();
    if (field == "incoming.port" || field == "outgoing.port") {
        int port = 0;
        auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), port);
        return ec == std::errc{} && p == value.data() + value.size() && port > 0 && port < 65536;
    }
    return field == "incoming.password" || field == "outgoing.username" ||
           field == "outgoing.password";
}

bool is_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

bool is_play_file_name(std::string_view name) {
    return name.size() > 5 && name.substr(name.size() - 5) == ".play" &&
           name.find('/') == std::string_view::npos && name.find("..") == std::string_view::npos;
}

} // namespace

std::string_view to_string(Condition::Kind kind) {
    switch (kind) {
    case Condition::Kind::alert:
        return "alert";
    case Condition::Kind::lab_event:
        return "lab";
    case Condition::Kind::account_saved:
        return "account-saved";
    case Condition::Kind::incoming_password_current:
        return "incoming-password-current";
    case Condition::Kind::outgoing_password_current:
        return "outgoing-password-current";
    case Condition::Kind::screen:
        return "screen";
    case Condition::Kind::no_trusted_certificates:
        return "no-trusted-certificates";
    case Condition::Kind::smtp_auth_enabled:
        return "smtp-auth-enabled";
    case Condition::Kind::dns_query:
        return "dns-query";
    case Condition::Kind::second_device_protocol:
        return "second-device-protocol";
    case Condition::Kind::phone_inbox_has:
        return "phone-inbox-has";
    case Condition::Kind::new_mail_on_both:
        return "new-mail-on-both";
    }
    return "?";
}

namespace {

struct BadByte {
    int line;
    std::string what;
};

// Scenario files are UTF-8 text: control characters (tab aside) and malformed UTF-8 are refused
// before anything is read, so nothing shown to the trainee carries them.
std::optional<BadByte> first_bad_byte(std::string_view text) {
    int line = 1;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            ++i;
            continue;
        }
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
                return BadByte{line, "a control character (byte " + std::to_string(c) + ")"};
            ++i;
            continue;
        }
        const std::size_t length = c >= 0xC2 && c <= 0xDF   ? 2
                                   : c >= 0xE0 && c <= 0xEF ? 3
                                   : c >= 0xF0 && c <= 0xF4 ? 4
                                                            : 0;
        bool ok = length != 0 && i + length <= text.size();
        for (std::size_t k = 1; ok && k < length; ++k)
            ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        if (ok && length >= 3) { // no overlong forms, surrogates or code points past U+10FFFF
            const auto second = static_cast<unsigned char>(text[i + 1]);
            ok = !(c == 0xE0 && second < 0xA0) && !(c == 0xED && second > 0x9F) &&
                 !(c == 0xF0 && second < 0x90) && !(c == 0xF4 && second > 0x8F);
        }
        if (!ok)
            return BadByte{line, "invalid UTF-8"};
        i += length;
    }
    return std::nullopt;
}

} // namespace

Result<Scenario> parse_scenario(std::string_view text, const std::filesystem::path& file) {
    const std::string name = file.filename().string();
    auto at = [&](int line, const std::string& what) {
        return Error{name + ":" + std::to_string(line) + ": " + what};
    };
    if (text.size() > max_scenario_bytes)
        return Error{name + ": larger than 256 KiB"};
    if (auto bad = first_bad_byte(text))
        return at(bad->line, bad->what);

    std::vector<Entry> entries;
    int line_no = 0;
    while (!text.empty()) {
        const auto eol = text.find('\n');
        const std::string_view raw = text.substr(0, eol);
        text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
        ++line_no;
        const std::string line = trimmed(raw);
        if (line.empty() || line[0] == '#')
            continue;
        if (raw.front() == ' ' || raw.front() == '\t') {
            if (entries.empty())
                return at(line_no, "a continuation line before any entry");
            entries.back().value += " " + line;
            continue;
        }
        const auto colon = line.find(':');
        if (colon == std::string::npos || colon == 0)
            return at(line_no, "expected \"key: value\"");
        entries.push_back({line.substr(0, colon), trimmed(line.substr(colon + 1)), line_no});
    }

    Scenario s;
    s.file = file;
    for (const auto& e : entries) {
        const auto& v = e.value;
        auto single = [&](std::string& field) -> Status {
            if (!field.empty())
                return at(e.line, e.key + ": given twice");
            if (v.empty())
                return at(e.line, e.key + ": empty");
            field = v;
            return Done{};
        };
        Status ok = Done{};
        if (e.key == "id") {
            ok = single(s.id);
            if (ok && !is_id(s.id))
                return at(e.line, "id: lower-case letters, digits and '-' only (at most 64)");
        } else if (e.key == "title") {
            ok = single(s.title);
        } else if (e.key == "goal") {
            ok = single(s.goal);
        } else if (e.key == "start") {
            auto w = script_words(v);
            if (w && w->size() == 1 && (*w)[0] == "empty") {
                s.start = {StartState::Kind::empty, {}, {}};
            } else if (w && w->size() == 2 && (*w)[0] == "lab-account") {
                s.start = {StartState::Kind::lab_account, (*w)[1], {}};
            } else {
                return at(e.line, "start: \"empty\" or \"lab-account ADDRESS\"");
            }
        } else if (e.key == "setting") {
            if (s.start.kind != StartState::Kind::lab_account)
                return at(e.line, "setting: changes the starting account: put it after "
                                  "\"start: lab-account ADDRESS\"");
            auto w = script_words(v);
            if (!w || w->size() != 2 || !valid_setting((*w)[0], (*w)[1]))
                return at(e.line,
                          "setting: FIELD VALUE with FIELD one of incoming.protocol "
                          "(imap|pop3), incoming.port, incoming.security (tls|starttls|none), "
                          "incoming.password, outgoing.port, outgoing.security, outgoing.auth "
                          "(password|none), "
                          "outgoing.username, outgoing.password (\"\" for empty)");
            s.start.settings.push_back({(*w)[0], (*w)[1], e.line});
        } else if (e.key == "second-device") {
            if (s.second_device)
                return at(e.line, "second-device: given twice");
            auto device = parse_second_device(v, e.line);
            if (!device)
                return at(e.line, "second-device: " + device.error().message);
            s.second_device = *device;
        } else if (e.key == "before") {
            if (v.rfind("lab ", 0) != 0)
                return at(e.line, "before: a lab line (lab password ..., lab certificate ...)");
            if (auto action = parse_lab_action(v.substr(4)); !action)
                return at(e.line, "before: " + action.error().message);
            s.before.push_back(v);
        } else if (e.key == "step") {
            if (v.empty())
                return at(e.line, "step: needs a title");
            s.steps.push_back({v, {}, {}, e.line});
        } else if (e.key == "hint" || e.key == "done") {
            if (s.steps.empty())
                return at(e.line, e.key + ": belongs to a step (put it after \"step:\")");
            if (e.key == "hint") {
                ok = single(s.steps.back().hint);
            } else {
                auto c = parse_possibly_negated(v, e.line);
                if (!c)
                    return at(e.line, "done: " + c.error().message);
                s.steps.back().done_when.push_back(*c);
            }
        } else if (e.key == "success") {
            auto c = parse_possibly_negated(v, e.line);
            if (!c)
                return at(e.line, "success: " + c.error().message);
            s.success.push_back(*c);
        } else if (e.key == "debrief-success") {
            ok = single(s.debrief_success);
        } else if (e.key == "debrief-failure") {
            ok = single(s.debrief_failure);
        } else if (e.key == "solution" || e.key == "wrong-path") {
            if (!is_play_file_name(v))
                return at(e.line, e.key + ": a .play file name next to the scenario");
            if (e.key == "solution")
                ok = single(s.solution);
            else
                s.wrong_paths.push_back(v);
        } else {
            return at(e.line, "unknown key \"" + e.key + "\"");
        }
        if (!ok)
            return ok.error();
    }
    for (const auto& [field, key] : {std::pair{&s.id, "id"},
                                     {&s.title, "title"},
                                     {&s.goal, "goal"},
                                     {&s.debrief_success, "debrief-success"},
                                     {&s.debrief_failure, "debrief-failure"},
                                     {&s.solution, "solution"}})
        if (field->empty())
            return Error{name + ": \"" + key + ":\" is missing"};
    if (s.steps.empty())
        return Error{name + ": no \"step:\""};
    for (const auto& step : s.steps)
        if (step.done_when.empty())
            return at(step.line, "step \"" + step.title + "\" has no \"done:\" condition");
    if (s.success.empty())
        return Error{name + ": no \"success:\" condition"};
    if (file.stem().string() != s.id)
        return Error{name + ": the id \"" + s.id + "\" must match the file name"};
    return s;
}

Result<Scenario> load_scenario(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return Error{"cannot read " + file.string()};
    std::string text(max_scenario_bytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return parse_scenario(text, file);
}

Result<std::vector<Scenario>> load_scenarios(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".scenario")
            files.push_back(entry.path());
    if (ec)
        return Error{"cannot list " + dir.string() + ": " + ec.message()};
    std::sort(files.begin(), files.end());
    std::vector<Scenario> out;
    for (const auto& f : files) {
        auto s = load_scenario(f);
        if (!s)
            return s.error();
        out.push_back(std::move(*s));
    }
    return out;
}

std::filesystem::path default_scenarios_dir() {
    const auto assets = profiles::default_assets_dir();
    if (assets.empty())
        return {};
    std::error_code ec;
    const auto dir = assets / "scenarios";
    return std::filesystem::is_directory(dir, ec) ? dir : std::filesystem::path();
}

} // namespace maillab::sim::training
