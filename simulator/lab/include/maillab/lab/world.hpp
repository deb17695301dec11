// The lab world as data: the lab domain, its users and passwords, and the messages already in
// their mailboxes (assets/lab/world.json; the format is described in assets/lab/README.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::lab {

struct SeedMessage {
    std::string from;     // "Name <address>" or "address"
    std::string to;       // empty: the user who owns the mailbox
    std::string subject;
    std::int64_t date = 0; // seconds since the epoch, UTC
    std::string body;     // plain text; LF or CRLF line ends
    bool seen = false;
    bool flagged = false;
};

struct WorldUser {
    std::string address;  // local@domain, lower case
    std::string name;
    std::string password;
    bool smtp_auth_disabled = false;
    std::vector<SeedMessage> inbox;
};

struct World {
    std::string domain;   // "lab.maillab.test", lower case
    std::vector<WorldUser> users;
};

// Either a world or a message that names the offending field ("users[1].inbox[0].date: ...").
struct WorldResult {
    std::optional<World> world;
    std::string error;
};

WorldResult parse_world(std::string_view json_text);
WorldResult load_world(const std::filesystem::path& file);

// "2026-03-02T09:15:00Z" (or with an offset "+01:00") → seconds since the epoch.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

} // namespace maillab::lab
