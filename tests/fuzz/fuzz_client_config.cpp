// libFuzzer target: Thunderbird clientConfig documents (parse_client_config), with a
// write-and-read-back round trip (write_client_config, then parse again: equal, warnings aside).
#include "fuzz_util.hpp"
#include "maillab/autoconfig/client_config.hpp"
#include "maillab/autoconfig/untrusted_xml.hpp"

#include <string>

namespace {

using namespace maillab::autoconfig;

// A message or warning is one line: quoted values have their control characters escaped.
bool one_line(std::string_view text) {
    for (char c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            return false;
    return true;
}

bool has_space_or_control(std::string_view text) {
    for (char c : text)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return true;
    return false;
}

void check_server(const ServerEntry& server, bool incoming) {
    if (incoming)
        FUZZ_CHECK(server.type == "imap" || server.type == "pop3");
    else
        FUZZ_CHECK(server.type == "smtp");
    FUZZ_CHECK(!server.hostname.empty() && !has_space_or_control(server.hostname));
    FUZZ_CHECK(server.port != 0);
    if (!incoming)
        FUZZ_CHECK(server.pop3 == Pop3Options{});
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = maillab::fuzz::as_text(data, size);
    const auto parsed = parse_client_config(input);
    if (!parsed) {
        const FormatError& error = parsed.error();
        FUZZ_CHECK(!error.message.empty());
        FUZZ_CHECK(one_line(error.message));
        return 0;
    }
    const ProviderConfig& config = *parsed;
    for (const std::string& warning : config.warnings)
        FUZZ_CHECK(!warning.empty() && one_line(warning));
    for (const ServerEntry& server : config.incoming)
        check_server(server, true);
    for (const ServerEntry& server : config.outgoing)
        check_server(server, false);
    // Domains are lower-cased, non-empty and unique.
    for (std::size_t i = 0; i < config.domains.size(); ++i) {
        const std::string& domain = config.domains[i];
        FUZZ_CHECK(!domain.empty());
        for (char c : domain)
            FUZZ_CHECK(c < 'A' || c > 'Z');
        for (std::size_t j = 0; j < i; ++j)
            FUZZ_CHECK(config.domains[j] != domain);
    }

    // Write it and read it back: the same config, warnings aside; writing is deterministic.
    const std::string written = write_client_config(config);
    const auto reread = parse_client_config(written);
    if (!reread)
        std::fprintf(stderr, "re-parse failed: %s (line %zu)\n", reread.error().message.c_str(),
                     reread.error().line);
    FUZZ_CHECK(reread.ok());
    ProviderConfig expected = config;
    expected.warnings.clear();
    ProviderConfig actual = *reread;
    actual.warnings.clear();
    FUZZ_CHECK(actual == expected);
    FUZZ_CHECK(write_client_config(actual) == written);
    return 0;
}
