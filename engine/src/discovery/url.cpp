#include "discovery/url.hpp"

#include "maillab/model/validation.hpp"

#include <algorithm>

namespace maillab::discovery {

std::string Url::text() const {
    const bool default_port = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
    return scheme + "://" + host + (default_port ? "" : ":" + std::to_string(port)) + target;
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
    if (auto port_colon = authority.rfind(':'); port_colon != std::string::npos) {
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

Result<Url> resolve_location(const Url& base, const std::string& location) {
    if (location.find("://") != std::string::npos)
        return parse_url(location);
    if (location.rfind("//", 0) == 0)
        return parse_url(base.scheme + ":" + location);
    Url url = base;
    if (!location.empty() && location[0] == '/') {
        url.target = location;
    } else {
        auto slash = base.target.rfind('/');
        url.target = base.target.substr(0, slash + 1) + location;
    }
    for (char c : url.target)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return Error{"the redirect target contains spaces or control characters"};
    return url;
}

} // namespace maillab::discovery
