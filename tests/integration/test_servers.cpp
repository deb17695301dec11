#include "test_servers.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace maillab::testing {

TestServers* TestServers::get() {
    static TestServers* instance = [] () -> TestServers* {
        const char* chosen = std::getenv("MAILLAB_TEST_SERVERS_ENV");
        std::ifstream in(chosen && *chosen ? chosen : MAILLAB_TEST_SERVERS_ENV);
        if (!in)
            return nullptr;
        auto* servers = new TestServers;
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#')
                continue;
            auto eq = line.find('=');
            if (eq != std::string::npos)
                servers->env_[line.substr(0, eq)] = line.substr(eq + 1);
        }
        std::ifstream users(servers->value("MAILLAB_TEST_USERS"));
        while (std::getline(users, line)) {
            if (line.empty() || line[0] == '#')
                continue;
            auto space = line.find(' ');
            servers->passwords_[line.substr(0, space)] = line.substr(space + 1);
        }
        servers->initial_passwords_ = servers->passwords_;
        return servers;
    }();
    return instance;
}

std::string TestServers::value(const std::string& key) const {
    auto it = env_.find(key);
    if (it == env_.end())
        throw std::runtime_error("servers.env has no " + key);
    return it->second;
}

const std::string& TestServers::password_of(const std::string& user) const {
    return passwords_.at(user);
}

void TestServers::set_password(const std::string& user, const std::string& password) {
    std::string command = "bash '" + value("MAILLAB_TEST_SET_PASSWORD") + "' '" +
                          value("MAILLAB_TEST_STATE") + "' '" + user + "'";
    FILE* pipe = popen(command.c_str(), "w");
    ASSERT_NE(pipe, nullptr);
    fwrite(password.data(), 1, password.size(), pipe);
    fputc('\n', pipe);
    ASSERT_EQ(pclose(pipe), 0) << "set-password.sh failed for " << user;
    passwords_[user] = password;
}

void TestServers::restore_passwords() {
    for (const auto& [user, password] : initial_passwords_)
        if (passwords_[user] != password)
            set_password(user, password);
}

NetOptions TestServers::net_options() const {
    NetOptions net;
    net.resolver = value("MAILLAB_TEST_DNS");
    net.ca_file = value("MAILLAB_TEST_CA");
    net.timeout = std::chrono::seconds(20);
    net.step_timeout = std::chrono::seconds(8);
    net.auth_timeout = std::chrono::seconds(15);
    return net;
}

std::string TestServers::read_log(const std::string& key) const {
    std::ifstream in(value(key), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::size_t TestServers::log_size(const std::string& key) const { return read_log(key).size(); }

std::vector<std::string> special_passwords() {
    std::ifstream in(MAILLAB_TEST_PASSWORDS, std::ios::binary);
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line))
        if (!line.empty())
            out.push_back(line);
    return out;
}

ServerSettings server(const std::string& host, std::uint16_t port, Security security,
                      const std::string& user, const std::string& password) {
    ServerSettings s;
    s.host = host;
    s.port = port;
    s.security = security;
    s.auth = AuthMethod::password;
    s.username = user;
    s.password = password;
    return s;
}

Account account(const std::string& user, IncomingProtocol protocol, ServerSettings incoming,
                ServerSettings outgoing) {
    Account a;
    a.email = user;
    a.name = "Test";
    a.incoming.protocol = protocol;
    a.incoming.server = std::move(incoming);
    a.primary_smtp.server = std::move(outgoing);
    return a;
}

std::string transcript_text(const CheckResult& check) {
    std::string text;
    for (const auto& step : check.steps)
        text += step.stage + " " + std::string(to_string(step.direction)) + " " + step.text + "\n";
    return text;
}

} // namespace maillab::testing
