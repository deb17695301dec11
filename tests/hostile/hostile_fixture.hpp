// What every hostile-server test uses: settings pointing at the server (through a private zone,
// so the certificate names work), short deadlines, and a stopwatch.
#pragma once

#include "hostile_server.hpp"
#include "maillab/verify/verify.hpp"
#include "test_certificates.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <memory>

namespace maillab::hostile {

using namespace std::chrono_literals;

// Never printed: assertions look at what the server received by prefix only.
inline constexpr const char* test_password = "hostile-Secret-7";

inline NetOptions short_deadlines() {
    NetOptions options;
    auto zone = std::make_shared<StaticZone>();
    zone->domain = "hostile.test";
    zone->hosts[test_host] = {"127.0.0.1"};
    options.zone = zone;
    options.ca_file = test_pki().ca_file;
    options.timeout = 3s;
    options.step_timeout = 2s;
    options.auth_timeout = 2s;
    return options;
}

inline ServerSettings settings_for(const HostileServer& server, Security security) {
    ServerSettings s;
    s.host = test_host;
    s.port = server.port();
    s.security = security;
    s.auth = AuthMethod::password;
    s.username = "hostile-user";
    s.password = test_password;
    return s;
}

inline IncomingServer incoming(IncomingProtocol protocol, const HostileServer& server,
                               Security security) {
    IncomingServer in;
    in.protocol = protocol;
    in.server = settings_for(server, security);
    return in;
}

inline CheckResult smtp_check(const HostileServer& server, Security security,
                              const NetOptions& net = short_deadlines()) {
    VerifyOptions options;
    options.net = net;
    return check_smtp(settings_for(server, security), options, "hostile-user@hostile.test");
}

class Stopwatch {
  public:
    std::chrono::milliseconds elapsed() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start_);
    }

  private:
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// The whole check's deadline plus room for a loaded build machine.
inline constexpr auto deadline_margin = 1500ms;

inline bool transcript_mentions(const CheckResult& r, std::string_view text) {
    for (const auto& step : r.steps)
        if (step.text.find(text) != std::string::npos)
            return true;
    return false;
}

} // namespace maillab::hostile

namespace maillab::hostile {

// Whether any command that carries or starts a login reached the server.
inline bool server_saw_a_login(const HostileServer& server) {
    for (const auto& command : server.commands()) {
        std::string upper;
        for (char c : command)
            upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        for (std::string_view verb : {"AUTH", "USER", "PASS", "APOP"})
            if (upper.rfind(verb, 0) == 0)
                return true;
        if (upper.find(" LOGIN") != std::string::npos ||
            upper.find(" AUTHENTICATE") != std::string::npos)
            return true;
    }
    return false;
}

} // namespace maillab::hostile
