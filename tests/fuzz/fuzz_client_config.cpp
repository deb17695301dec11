// libFuzzer target: Thunderbird clientConfig documents (parse_client_config), with a
// write-and-read-back round trip (write_client_config, then parse again: equal, warnings aside).
#include "fuzz_util.hpp"
#include "maillab/autoconfig/client_config.hpp"

#include <string>

namespace {

using namespace maillab::autoconfig;
using namespace maillab::fuzz;

void check_server(const ServerEntry& server, bool incoming) {
    check_server_entry(server, incoming);
    if (!incoming)
        FUZZ_CHECK(server.pop3 == Pop3Options{});
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parsed = read_input(parse_client_config, data, size);
    if (!parsed)
        return 0;
    const ProviderConfig& config = *parsed;
    check_provider_config(config, check_server);
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
    check_read_back(reread);
    ProviderConfig expected = config;
    expected.warnings.clear();
    ProviderConfig actual = *reread;
    actual.warnings.clear();
    FUZZ_CHECK(actual == expected);
    FUZZ_CHECK(write_client_config(actual) == written);
    return 0;
}
