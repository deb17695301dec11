// maillab export ACCOUNT.json --format clientconfig|mobileconfig|autodiscover|srv
// [--output FILE]: the account's settings for another device or a DNS zone; never a password.
#include "account_file.hpp"
#include "arguments.hpp"
#include "commands.hpp"
#include "maillab/profiles/export.hpp"
#include "maillab/profiles/import.hpp"
#include "maillab/store/account_json.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>

namespace maillab::cli {
namespace {

// Writes next to the target and renames, so a failed write never leaves half a file.
Status write_output(const std::string& path, const std::string& text) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    fs::path temporary = target;
    temporary += ".maillab-tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) {
            return Error{"cannot write " + path};
        }
        out << text;
        out.flush();
        if (!out) {
            std::error_code ignored;
            fs::remove(temporary, ignored);
            return Error{"cannot write " + path};
        }
    }
    std::error_code error;
    fs::rename(temporary, target, error);
    if (error) {
        fs::remove(temporary, error);
        return Error{"cannot write " + path};
    }
    return ok_status();
}

} // namespace

int export_command(const std::vector<std::string>& raw) {
    const ArgumentSpec spec{{}, {"--format", "--output"}};
    auto args = parse_arguments(raw, spec);
    if (!args) {
        return usage_error("export", args.error().message);
    }
    if (args->positional.size() != 1) {
        return usage_error("export", "give exactly one ACCOUNT.json");
    }
    const auto format_name = args->option("--format");
    if (!format_name) {
        return usage_error("export", "--format is required (clientconfig, mobileconfig, "
                                     "autodiscover or srv)");
    }
    const auto format = profiles::parse_export_format(*format_name);
    if (!format) {
        return usage_error("export", "--format " + *format_name +
                                         " is not one of clientconfig, mobileconfig, "
                                         "autodiscover, srv");
    }

    const std::string& path = args->positional[0];
    auto account = load_account_file(path);
    if (!account) {
        return input_error(account.error().message);
    }
    auto exported = profiles::export_account(*account, *format);
    if (!exported) {
        return input_error(path + ": " + exported.error().message);
    }
    for (const std::string& warning : exported->warnings) {
        std::cerr << "maillab export: warning: " << warning << "\n";
    }
    if (const auto output = args->option("--output")) {
        if (auto written = write_output(*output, exported->text); !written) {
            return input_error(written.error().message);
        }
    } else {
        std::cout << exported->text;
        if (!exported->text.empty() && exported->text.back() != '\n') {
            std::cout << "\n";
        }
    }
    return 0;
}

} // namespace maillab::cli
