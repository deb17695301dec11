// maillab: discover and verify the real settings of a mail address.
#include "commands.hpp"
#include "maillab/autoconfig/discovery.hpp"

#include <cstdlib>
#include <iostream>
#include <map>

namespace maillab::cli {

namespace {
constexpr const char* usage_text =
    "usage:\n"
    "  maillab discover EMAIL [--json] [--resolver HOST:PORT] [--ca-file PEM] [--offline]\n"
    "                 [--ispdb-url URL] [--providers DIR] [--password-file FILE] [--timeout S]\n"
    "  maillab setup EMAIL [--password-file FILE] [--name N] [--description D] [--save STORE]\n"
    "                 [--yes] [--json] [--offline] [--resolver HOST:PORT] [--ca-file PEM]\n"
    "  maillab diagnose ACCOUNT.json [--json] [--resolver HOST:PORT] [--ca-file PEM] "
    "[--password-file FILE]\n"
    "  maillab verify ACCOUNT.json [--resolver HOST:PORT] [--ca-file PEM] [--json] [--timeout S]\n"
    "                 [--password-file FILE] [--send-test ADDRESS] [--trust-certificate "
    "HOST=SHA256] [--verbose]\n"
    "  maillab verify --batch FILE [--jobs N] [--json] [--resolver HOST:PORT] [--ca-file PEM]\n"
    "                 [--timeout S] [--password-file FILE]   (FILE: JSON lines or a JSON array)\n"
    "  maillab import FILE [--email ADDRESS] [--json]\n"
    "  maillab export ACCOUNT.json --format clientconfig|mobileconfig|autodiscover|srv\n"
    "                 [--output FILE]\n"
    "  maillab dns DOMAIN [--json] [--resolver HOST:PORT] [--timeout S] [--dkim-selector S]...\n"
    "Passwords come from the account file, --password-file, MAILLAB_PASSWORD or a prompt.\n"
    "Exit status: 0 all checks passed, 1 a check failed, 2 bad usage or bad input.\n";
}

int usage_error(const std::string& command, const std::string& message) {
    std::cerr << "maillab " << command << ": " << message << "\n" << usage_text;
    return 2;
}

int input_error(const std::string& message) {
    std::cerr << "maillab: " << message << "\n";
    return 2;
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr std::chrono::milliseconds background_grace{200};
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr std::chrono::milliseconds background_grace{200};
#else
constexpr std::chrono::milliseconds background_grace{0};
#endif
#else
constexpr std::chrono::milliseconds background_grace{0};
#endif

} // namespace maillab::cli

int main(int argc, char** argv) {
    using namespace maillab::cli;
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << usage_text;
        return args.empty() ? 2 : 0;
    }
    const std::map<std::string, int (*)(const std::vector<std::string>&)> commands{
        {"verify", verify_command}, {"diagnose", diagnose_command}, {"import", import_command},
        {"export", export_command}, {"discover", discover_command}, {"setup", setup_command},
        {"dns", dns_command},
    };
    auto it = commands.find(args[0]);
    if (it == commands.end())
        return usage_error(args[0], "unknown command");
    args.erase(args.begin());
    const int status = it->second(args);
    // Discovery sources that lost the race may still be finishing a step (a DNS answer, a TLS
    // handshake) on their own threads. Everything has been said: leave at once, without running
    // static destructors under their feet. Sanitizer builds wait for them instead, so that the
    // leak check at exit runs.
    std::cout.flush();
    std::cerr.flush();
    if (!maillab::autoconfig::wait_for_background_work(background_grace))
        std::_Exit(status);
    return status;
}
