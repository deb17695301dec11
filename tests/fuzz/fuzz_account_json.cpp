// libFuzzer target: the account file (parse_account_json), with a write-and-read-back round trip.
#include "fuzz_util.hpp"
#include "maillab/store/account_json.hpp"

#include <boost/json.hpp>
#include <string>
#include <vector>

namespace {

namespace json = boost::json;

// Passwords are never part of an error message. Every password string of the document is
// wrapped in U+0001 bytes, which messages never contain raw (they escape control characters),
// and the document is parsed again: no message may contain a wrapped password. Returns false
// when the input is not a JSON object or has no password strings.
bool check_passwords_not_in_message(std::string_view text) {
    boost::system::error_code ec;
    json::parse_options options;
    options.max_depth = 32;
    json::value doc = json::parse(text, ec, {}, options);
    if (ec || !doc.is_object())
        return false;
    std::vector<std::string> wrapped;
    const auto wrap = [&wrapped](json::value* server) {
        if (server == nullptr || !server->is_object())
            return;
        json::value* password = server->get_object().if_contains("password");
        if (password == nullptr || !password->is_string())
            return;
        std::string marked = "\x01" + std::string(password->get_string()) + "\x01";
        *password = marked;
        wrapped.push_back(std::move(marked));
    };
    json::object& root = doc.get_object();
    wrap(root.if_contains("incoming"));
    wrap(root.if_contains("outgoing"));
    if (json::value* others = root.if_contains("other_smtp");
        others != nullptr && others->is_array())
        for (json::value& other : others->get_array())
            wrap(&other);
    if (wrapped.empty())
        return false;
    const auto parsed = maillab::parse_account_json(json::serialize(doc));
    if (!parsed)
        for (const auto& password : wrapped)
            FUZZ_CHECK(parsed.error().message.find(password) == std::string::npos);
    return true;
}

maillab::Account with_passwords(maillab::Account account, std::string_view replacement) {
    const auto change = [&](std::string& password) {
        if (!password.empty())
            password = std::string(replacement);
    };
    change(account.incoming.server.password);
    change(account.primary_smtp.server.password);
    for (auto& other : account.other_smtp)
        change(other.server.password);
    return account;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = maillab::fuzz::as_text(data, size);
    const auto parsed = maillab::parse_account_json(input);
    if (!parsed) {
        const std::string& message = parsed.error().message;
        FUZZ_CHECK(!message.empty());
        // A message is one line: values are quoted with C0 controls (CR, LF, ESC, ...) escaped.
        for (char c : message)
            FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20);
        check_passwords_not_in_message(input);
        return 0;
    }
    const maillab::Account& account = *parsed;

    // Write it with passwords and read it back: the same account.
    const std::string written = maillab::account_to_json(account, maillab::PasswordOutput::include);
    const auto reread = maillab::parse_account_json(written);
    if (!reread)
        std::fprintf(stderr, "re-parse failed: %s\n", reread.error().message.c_str());
    FUZZ_CHECK(reread.ok());
    FUZZ_CHECK(*reread == account);
    // Writing is deterministic.
    FUZZ_CHECK(maillab::account_to_json(*reread, maillab::PasswordOutput::include) == written);

    // Masked and omitted passwords read back as the mask and as empty passwords.
    const auto masked =
        maillab::parse_account_json(account_to_json(account, maillab::PasswordOutput::mask));
    FUZZ_CHECK(masked.ok() && *masked == with_passwords(account, "••••••"));
    const auto omitted =
        maillab::parse_account_json(account_to_json(account, maillab::PasswordOutput::omit));
    FUZZ_CHECK(omitted.ok() && *omitted == with_passwords(account, ""));
    return 0;
}
