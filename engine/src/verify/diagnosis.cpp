// Turns two check results into causes a help-desk trainee can act on.
#include "maillab/verify/diagnosis.hpp"

#include <algorithm>

namespace maillab {
namespace {

std::string q(const std::string& s) { return "\u201c" + s + "\u201d"; }

bool contains(const std::string& haystack, std::string_view needle) {
    auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                          [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) ==
                                                      std::tolower(static_cast<unsigned char>(b)); });
    return it != haystack.end();
}

bool is_starttls_port(std::uint16_t port) {
    return port == 587 || port == 25 || port == 143 || port == 110;
}
bool is_implicit_tls_port(std::uint16_t port) { return port == 465 || port == 993 || port == 995; }

std::string side(const CheckResult& c) {
    return c.role == ServerRole::smtp ? "The outgoing server " + q(c.host)
                                      : "The incoming server " + q(c.host);
}

std::string implicit_port_for(const CheckResult& c) {
    switch (c.role) {
    case ServerRole::incoming_imap:
        return "993";
    case ServerRole::incoming_pop3:
        return "995";
    case ServerRole::smtp:
        return "465";
    }
    return "";
}

bool smtp_auth_disabled(const CheckResult& c) {
    const std::string& r = c.server_reply;
    return c.role == ServerRole::smtp &&
           (contains(r, "5.7.139") || contains(r, "SmtpClientAuthentication") ||
            (contains(r, "disabled") && (c.reply_code == 535 || c.reply_code == 550 ||
                                         c.reply_code == 554)));
}

bool relay_refused(const CheckResult& c) {
    return c.role == ServerRole::smtp && c.outcome == Outcome::auth_failed &&
           !c.credentials_sent;
}

} // namespace

std::vector<std::string> diagnose_check(const CheckResult& c) {
    std::vector<std::string> out;
    for (const auto& alert : c.alerts)
        out.push_back(side(c) + " says: " + alert);
    switch (c.outcome) {
    case Outcome::ok:
        break;
    case Outcome::dns_failed:
        out.push_back("The host name " + q(c.host) +
                      " cannot be found in DNS: check its spelling in the server settings.");
        break;
    case Outcome::connect_failed:
        out.push_back("Nothing accepts connections on " + q(c.host) + " port " +
                      std::to_string(c.port) +
                      ": the port is wrong, the service is down, or a firewall blocks it.");
        break;
    case Outcome::timeout:
        if (c.security != Security::tls && is_implicit_tls_port(c.port))
            out.push_back("Port " + std::to_string(c.port) +
                          " expects TLS from the first byte (Use SSL on), but Use SSL is off: the "
                          "server waits for a TLS handshake that never comes. Turn Use SSL on.");
        else
            out.push_back(side(c) + " did not answer in time (port " + std::to_string(c.port) +
                          "): the server is overloaded, or a firewall drops the traffic.");
        break;
    case Outcome::tls_failed:
        if (c.security == Security::tls && is_starttls_port(c.port))
            out.push_back("Use SSL is on for port " + std::to_string(c.port) +
                          ", which speaks plain text first and upgrades with STARTTLS: choose "
                          "STARTTLS for this port, or implicit TLS on port " +
                          implicit_port_for(c) + ".");
        else
            out.push_back("The TLS connection to " + q(c.host) +
                          " failed (old TLS version or broken server setup): " + c.message);
        break;
    case Outcome::certificate_name_mismatch: {
        std::string names;
        if (c.certificate)
            for (const auto& san : c.certificate->subject_alt_names)
                names += (names.empty() ? "" : ", ") + san;
        out.push_back("The certificate of " + q(c.host) + " was issued for other names (" +
                      (names.empty() ? "none listed" : names) +
                      "): use the host name the certificate names, or ask the provider for the "
                      "right one. Do not trust it blindly: this is what an attack looks like too.");
        break;
    }
    case Outcome::certificate_untrusted:
        if (c.certificate && c.certificate->expired)
            out.push_back("The certificate of " + q(c.host) + " expired on " +
                          c.certificate->not_after + ": the provider must renew it.");
        else if (c.certificate && c.certificate->not_yet_valid)
            out.push_back("The certificate of " + q(c.host) + " is not valid before " +
                          c.certificate->not_before + ": check the device's clock.");
        else if (c.certificate && c.certificate->self_signed)
            out.push_back("The certificate of " + q(c.host) +
                          " is self-signed: trust it only after confirming its fingerprint (" +
                          c.certificate->sha256_fingerprint + ") with the provider.");
        else
            out.push_back("The certificate of " + q(c.host) + " comes from an unknown issuer" +
                          (c.certificate ? " (" + c.certificate->issuer + ")" : std::string{}) +
                          ": trust it only after confirming its fingerprint with the provider.");
        break;
    case Outcome::starttls_unavailable:
        out.push_back(side(c) + " does not offer STARTTLS on port " + std::to_string(c.port) +
                      ": try implicit TLS (Use SSL on, port " + implicit_port_for(c) +
                      "). No password was sent without encryption.");
        break;
    case Outcome::plaintext_refused:
        out.push_back(side(c) +
                      " refuses passwords without encryption, as it should: turn Use SSL on.");
        break;
    case Outcome::auth_mechanism_unsupported:
        out.push_back(side(c) + " does not support the chosen Authentication method: " +
                      c.message);
        break;
    case Outcome::auth_failed:
        if (smtp_auth_disabled(c))
            out.push_back("The provider has disabled authenticated SMTP (SMTP AUTH) for this "
                          "mailbox: the password may well be right. The fix is on the provider's "
                          "side (enable SMTP AUTH for the mailbox), not on the phone.");
        else if (relay_refused(c))
            out.push_back("The outgoing server refuses to relay mail because outgoing "
                          "authentication is off: fill in User Name and Password under OUTGOING "
                          "MAIL SERVER (the phone calls them Optional, but this server needs "
                          "them).");
        break;
    case Outcome::protocol_error:
        out.push_back(side(c) + " answered in an unexpected way: " + c.message);
        break;
    }
    return out;
}

std::vector<std::string> diagnose(const Account& account, const CheckResult& in,
                                  const CheckResult& out) {
    std::vector<std::string> lines;
    const bool in_auth = in.outcome == Outcome::auth_failed;
    const bool out_auth = out.outcome == Outcome::auth_failed && out.credentials_sent &&
                          !smtp_auth_disabled(out);
    if (in.ok() && out_auth) {
        std::string differ = account.stored_passwords_differ()
                                 ? "The two stored passwords differ."
                                 : "The two stored passwords are the same, so check the outgoing "
                                   "User Name too.";
        lines.push_back("The incoming server accepts the password but the outgoing server " +
                        q(out.host) + " rejects it" +
                        (out.reply_code ? " (" + std::to_string(out.reply_code) + ")" : "") +
                        ": the outgoing (SMTP) password was probably not updated after a "
                        "password change. Fix it in SMTP > Primary Server > Password. " +
                        differ);
    } else if (in_auth && out_auth) {
        lines.push_back("Both servers reject the password: the password or the user name is "
                        "wrong for both (or the account is locked).");
    } else if (in_auth && out.ok()) {
        lines.push_back("The outgoing server accepts its password but the incoming server " +
                        q(in.host) +
                        " rejects the incoming one: update the incoming password (Settings > "
                        "account > Password).");
    } else if (in_auth) {
        lines.push_back("The incoming server " + q(in.host) +
                        " rejects the user name or password.");
    } else if (out_auth) {
        lines.push_back("The outgoing server " + q(out.host) +
                        " rejects the user name or password.");
    }
    for (const auto* check : {&in, &out})
        for (auto& line : diagnose_check(*check))
            lines.push_back(std::move(line));
    for (const auto* check : {&in, &out})
        for (const auto& warning : check->warnings)
            lines.push_back("Warning: " + warning + ".");
    if (lines.empty() && in.ok() && out.ok())
        lines.push_back("Both servers accept the account's settings.");
    return lines;
}

} // namespace maillab
