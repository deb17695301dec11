// libFuzzer target: `maillab import` (profiles::import_settings): format detection, every reader
// behind it and the CMS unwrapping of signed profiles, on the bytes of a file someone was given.
// The input is used as it is and, when the first byte is odd, with an address to expand
// placeholders for.
#include "fuzz_util.hpp"
#include "maillab/profiles/import.hpp"

#include <optional>
#include <string>

namespace {

void check_server(const maillab::autoconfig::ServerEntry& server, bool incoming) {
    FUZZ_CHECK(!server.password.has_value()); // passwords are never carried over
    if (incoming)
        FUZZ_CHECK(server.type == "imap" || server.type == "pop3");
    else
        FUZZ_CHECK(server.type == "smtp");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const auto bytes = maillab::fuzz::as_text(data + 1, size - 1);
    const std::optional<std::string> email =
        data[0] % 2 == 1 ? std::optional<std::string>("alice@example.com") : std::nullopt;
    const auto imported = maillab::profiles::import_settings(bytes, email);
    if (!imported) {
        FUZZ_CHECK(!imported.error().message.empty());
        return 0;
    }
    for (const auto& server : imported->incoming)
        check_server(server, true);
    for (const auto& server : imported->outgoing)
        check_server(server, false);
    for (const auto& warning : imported->warnings)
        FUZZ_CHECK(!warning.empty());
    if (imported->format != maillab::profiles::ImportFormat::mobileconfig_signed)
        FUZZ_CHECK(imported->signers.empty());
    return 0;
}
