#include "discovery/url.hpp"

#include "maillab/model/validation.hpp"
#include "net/resolver.hpp"

#include <algorithm>
#include <cctype>

namespace maillab::discovery {

std::string Url::text() const {
    return scheme + "://" + host_header() + target;
}

std::string Url::bare_host() const {
    return net::unbracketed(host);
}

std::string Url::host_header() const {
    const bool default_port =
        (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
    return default_port ? host : host + ":" + std::to_string(port);
}

Result<Url> parse_url(const std::string& text) {
    Url url;
    auto colon = text.find("://");
    if (colon == std::string::npos)
        return Error{"\"" + text + "\" is not an http(s) URL"};
    url.scheme = text.substr(0, colon);
    std::transform(url.scheme.begin(), url.scheme.end(), url.scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (url.scheme != "http" && url.scheme != "https")
        return Error{"unsupported URL scheme \"" + url.scheme + "\""};
    auto rest = text.substr(colon + 3);
    auto slash = rest.find_first_of("/?#");
    std::string authority = rest.substr(0, slash);
    url.target = slash == std::string::npos ? "/" : rest.substr(slash);
    if (auto hash = url.target.find('#'); hash != std::string::npos)
        url.target.erase(hash);
    if (url.target.empty() || url.target[0] != '/')
        url.target = "/" + url.target;
    if (authority.find('@') != std::string::npos)
        return Error{"URLs with user information are refused"};
    url.port = url.scheme == "https" ? 443 : 80;
    // The port's colon comes after an IPv6 literal's closing bracket, never inside it.
    const auto host_end = authority.rfind(']');
    if (auto port_colon = authority.rfind(':');
        port_colon != std::string::npos &&
        (host_end == std::string::npos || port_colon > host_end)) {
        auto port = parse_port(authority.substr(port_colon + 1));
        if (!port)
            return Error{"bad port in URL: " + port.error().message};
        url.port = *port;
        authority.erase(port_colon);
    }
    auto host = normalize_host_name(authority);
    if (!host)
        return Error{"bad host in URL: " + host.error().message};
    url.host = *host;
    for (char c : url.target)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return Error{"the URL path contains spaces or control characters"};
    return url;
}

namespace {

// RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ":". A relative
// reference may carry "://" in its query ("/next?to=https://...") without being absolute.
bool starts_with_scheme(const std::string& text) {
    const auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0 ||
        !std::isalpha(static_cast<unsigned char>(text[0])))
        return false;
    return std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    });
}

} // namespace

Result<Url> resolve_location(const Url& base, const std::string& location) {
    if (starts_with_scheme(location))
        return parse_url(location);
    if (location.rfind("//", 0) == 0)
        return parse_url(base.scheme + ":" + location);
    Url url = base;
    const std::string reference = location.substr(0, location.find('#'));
    if (reference.empty()) {
        url.target = base.target; // "" or "#fragment": the same resource
    } else if (reference[0] == '/') {
        url.target = reference;
    } else if (reference[0] == '?') {
        url.target = base.target.substr(0, base.target.find('?')) + reference;
    } else {
        const std::string path = base.target.substr(0, base.target.find('?'));
        url.target = path.substr(0, path.rfind('/') + 1) + reference;
    }
    for (char c : url.target)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return Error{"the redirect target contains spaces or control characters"};
    return url;
}

} // namespace maillab::discovery
