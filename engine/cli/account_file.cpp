#include "account_file.hpp"

#include "maillab/profiles/import.hpp"
#include "maillab/store/account_json.hpp"

namespace maillab::cli {

Result<Account> load_account_file(const std::string& path) {
    constexpr std::size_t max_account_file = 1 << 20;
    auto text = profiles::read_input_file(path, max_account_file);
    if (!text)
        return text.error();
    auto account = parse_account_json(*text);
    if (!account)
        return Error{path + ": " + account.error().message};
    return std::move(*account);
}

} // namespace maillab::cli
