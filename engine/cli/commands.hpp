// The maillab subcommands. Exit status: 0 all checks passed, 1 a check failed, 2 bad usage or
// bad input (with a message naming the problem).
#pragma once

#include <string>
#include <vector>

namespace maillab::cli {

int verify_command(const std::vector<std::string>& args);
int verify_batch_command(const std::vector<std::string>& args); // verify --batch FILE
int diagnose_command(const std::vector<std::string>& args);
int discover_command(const std::vector<std::string>& args);
int setup_command(const std::vector<std::string>& args);
int import_command(const std::vector<std::string>& args);
int export_command(const std::vector<std::string>& args);
int dns_command(const std::vector<std::string>& args);

int usage_error(const std::string& command, const std::string& message);
int input_error(const std::string& message);

} // namespace maillab::cli
