// SPF (RFC 7208): the record parser, the include/redirect walk with its lookup limits, and the
// verdict of the "spf" check.
#include "common.hpp"
#include "maillab/autoconfig/dns_health.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cctype>

namespace maillab::autoconfig {
namespace {

using detail::lower;

bool is_alpha(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
    return is_alpha(c) || is_digit(c);
}

std::string quoted(std::string_view term) {
    return "\"" + std::string(term) + "\"";
}

// name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
bool is_modifier_name(std::string_view name) {
    if (name.empty() || !is_alpha(name.front()))
        return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; });
}

// toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
bool is_toplabel(std::string_view label) {
    if (label.empty() || !is_alnum(label.front()) || !is_alnum(label.back()))
        return false;
    bool alpha = false, hyphen = false;
    for (char c : label) {
        if (c == '-')
            hyphen = true;
        else if (is_alpha(c))
            alpha = true;
        else if (!is_digit(c))
            return false;
    }
    return alpha || hyphen;
}

// Checks the macros of a macro-string; the message says what is wrong.
std::optional<std::string> macro_problem(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%')
            continue;
        if (i + 1 >= s.size())
            return std::string("ends with a lone \"%\" (write %% for a percent sign)");
        char next = s[i + 1];
        if (next == '%' || next == '_' || next == '-') {
            ++i;
            continue;
        }
        if (next != '{')
            return "has \"%" + std::string(1, next) +
                   "\", which is no macro (write %% for a percent sign)";
        std::size_t j = i + 2;
        if (j >= s.size() ||
            std::string_view("slodiphv")
                    .find(static_cast<char>(std::tolower(static_cast<unsigned char>(s[j])))) ==
                std::string_view::npos)
            return std::string("has a macro with an unknown letter (allowed: s l o d i p h v)");
        ++j;
        while (j < s.size() && is_digit(s[j]))
            ++j;
        if (j < s.size() && (s[j] == 'r' || s[j] == 'R'))
            ++j;
        while (j < s.size() && std::string_view(".-+,/_=").find(s[j]) != std::string_view::npos)
            ++j;
        if (j >= s.size() || s[j] != '}')
            return std::string("has a macro that is not closed with \"}\"");
        i = j;
    }
    return std::nullopt;
}

// domain-spec = macro-string domain-end (RFC 7208 §7.1).
std::optional<std::string> domain_spec_problem(std::string_view spec) {
    if (spec.empty())
        return std::string("needs a domain");
    if (auto problem = macro_problem(spec))
        return "\"" + std::string(spec) + "\" " + *problem;
    // domain-end = ( "." toplabel [ "." ] ) / macro-expand
    if (spf_has_macros(spec)) {
        if (spec.back() == '}')
            return std::nullopt;
        if (spec.size() >= 2 && spec[spec.size() - 2] == '%')
            return std::nullopt; // ends in %%, %_ or %-
    }
    std::string_view name = spec;
    if (name.back() == '.')
        name.remove_suffix(1);
    auto dot = name.rfind('.');
    if (dot == std::string_view::npos)
        return "\"" + std::string(spec) + "\" is not a full domain name (it has no dot)";
    auto top = name.substr(dot + 1);
    if (!is_toplabel(top))
        return "\"" + std::string(spec) + "\" does not end in a valid top-level label (\"" +
               std::string(top) + "\")";
    if (spec.find('%') == std::string_view::npos) {
        if (name.size() > 253)
            return "\"" + std::string(spec) + "\" is longer than 253 characters";
        std::size_t start = 0;
        while (start <= name.size()) {
            auto end = name.find('.', start);
            if (end == std::string_view::npos)
                end = name.size();
            auto label = end - start;
            if (label == 0)
                return "\"" + std::string(spec) + "\" has an empty label (\"..\" or a leading dot)";
            if (label > 63)
                return "\"" + std::string(spec) + "\" has a label longer than 63 characters";
            start = end + 1;
        }
    }
    return std::nullopt;
}

// "0" / %x31-39 0*2DIGIT, at most max.
std::optional<int> parse_prefix_length(std::string_view text, int max) {
    if (text.empty() || text.size() > 3 || !std::all_of(text.begin(), text.end(), is_digit))
        return std::nullopt;
    if (text.size() > 1 && text.front() == '0')
        return std::nullopt;
    int value = 0;
    for (char c : text)
        value = value * 10 + (c - '0');
    if (value > max)
        return std::nullopt;
    return value;
}

// Strict dotted quad: four decimal numbers 0..255 without leading zeros.
bool is_ip4_network(std::string_view text) {
    int parts = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('.', start);
        if (end == std::string_view::npos)
            end = text.size();
        auto part = text.substr(start, end - start);
        if (!parse_prefix_length(part, 255))
            return false;
        ++parts;
        start = end + 1;
        if (end == text.size())
            break;
    }
    return parts == 4 && text.back() != '.';
}

bool is_ip6_network(std::string_view text) {
    if (text.empty() || text.size() > 45 || text.find(':') == std::string_view::npos)
        return false;
    std::string s(text);
    std::array<unsigned char, 16> buffer{};
    return inet_pton(AF_INET6, s.c_str(), buffer.data()) == 1;
}

std::string_view qualifier_word(SpfQualifier q) {
    switch (q) {
    case SpfQualifier::pass:
        return "pass";
    case SpfQualifier::fail:
        return "fail";
    case SpfQualifier::softfail:
        return "softfail";
    case SpfQualifier::neutral:
        return "neutral";
    }
    return "pass";
}

class TermParser {
  public:
    explicit TermParser(SpfRecord& record) : record_(record) {}

    void parse(std::string_view term) {
        for (char c : term) {
            auto u = static_cast<unsigned char>(c);
            if (u < 0x21 || u > 0x7e) {
                error(term, "contains a character SPF does not allow (a tab, a control character "
                            "or a non-ASCII character)");
                return;
            }
        }
        // A modifier is NAME=VALUE; a mechanism may start with a qualifier.
        const bool qualified =
            std::string_view("+-~?").find(term.front()) != std::string_view::npos;
        std::string_view body = qualified ? term.substr(1) : term;
        std::size_t name_end = 0;
        while (name_end < body.size() && (is_alnum(body[name_end]) || body[name_end] == '-' ||
                                          body[name_end] == '_' || body[name_end] == '.'))
            ++name_end;
        if (name_end < body.size() && body[name_end] == '=') {
            if (qualified && is_modifier_name(body.substr(0, name_end))) {
                error(term, "a modifier takes no qualifier (+ - ~ ?)");
                return;
            }
            if (!qualified) {
                modifier(term, body.substr(0, name_end), body.substr(name_end + 1));
                return;
            }
        }
        mechanism(term);
    }

  private:
    void error(std::string_view term, const std::string& message) {
        record_.errors.push_back(quoted(term) + ": " + message);
    }
    void warning(std::string_view term, const std::string& message) {
        record_.warnings.push_back(quoted(term) + ": " + message);
    }

    void modifier(std::string_view term, std::string_view raw_name, std::string_view value) {
        if (!is_modifier_name(raw_name)) {
            error(term, "\"" + std::string(raw_name) + "\" is not a valid modifier name");
            return;
        }
        std::string name = lower(raw_name);
        if (name == "redirect" || name == "exp") {
            auto& slot = name == "redirect" ? record_.redirect : record_.explanation;
            if (slot) {
                error(term, name + "= may appear only once");
                return;
            }
            if (auto problem = domain_spec_problem(value)) {
                error(term, *problem);
                return;
            }
            slot = std::string(value);
            return;
        }
        if (auto problem = macro_problem(value)) {
            error(term, "the value " + *problem);
            return;
        }
        if (name == "v")
            warning(term, "a second version tag inside the record: two records pasted together?");
        else
            warning(term, "unknown modifier, ignored by receivers");
        record_.unknown_modifiers.push_back({name, std::string(value), std::string(term)});
    }

    void mechanism(std::string_view term) {
        SpfMechanism m;
        m.term = std::string(term);
        std::string_view rest = term;
        switch (rest.front()) {
        case '+':
        case '-':
        case '~':
        case '?':
            m.qualifier = static_cast<SpfQualifier>(rest.front());
            rest.remove_prefix(1);
            break;
        default:
            break;
        }
        auto name_end = rest.find_first_of(":/");
        if (name_end == std::string_view::npos)
            name_end = rest.size();
        std::string name = lower(rest.substr(0, name_end));
        rest.remove_prefix(name_end); // "" or ":..." or "/..."
        if (name.empty()) {
            error(term, "a qualifier without a mechanism");
            return;
        }
        if (name == "all")
            m.kind = SpfMechanismKind::all;
        else if (name == "include")
            m.kind = SpfMechanismKind::include;
        else if (name == "a")
            m.kind = SpfMechanismKind::a;
        else if (name == "mx")
            m.kind = SpfMechanismKind::mx;
        else if (name == "ptr")
            m.kind = SpfMechanismKind::ptr;
        else if (name == "ip4")
            m.kind = SpfMechanismKind::ip4;
        else if (name == "ip6")
            m.kind = SpfMechanismKind::ip6;
        else if (name == "exists")
            m.kind = SpfMechanismKind::exists;
        else {
            std::string hint;
            if (name == "ipv4" || name == "ip")
                hint = " (did you mean ip4?)";
            else if (name == "ipv6")
                hint = " (did you mean ip6?)";
            else if (name == "redirect" || name == "exp")
                hint = " (did you mean " + name + "=?)";
            else if (name == "v")
                hint = " (a second version tag: two records pasted together?)";
            error(term, "unknown mechanism \"" + name + "\"" + hint);
            return;
        }
        if (!arguments(term, m, rest))
            return;
        if (m.kind == SpfMechanismKind::ptr)
            warning(term, "ptr is slow and deprecated (RFC 7208 §5.5); many receivers skip it");
        if ((m.cidr4 && *m.cidr4 == 0) || (m.cidr6 && *m.cidr6 == 0))
            warning(term, "a prefix length of 0 matches every address: anyone may send");
        record_.mechanisms.push_back(std::move(m));
    }

    // Parses what follows the mechanism name; false (with an error) when it is malformed.
    bool arguments(std::string_view term, SpfMechanism& m, std::string_view rest) {
        const std::string name(to_string(m.kind));
        switch (m.kind) {
        case SpfMechanismKind::all:
            if (!rest.empty()) {
                error(term, "\"all\" takes no domain or network");
                return false;
            }
            return true;
        case SpfMechanismKind::include:
        case SpfMechanismKind::exists: {
            if (rest.empty() || rest.front() != ':' || rest.size() == 1) {
                error(term, name + " needs a domain (" + name + ":example.com)");
                return false;
            }
            auto spec = rest.substr(1);
            if (auto slash = spec.find('/');
                slash != std::string_view::npos && spf_has_macros(spec) == false) {
                error(term, name + " takes no prefix length");
                return false;
            }
            if (auto problem = domain_spec_problem(spec)) {
                error(term, *problem);
                return false;
            }
            m.domain_spec = std::string(spec);
            return true;
        }
        case SpfMechanismKind::ptr: {
            if (rest.empty())
                return true;
            if (rest.front() == '/') {
                error(term, "ptr takes no prefix length");
                return false;
            }
            auto spec = rest.substr(1);
            if (auto problem = domain_spec_problem(spec)) {
                error(term, *problem);
                return false;
            }
            m.domain_spec = std::string(spec);
            return true;
        }
        case SpfMechanismKind::a:
        case SpfMechanismKind::mx: {
            std::string_view cidr;
            if (!rest.empty() && rest.front() == ':') {
                auto spec = rest.substr(1);
                auto slash = spec.find('/');
                if (slash != std::string_view::npos) {
                    cidr = spec.substr(slash);
                    spec = spec.substr(0, slash);
                }
                if (auto problem = domain_spec_problem(spec)) {
                    error(term, *problem);
                    return false;
                }
                m.domain_spec = std::string(spec);
            } else {
                cidr = rest;
            }
            return dual_cidr(term, m, cidr);
        }
        case SpfMechanismKind::ip4:
        case SpfMechanismKind::ip6: {
            const bool v4 = m.kind == SpfMechanismKind::ip4;
            if (rest.empty() || rest.front() != ':' || rest.size() == 1) {
                error(term, name + " needs an address (" + name +
                                (v4 ? ":192.0.2.0/24)" : ":2001:db8::/32)"));
                return false;
            }
            auto network = rest.substr(1);
            std::string_view cidr;
            if (auto slash = network.find('/'); slash != std::string_view::npos) {
                cidr = network.substr(slash + 1);
                network = network.substr(0, slash);
            }
            if (v4 ? !is_ip4_network(network) : !is_ip6_network(network)) {
                std::string hint;
                if (v4 && is_ip6_network(network))
                    hint = " (an IPv6 address: use ip6:)";
                else if (!v4 && is_ip4_network(network))
                    hint = " (an IPv4 address: use ip4:)";
                error(term, "\"" + std::string(network) + "\" is not an IPv" + (v4 ? "4" : "6") +
                                " address" + hint);
                return false;
            }
            m.network = std::string(network);
            if (rest.find('/') != std::string_view::npos) {
                auto length = parse_prefix_length(cidr, v4 ? 32 : 128);
                if (!length) {
                    error(term, "\"/" + std::string(cidr) + "\" is not a prefix length (0.." +
                                    (v4 ? "32" : "128") + ")");
                    return false;
                }
                (v4 ? m.cidr4 : m.cidr6) = *length;
            }
            return true;
        }
        }
        return true;
    }

    // dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]: "/24", "//64", "/24//64"
    bool dual_cidr(std::string_view term, SpfMechanism& m, std::string_view cidr) {
        if (cidr.empty())
            return true;
        auto bad = [&] {
            error(term, "\"" + std::string(cidr) +
                            "\" is not a prefix length (/0../32 for IPv4, //0..//128 for IPv6)");
            return false;
        };
        std::optional<std::string_view> v4, v6;
        if (cidr.substr(0, 2) == "//") {
            v6 = cidr.substr(2);
        } else if (cidr.front() == '/') {
            auto rest = cidr.substr(1);
            if (auto double_slash = rest.find("//"); double_slash != std::string_view::npos) {
                v6 = rest.substr(double_slash + 2);
                rest = rest.substr(0, double_slash);
            }
            v4 = rest;
        } else {
            return bad();
        }
        if (v4) {
            auto length = parse_prefix_length(*v4, 32);
            if (!length)
                return bad();
            m.cidr4 = *length;
        }
        if (v6) {
            auto length = parse_prefix_length(*v6, 128);
            if (!length)
                return bad();
            m.cidr6 = *length;
        }
        return true;
    }

    SpfRecord& record_;
};

std::string describe_mechanism(const SpfMechanism& m, const std::string& domain) {
    auto target = m.domain_spec.empty() ? domain : m.domain_spec;
    std::string prefix;
    if (m.cidr4)
        prefix += "/" + std::to_string(*m.cidr4);
    if (m.cidr6)
        prefix += "//" + std::to_string(*m.cidr6);
    std::string what;
    switch (m.kind) {
    case SpfMechanismKind::all:
        what = "every other server";
        break;
    case SpfMechanismKind::include:
        what = "the servers that the SPF record of " + target + " allows";
        break;
    case SpfMechanismKind::a:
        what = "the addresses of " + target + (prefix.empty() ? "" : " (networks " + prefix + ")");
        break;
    case SpfMechanismKind::mx:
        what = "the mail servers (MX) of " + target +
               (prefix.empty() ? "" : " (networks " + prefix + ")");
        break;
    case SpfMechanismKind::ptr:
        what = "servers whose reverse DNS name ends in " + target + " (deprecated)";
        break;
    case SpfMechanismKind::ip4:
    case SpfMechanismKind::ip6:
        what = (prefix.empty() ? "the address " : "the network ") + m.network + prefix;
        break;
    case SpfMechanismKind::exists:
        what = "any sender for which " + target + " has an address";
        break;
    }
    return m.term + " → " + std::string(qualifier_word(m.qualifier)) + ": " + what;
}

std::vector<std::string> spf_records_of(const std::vector<std::string>& txt) {
    std::vector<std::string> out;
    std::copy_if(txt.begin(), txt.end(), std::back_inserter(out), is_spf_record);
    return out;
}

// Follows include: and redirect= depth-first, counting DNS lookups in evaluation order.
class SpfWalker {
  public:
    SpfWalker(const TxtLookup& lookup, SpfEvaluation& out) : lookup_(lookup), out_(out) {}

    std::optional<SpfQualifier> walk(const std::string& domain, const SpfRecord& record,
                                     int depth) {
        stack_.push_back(domain);
        for (const auto& m : record.mechanisms) {
            if (!m.queries_dns())
                continue;
            count();
            if (m.kind == SpfMechanismKind::include)
                follow("include:", m.domain_spec, depth);
        }
        std::optional<SpfQualifier> result;
        if (const auto* all = record.all()) {
            result = all->qualifier;
        } else if (record.redirect) {
            count();
            if (auto followed = follow("redirect=", *record.redirect, depth))
                result = *followed;
        }
        stack_.pop_back();
        return result;
    }

  private:
    void count() {
        ++out_.dns_lookups;
        if (out_.dns_lookups > spf_dns_lookup_limit)
            out_.lookup_limit_exceeded = true;
    }

    void line(int depth, const std::string& text) {
        out_.tree.push_back(std::string(static_cast<std::size_t>(depth) * 2, ' ') + text);
    }

    // The followed record's effective "all" (nullopt when not followed or it has none).
    std::optional<std::optional<SpfQualifier>> follow(const std::string& how,
                                                      const std::string& spec, int depth) {
        const std::string term = how + spec;
        if (out_.lookup_limit_exceeded) {
            out_.stopped_counting = true;
            line(depth, term + " (not followed: over the lookup limit)");
            return std::nullopt;
        }
        if (spf_has_macros(spec)) {
            line(depth, term + " (has macros: depends on the sender, not followed)");
            return std::nullopt;
        }
        const std::string target = canonical_dns_name(spec);
        if (std::find(stack_.begin(), stack_.end(), target) != stack_.end()) {
            std::string chain;
            for (const auto& d : stack_)
                chain += d + " → ";
            out_.errors.push_back(quoted(term) + ": an include loop (" + chain + target +
                                  "): receivers return permerror");
            line(depth, term + " (loop: not followed again)");
            return std::nullopt;
        }
        auto answer = lookup_(target);
        if (!answer) {
            out_.failures.push_back(quoted(term) + ": the TXT lookup of " + target + " failed (" +
                                    answer.error().message + "): receivers return temperror");
            line(depth, term + " (lookup failed: " + answer.error().message + ")");
            return std::nullopt;
        }
        if (answer->empty()) {
            ++out_.void_lookups;
            out_.errors.push_back(quoted(term) + ": " + target +
                                  " has no SPF record (no TXT records at all): receivers return "
                                  "permerror");
            line(depth, term + " (no TXT records)");
            return std::nullopt;
        }
        auto records = spf_records_of(*answer);
        if (records.empty()) {
            out_.errors.push_back(quoted(term) + ": " + target +
                                  " has TXT records but no SPF record: receivers return permerror");
            line(depth, term + " (no SPF record)");
            return std::nullopt;
        }
        if (records.size() > 1) {
            out_.errors.push_back(quoted(term) + ": " + target + " has " +
                                  std::to_string(records.size()) +
                                  " SPF records: receivers return permerror");
            line(depth, term + " (" + std::to_string(records.size()) + " SPF records)");
            return std::nullopt;
        }
        line(depth, term + " → " + records.front());
        auto record = parse_spf(records.front());
        for (const auto& e : record.errors)
            out_.errors.push_back("in the SPF record of " + target + " (" + term + "): " + e);
        for (const auto& w : record.warnings)
            out_.warnings.push_back("in the SPF record of " + target + " (" + term + "): " + w);
        return walk(target, record, depth + 1);
    }

    const TxtLookup& lookup_;
    SpfEvaluation& out_;
    std::vector<std::string> stack_; // the domains being evaluated, outermost first
};

} // namespace

std::string_view to_string(SpfMechanismKind kind) {
    switch (kind) {
    case SpfMechanismKind::all:
        return "all";
    case SpfMechanismKind::include:
        return "include";
    case SpfMechanismKind::a:
        return "a";
    case SpfMechanismKind::mx:
        return "mx";
    case SpfMechanismKind::ptr:
        return "ptr";
    case SpfMechanismKind::ip4:
        return "ip4";
    case SpfMechanismKind::ip6:
        return "ip6";
    case SpfMechanismKind::exists:
        return "exists";
    }
    return "all";
}

bool SpfMechanism::queries_dns() const {
    return kind == SpfMechanismKind::include || kind == SpfMechanismKind::a ||
           kind == SpfMechanismKind::mx || kind == SpfMechanismKind::ptr ||
           kind == SpfMechanismKind::exists;
}

const SpfMechanism* SpfRecord::all() const {
    for (const auto& m : mechanisms)
        if (m.kind == SpfMechanismKind::all)
            return &m;
    return nullptr;
}

bool is_spf_record(std::string_view txt) {
    constexpr std::string_view version = "v=spf1";
    if (txt.size() < version.size())
        return false;
    for (std::size_t i = 0; i < version.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(txt[i])) != version[i])
            return false;
    return txt.size() == version.size() || txt[version.size()] == ' ';
}

bool spf_has_macros(std::string_view domain_spec) {
    return domain_spec.find('%') != std::string_view::npos;
}

SpfRecord parse_spf(std::string_view txt) {
    SpfRecord record;
    if (!is_spf_record(txt)) {
        record.errors.push_back("the record does not start with \"v=spf1\"");
        return record;
    }
    TermParser parser(record);
    std::string_view rest = txt.substr(6);
    while (!rest.empty()) {
        auto space = rest.find(' ');
        auto term = rest.substr(0, space);
        rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
        if (!term.empty())
            parser.parse(term);
    }
    // Terms after "all" are never reached; redirect= is ignored when there is an "all".
    if (const auto* all = record.all()) {
        bool after = false;
        for (const auto& m : record.mechanisms) {
            if (after)
                record.warnings.push_back(quoted(m.term) + ": comes after " + quoted(all->term) +
                                          " and is never used");
            if (&m == all)
                after = true;
        }
        if (record.redirect)
            record.warnings.push_back(quoted("redirect=" + *record.redirect) +
                                      ": ignored, because the record has " + quoted(all->term));
    }
    return record;
}

SpfEvaluation evaluate_spf(const std::string& domain, const std::vector<std::string>& txt_records,
                           const TxtLookup& lookup) {
    SpfEvaluation out;
    auto records = spf_records_of(txt_records);
    out.record_count = static_cast<int>(records.size());
    if (records.empty())
        return out;
    out.record_text = records.front();
    if (records.size() > 1) {
        out.errors.push_back("there are " + std::to_string(records.size()) +
                             " SPF records: receivers return permerror (RFC 7208 §4.5)");
        return out;
    }
    out.record = parse_spf(out.record_text);
    out.errors = out.record.errors;
    out.warnings = out.record.warnings;
    SpfWalker walker(lookup, out);
    out.effective_all = walker.walk(canonical_dns_name(domain), out.record, 1);
    if (out.lookup_limit_exceeded)
        out.errors.insert(out.errors.begin(), "too many DNS lookups (" +
                                                  std::to_string(out.dns_lookups) + " > " +
                                                  std::to_string(spf_dns_lookup_limit) +
                                                  "): receivers treat SPF as permerror");
    if (out.void_lookups > spf_void_lookup_limit)
        out.errors.push_back("too many void lookups (" + std::to_string(out.void_lookups) + " > " +
                             std::to_string(spf_void_lookup_limit) +
                             "): receivers treat SPF as permerror");
    return out;
}

HealthCheck judge_spf(const std::string& domain, const TxtAnswer& txt, const TxtLookup& lookup) {
    HealthCheck check;
    check.name = "spf";
    if (!txt) {
        check.verdict = Verdict::warning;
        check.summary = "the TXT lookup of " + domain + " failed, so SPF could not be checked (" +
                        txt.error().message + ")";
        return check;
    }
    auto spf = evaluate_spf(domain, *txt, lookup);
    if (spf.record_count == 0) {
        check.verdict = Verdict::missing;
        check.summary =
            "no SPF record: receivers cannot tell which servers may send mail as " + domain;
        for (const auto& record : *txt) {
            auto l = lower(record);
            if (l.find("spf") != std::string::npos)
                check.details.push_back("this TXT record mentions SPF but does not start with "
                                        "\"v=spf1 \": " +
                                        record);
        }
        return check;
    }
    for (const auto& record : *txt)
        if (is_spf_record(record))
            check.details.push_back("record: " + record);

    // The verdict of "all" (or of its absence).
    std::string all_sentence;
    Verdict verdict = Verdict::ok;
    if (!spf.effective_all) {
        verdict = Verdict::warning;
        all_sentence = "no \"all\" at the end: mail from servers not listed gets a neutral result";
    } else {
        switch (*spf.effective_all) {
        case SpfQualifier::fail:
            all_sentence = "-all: strict — mail from servers not listed fails SPF";
            break;
        case SpfQualifier::softfail:
            all_sentence = "~all: softfail — mail from servers not listed is marked suspicious, "
                           "not rejected";
            break;
        case SpfQualifier::neutral:
            verdict = Verdict::problem;
            all_sentence = "?all: allows anyone — SPF says nothing about servers not listed";
            break;
        case SpfQualifier::pass:
            verdict = Verdict::problem;
            all_sentence =
                "+all: allows anyone — every server in the world may send mail as " + domain;
            break;
        }
    }
    if (!spf.errors.empty()) {
        check.verdict = Verdict::problem;
        check.summary = spf.errors.front();
    } else if (verdict == Verdict::problem) {
        check.verdict = Verdict::problem;
        check.summary = all_sentence;
    } else if (!spf.failures.empty()) {
        check.verdict = Verdict::warning;
        check.summary = spf.failures.front();
    } else {
        check.verdict = spf.warnings.empty() ? verdict : Verdict::warning;
        check.summary = all_sentence;
    }

    for (const auto& e : spf.errors)
        if (e != check.summary)
            check.details.push_back("problem: " + e);
    if (check.summary != all_sentence && spf.record_count == 1) {
        std::string mark = verdict == Verdict::problem   ? "problem: "
                           : verdict == Verdict::warning ? "warning: "
                                                         : "";
        check.details.push_back(mark + all_sentence);
    }
    for (const auto& f : spf.failures)
        if (f != check.summary)
            check.details.push_back("warning: " + f);
    for (const auto& w : spf.warnings)
        check.details.push_back("warning: " + w);
    if (spf.record_count == 1) {
        for (const auto& m : spf.record.mechanisms)
            check.details.push_back(describe_mechanism(m, domain));
        if (spf.record.redirect)
            check.details.push_back("redirect=" + *spf.record.redirect + " → the SPF record of " +
                                    *spf.record.redirect + " decides for servers not listed");
        for (const auto& t : spf.tree)
            check.details.push_back(t);
        check.details.push_back("DNS lookups: " + std::to_string(spf.dns_lookups) +
                                (spf.stopped_counting ? " or more" : "") + " of " +
                                std::to_string(spf_dns_lookup_limit));
        if (spf.void_lookups > 0)
            check.details.push_back("void lookups: " + std::to_string(spf.void_lookups) + " of " +
                                    std::to_string(spf_void_lookup_limit));
    }
    return check;
}

} // namespace maillab::autoconfig
