#include "password_source.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace maillab::cli {
namespace {

bool needs_password(const ServerSettings& s) {
    return s.auth != AuthMethod::none && s.password.empty();
}

} // namespace

Result<std::string> read_password_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{"--password-file: cannot read " + path};
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    if (line.empty())
        return Error{"--password-file: " + path + " is empty"};
    if (line.size() > 4096)
        return Error{"--password-file: the first line of " + path + " is too long"};
    return line;
}

namespace {

Result<std::string> prompt(const std::string& question) {
    if (!isatty(STDIN_FILENO))
        return Error{"the account file has no password: give --password-file FILE or set "
                     "MAILLAB_PASSWORD"};
    std::cerr << question << std::flush;
    termios old{};
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::string line;
    std::getline(std::cin, line);
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
    if (line.empty())
        return Error{"no password was entered"};
    return line;
}

} // namespace

Status fill_missing_passwords(Account& account, const Arguments& args) {
    std::vector<ServerSettings*> missing;
    if (needs_password(account.incoming.server))
        missing.push_back(&account.incoming.server);
    if (account.primary_smtp.enabled && needs_password(account.primary_smtp.server))
        missing.push_back(&account.primary_smtp.server);
    if (missing.empty())
        return ok_status();
    Result<std::string> password = Error{""};
    if (auto file = args.option("--password-file"))
        password = read_password_file(*file);
    else if (const char* env = std::getenv("MAILLAB_PASSWORD"); env && *env)
        password = std::string(env);
    else
        password = prompt("Password for " + account.email + ": ");
    if (!password)
        return password.error();
    for (auto* server : missing)
        server->password = *password;
    return ok_status();
}

} // namespace maillab::cli
