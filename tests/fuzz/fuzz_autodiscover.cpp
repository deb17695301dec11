// libFuzzer target: Autodiscover POX responses (parse_autodiscover_response). Settings are written
// back with write_autodiscover_response (no address, so no placeholder is expanded) and read
// again: the same servers.
#include "fuzz_util.hpp"
#include "maillab/autoconfig/autodiscover.hpp"

#include <string>
#include <variant>

namespace {

using namespace maillab::autoconfig;
using namespace maillab::fuzz;

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i])
            return false;
    }
    return true;
}

void check_server(const ServerEntry& server, bool incoming) {
    check_server_entry(server, incoming);
    FUZZ_CHECK(server.authentication.size() == 1);
    FUZZ_CHECK(server.authentication[0] == "password-cleartext" ||
               server.authentication[0] == "password-encrypted");
    FUZZ_CHECK(!server.username.empty());
}

void check_settings(const AutodiscoverSettings& settings) {
    const ProviderConfig& config = settings.config;
    FUZZ_CHECK(!config.incoming.empty() || !config.outgoing.empty());
    check_provider_config(config, check_server);

    const std::string written = write_autodiscover_response(config, "");
    const auto reread = parse_autodiscover_response(written);
    check_read_back(reread);
    const auto* again = std::get_if<AutodiscoverSettings>(&*reread);
    FUZZ_CHECK(again != nullptr);
    ProviderConfig expected = config;
    expected.warnings.clear();
    ProviderConfig actual = again->config;
    actual.warnings.clear();
    FUZZ_CHECK(actual == expected);
    FUZZ_CHECK(!again->domain_required && !again->smtp_uses_pop_auth);
    FUZZ_CHECK(write_autodiscover_response(actual, "") == written);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parsed = read_input(parse_autodiscover_response, data, size);
    if (!parsed)
        return 0;
    if (const auto* settings = std::get_if<AutodiscoverSettings>(&*parsed)) {
        check_settings(*settings);
    } else if (const auto* address = std::get_if<AutodiscoverRedirectAddress>(&*parsed)) {
        const std::string& text = address->email_address;
        const auto at = text.find('@');
        FUZZ_CHECK(at != std::string::npos && at > 0 && at + 1 < text.size());
        FUZZ_CHECK(text.find('@', at + 1) == std::string::npos);
        FUZZ_CHECK(!has_space_or_control(text));
    } else if (const auto* url = std::get_if<AutodiscoverRedirectUrl>(&*parsed)) {
        FUZZ_CHECK(starts_with_ignoring_case(url->url, "https://"));
        FUZZ_CHECK(url->url.size() > 8 && !has_space_or_control(url->url));
    }
    return 0;
}
