// libFuzzer target: the URL reader discovery uses for autoconfig, Autodiscover and redirect
// targets (parse_url, resolve_location). Input: a base URL, a line feed, a Location value.
#include "discovery/url.hpp"
#include "fuzz_util.hpp"

#include <string>

namespace {

bool is_request_safe(const std::string& text) {
    for (char c : text)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return false;
    return true;
}

// What the fetcher relies on for every URL it is given: a scheme it speaks, a normalized host
// with nothing that could change the authority, a target that can go on the request line.
void check_url(const maillab::discovery::Url& url) {
    FUZZ_CHECK(url.scheme == "http" || url.scheme == "https");
    FUZZ_CHECK(!url.host.empty());
    FUZZ_CHECK(url.host.find_first_of("/@?# \r\n") == std::string::npos);
    for (char c : url.host)
        FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
    FUZZ_CHECK(url.port != 0);
    FUZZ_CHECK(!url.target.empty() && url.target[0] == '/');
    FUZZ_CHECK(url.target.find('#') == std::string::npos);
    FUZZ_CHECK(is_request_safe(url.target));
    // Written and read again: the same URL.
    const auto again = maillab::discovery::parse_url(url.text());
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->scheme == url.scheme && again->host == url.host && again->port == url.port &&
               again->target == url.target);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = maillab::fuzz::as_text(data, size);
    const auto newline = input.find('\n');
    const std::string base_text(input.substr(0, newline));
    const std::string location(newline == std::string_view::npos ? std::string_view{}
                                                                 : input.substr(newline + 1));
    const auto base = maillab::discovery::parse_url(base_text);
    if (!base) {
        FUZZ_CHECK(!base.error().message.empty());
        return 0;
    }
    check_url(*base);
    const auto resolved = maillab::discovery::resolve_location(*base, location);
    if (!resolved) {
        FUZZ_CHECK(!resolved.error().message.empty());
        return 0;
    }
    check_url(*resolved);
    return 0;
}
