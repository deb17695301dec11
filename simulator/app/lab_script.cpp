#include "lab_script.hpp"

#include "maillab/model/validation.hpp"

#include <charconv>
#include <vector>

namespace maillab::sim {
namespace {} // namespace

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return std::string(s);
}

std::string script_quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out + "\"";
}

Result<std::vector<std::string>> script_words(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ' || text[i] == '\t' || text[i] == '\r') {
            ++i;
            continue;
        }
        std::string word;
        if (text[i] == '"') {
            ++i;
            bool closed = false;
            while (i < text.size()) {
                if (text[i] == '\\' && i + 1 < text.size()) {
                    word += text[i + 1] == 'n' ? '\n' : text[i + 1];
                    i += 2;
                } else if (text[i] == '"') {
                    ++i;
                    closed = true;
                    break;
                } else {
                    word += text[i++];
                }
            }
            if (!closed)
                return Error{"a quoted word is not closed"};
        } else {
            while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\r')
                word += text[i++];
        }
        out.push_back(std::move(word));
    }
    return out;
}

Result<LabAction> parse_lab_action(std::string_view rest) {
    auto w = script_words(rest);
    if (!w)
        return w.error();
    const auto& a = *w;
    const std::string verb = a.empty() ? "" : a[0];
    LabAction action{LabAction::Kind::password, {}, {}, {}, {}, {}, {}};
    if (verb == "password" && a.size() == 3) {
        action.kind = LabAction::Kind::password;
        action.address = a[1];
        action.value = a[2];
    } else if (verb == "smtp-auth" && a.size() == 3 && (a[2] == "on" || a[2] == "off")) {
        action.kind = LabAction::Kind::smtp_auth;
        action.address = a[1];
        action.value = a[2];
    } else if (verb == "certificate" && a.size() == 2) {
        auto kind = lab::parse_certificate_kind(a[1]);
        if (!kind)
            return Error{"lab certificate: one of good, wrong_name, expired"};
        action.kind = LabAction::Kind::certificate;
        action.certificate = *kind;
    } else if ((verb == "close-port" || verb == "open-port") && a.size() == 2) {
        auto service = lab::parse_service(a[1]);
        if (!service)
            return Error{"lab " + verb +
                         ": a service (imap_tls, imap_starttls, pop3_tls, "
                         "pop3_starttls, smtp_tls, smtp_starttls, https, dns)"};
        action.kind =
            verb == "close-port" ? LabAction::Kind::close_port : LabAction::Kind::open_port;
        action.service = *service;
    } else if (verb == "discovery" && a.size() == 2 && (a[1] == "on" || a[1] == "off")) {
        action.kind = LabAction::Kind::discovery;
        action.value = a[1];
    } else if (verb == "delay" && a.size() == 2) {
        int ms = -1;
        auto [p, ec] = std::from_chars(a[1].data(), a[1].data() + a[1].size(), ms);
        if (ec != std::errc{} || p != a[1].data() + a[1].size() || ms < 0 || ms > 60000)
            return Error{"lab delay: milliseconds from 0 to 60000"};
        action.kind = LabAction::Kind::delay;
        action.delay = std::chrono::milliseconds(ms);
    } else if (verb == "mx" && a.size() == 2) {
        auto host = normalize_host_name(a[1]);
        if (!host || host->find('.') == std::string::npos)
            return Error{"lab mx: a host name such as mail.lab.maillab.test (" +
                         (host ? "\"" + a[1] + "\" has no dot" : host.error().message) + ")"};
        action.kind = LabAction::Kind::mx;
        action.value = *host;
    } else if (verb == "deliver" && (a.size() == 3 || a.size() == 4)) {
        if (a[2].empty() || a[2].size() > 200)
            return Error{"lab deliver: a subject of 1 to 200 characters"};
        action.kind = LabAction::Kind::deliver;
        action.address = a[1];
        action.value = a[2];
        action.from = a.size() == 4 ? a[3] : "MailLab Trainer <trainer@lab.maillab.test>";
    } else {
        return Error{"lab: one of password \"ADDRESS\" \"PASSWORD\", smtp-auth \"ADDRESS\" on|off, "
                     "certificate KIND, close-port SERVICE, open-port SERVICE, delay MS, "
                     "mx HOST, discovery on|off, deliver \"ADDRESS\" \"SUBJECT\" [\"FROM\"]"};
    }
    return action;
}

Result<LabWait> parse_lab_wait(std::string_view rest) {
    auto w = script_words(rest);
    if (!w)
        return w.error();
    if (w->empty() || w->size() > 2)
        return Error{"wait-lab: an event kind and optionally \"ADDRESS\""};
    auto kind = lab::parse_event_kind((*w)[0]);
    if (!kind)
        return Error{"wait-lab: unknown event kind \"" + (*w)[0] + "\""};
    return LabWait{*kind, w->size() == 2 ? (*w)[1] : std::string{}};
}

std::string apply_lab_action(lab::Lab& lab, const LabAction& action) {
    switch (action.kind) {
    case LabAction::Kind::password:
        return lab.change_password(action.address, action.value) ? ""
                                                                 : "no lab user " + action.address;
    case LabAction::Kind::smtp_auth:
        return lab.set_smtp_auth_disabled(action.address, action.value == "off")
                   ? ""
                   : "no lab user " + action.address;
    case LabAction::Kind::certificate:
        lab.set_certificate(action.certificate);
        return "";
    case LabAction::Kind::close_port:
        return lab.close_port(action.service)
                   ? ""
                   : "cannot close " + std::string(lab::to_string(action.service));
    case LabAction::Kind::open_port:
        return lab.open_port(action.service)
                   ? ""
                   : "cannot open " + std::string(lab::to_string(action.service));
    case LabAction::Kind::delay:
        lab.set_delay(action.delay);
        return "";
    case LabAction::Kind::mx:
        return lab.set_mx(action.value) ? "" : "not a host name: " + action.value;
    case LabAction::Kind::discovery:
        lab.set_discoverable(action.value == "on");
        return "";
    case LabAction::Kind::deliver: {
        lab::SeedMessage message;
        message.from = action.from;
        message.subject = action.value;
        message.body = "This message was delivered by the lab (lab deliver) for a lesson.\n";
        return lab.deliver(action.address, std::move(message))
                   ? ""
                   : "cannot deliver to " + action.address + " (no such lab user, or a full INBOX)";
    }
    }
    return "unknown lab action";
}

std::optional<std::uint64_t> find_lab_event(const lab::Lab& lab, const LabWait& wait,
                                            std::uint64_t after) {
    for (const auto& e : lab.events(after))
        if (e.kind == wait.kind && (wait.address.empty() || e.user == wait.address))
            return e.sequence;
    return std::nullopt;
}

std::uint64_t last_lab_event(const lab::Lab& lab) {
    const auto events = lab.events();
    return events.empty() ? 0 : events.back().sequence;
}

} // namespace maillab::sim
