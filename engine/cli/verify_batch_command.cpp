// maillab verify --batch FILE: many accounts checked concurrently in one process, by a bounded
// pool of workers; each check keeps its own deadline (--timeout).
#include "account_batch.hpp"
#include "arguments.hpp"
#include "batch_report.hpp"
#include "commands.hpp"
#include "net_options.hpp"
#include "password_source.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdlib>
#include <iostream>
#include <thread>

namespace maillab::cli {
namespace {

constexpr unsigned default_jobs = 32;
constexpr unsigned max_jobs = 256;

Result<unsigned> parse_jobs(const Arguments& args) {
    auto text = args.option("--jobs");
    if (!text)
        return default_jobs;
    unsigned jobs = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), jobs);
    if (ec != std::errc{} || end != text->data() + text->size() || jobs == 0 || jobs > max_jobs)
        return Error{"--jobs: \"" + *text + "\" is not a number of workers (1.." +
                     std::to_string(max_jobs) + ")"};
    return jobs;
}

bool needs_password(const ServerSettings& s) {
    return s.auth != AuthMethod::none && s.password.empty();
}

// Accounts without their own password take the one of --password-file or MAILLAB_PASSWORD;
// a batch never prompts.
Status fill_batch_passwords(std::vector<Account>& accounts, const Arguments& args) {
    std::optional<std::string> shared;
    for (std::size_t i = 0; i < accounts.size(); ++i) {
        auto& account = accounts[i];
        std::vector<ServerSettings*> missing;
        if (needs_password(account.incoming.server))
            missing.push_back(&account.incoming.server);
        if (account.primary_smtp.enabled && needs_password(account.primary_smtp.server))
            missing.push_back(&account.primary_smtp.server);
        if (missing.empty())
            continue;
        if (!shared) {
            if (auto file = args.option("--password-file")) {
                auto password = read_password_file(*file);
                if (!password)
                    return password.error();
                shared = *password;
            } else if (const char* env = std::getenv("MAILLAB_PASSWORD"); env && *env) {
                shared = std::string(env);
            } else {
                return Error{"account " + std::to_string(i + 1) + " (" + account.email +
                             ") has no password: put it in the batch file, or give "
                             "--password-file FILE or MAILLAB_PASSWORD"};
            }
        }
        for (auto* server : missing)
            server->password = *shared;
    }
    return ok_status();
}

std::vector<VerifyReport> verify_all(const std::vector<Account>& accounts,
                                     const VerifyOptions& options, unsigned jobs) {
    std::vector<VerifyReport> reports(accounts.size());
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (auto i = next++; i < accounts.size(); i = next++)
            reports[i] = verify_account(accounts[i], options);
    };
    std::vector<std::jthread> workers;
    const auto count = std::min<std::size_t>(jobs, accounts.size());
    for (std::size_t w = 0; w < count; ++w)
        workers.emplace_back(work);
    workers.clear(); // joins
    return reports;
}

} // namespace

int verify_batch_command(const std::vector<std::string>& raw) {
    ArgumentSpec spec{{"--json"}, {"--batch", "--jobs", "--password-file"}};
    spec.with_value.insert(net_option_names.begin(), net_option_names.end());
    auto args = parse_arguments(raw, spec);
    if (!args)
        return usage_error("verify", args.error().message);
    if (!args->positional.empty())
        return usage_error("verify", "--batch FILE takes no ACCOUNT.json");
    auto net = net_options_from(*args);
    if (!net)
        return usage_error("verify", net.error().message);
    auto jobs = parse_jobs(*args);
    if (!jobs)
        return usage_error("verify", jobs.error().message);

    auto batch = load_account_batch(*args->option("--batch"));
    if (!batch)
        return input_error(batch.error().message);
    if (batch->holds_passwords && batch->readable_by_others)
        std::cerr << "maillab: warning: " << *args->option("--batch")
                  << " holds passwords and other users may read it (chmod 600)\n";
    if (auto filled = fill_batch_passwords(batch->accounts, *args); !filled)
        return input_error(filled.error().message);

    VerifyOptions options;
    options.net = *net;
    const auto start = std::chrono::steady_clock::now();
    auto reports = verify_all(batch->accounts, options, *jobs);
    auto summary = summarize(reports, std::chrono::steady_clock::now() - start);
    if (args->flag("--json")) {
        std::cout << batch_json(batch->accounts, reports) << "\n";
        print_batch_summary(std::cerr, summary); // stdout stays one JSON document
    } else {
        print_batch_text(std::cout, batch->accounts, reports);
        print_batch_summary(std::cout, summary);
    }
    return summary.failed() == 0 ? 0 : 1;
}

} // namespace maillab::cli
