#include "account_batch.hpp"

#include "maillab/profiles/import.hpp"
#include "maillab/store/account_json.hpp"

#include <boost/json.hpp>
#include <filesystem>

namespace maillab::cli {
namespace {

constexpr std::size_t max_batch_bytes = std::size_t{64} << 20;
constexpr std::size_t max_batch_accounts = 100'000;

bool is_blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

Status add_account(AccountBatch& batch, std::string_view json_text, const std::string& where) {
    if (batch.accounts.size() >= max_batch_accounts)
        return Error{where + ": more than " + std::to_string(max_batch_accounts) + " accounts"};
    auto account = parse_account_json(json_text);
    if (!account)
        return Error{where + ": " + account.error().message};
    if (!account->incoming.server.password.empty() ||
        !account->primary_smtp.server.password.empty())
        batch.holds_passwords = true;
    batch.accounts.push_back(std::move(*account));
    return ok_status();
}

Status read_array(AccountBatch& batch, const std::string& text, const std::string& path) {
    boost::system::error_code error;
    boost::json::parse_options options;
    options.max_depth =
        34; // the array, then an account object as deep as parse_account_json allows
    auto value = boost::json::parse(text, error, {}, options);
    if (error || !value.is_array())
        return Error{path + ": not a JSON array of account objects (" +
                     (error ? error.message() : std::string("not an array")) + ")"};
    std::size_t position = 0;
    for (const auto& element : value.as_array()) {
        ++position;
        auto added = add_account(batch, boost::json::serialize(element),
                                 path + ": account " + std::to_string(position));
        if (!added)
            return added;
    }
    return ok_status();
}

Status read_lines(AccountBatch& batch, std::string_view text, const std::string& path) {
    std::size_t line_number = 0;
    while (!text.empty()) {
        ++line_number;
        const auto end = text.find('\n');
        const auto line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (is_blank(line))
            continue;
        auto added = add_account(batch, line, path + ": line " + std::to_string(line_number));
        if (!added)
            return added;
    }
    return ok_status();
}

} // namespace

Result<AccountBatch> load_account_batch(const std::string& path) {
    auto text = profiles::read_input_file(path, max_batch_bytes);
    if (!text)
        return text.error();
    AccountBatch batch;
    const auto first = text->find_first_not_of(" \t\r\n");
    auto read = first != std::string::npos && (*text)[first] == '['
                    ? read_array(batch, *text, path)
                    : read_lines(batch, *text, path);
    if (!read)
        return read.error();
    if (batch.accounts.empty())
        return Error{path + ": no accounts"};
    std::error_code error;
    const auto perms = std::filesystem::status(path, error).permissions();
    using std::filesystem::perms;
    batch.readable_by_others =
        !error && (perms & (perms::group_read | perms::others_read)) != perms::none;
    return batch;
}

} // namespace maillab::cli
