// Host names in provider documents that are internationalized: a candidate keeps them in
// punycode and warns that the letters may be look-alikes.
#include "maillab/autoconfig/sources.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace {

using namespace maillab::autoconfig;

ProviderConfig config_with_imap_host(const std::string& host) {
    ProviderConfig config;
    ServerEntry imap;
    imap.type = "imap";
    imap.hostname = host;
    imap.port = 993;
    imap.socket_type = SocketType::ssl;
    config.incoming.push_back(imap);
    ServerEntry smtp;
    smtp.type = "smtp";
    smtp.hostname = "smtp.%EMAILDOMAIN%";
    smtp.port = 465;
    smtp.socket_type = SocketType::ssl;
    config.outgoing.push_back(smtp);
    return config;
}

Candidate candidate_for(const std::string& host) {
    DiscoveryContext context;
    context.address = "someone@example.com";
    context.local_part = "someone";
    context.domain = "example.com";
    return make_candidate(SourceKind::isp_https, "https://autoconfig.example.com/", true,
                          config_with_imap_host(host), context);
}

std::size_t warnings_naming(const Candidate& candidate, const std::string& text) {
    return static_cast<std::size_t>(
        std::count_if(candidate.notes.begin(), candidate.notes.end(), [&](const std::string& n) {
            return n.starts_with("warning: ") && n.find(text) != std::string::npos;
        }));
}

TEST(IdnHost, CyrillicLookAlikeHostIsShownInPunycodeWithAWarning) {
    const auto candidate = candidate_for("imap.\xD0\xB0pple.com"); // Cyrillic 'а'
    EXPECT_EQ(candidate.config.incoming.front().hostname, "imap.xn--pple-43d.com");
    EXPECT_EQ(warnings_naming(candidate, "imap.xn--pple-43d.com"), 1u);
    EXPECT_EQ(candidate.password_recipients.front(), "imap.xn--pple-43d.com");
}

TEST(IdnHost, PunycodeWrittenInTheFileGetsTheSameWarning) {
    const auto candidate = candidate_for("IMAP.XN--PPLE-43D.com");
    EXPECT_EQ(candidate.config.incoming.front().hostname, "imap.xn--pple-43d.com");
    EXPECT_EQ(warnings_naming(candidate, "look like"), 1u);
}

TEST(IdnHost, PlainAsciiHostsGetNoWarning) {
    const auto candidate = candidate_for("imap.%EMAILDOMAIN%");
    EXPECT_EQ(candidate.config.incoming.front().hostname, "imap.example.com");
    EXPECT_TRUE(candidate.notes.empty());
}

TEST(IdnHost, InvalidInternationalizedHostIsKeptAndNamedInAWarning) {
    const auto candidate = candidate_for("imap.\xFF\xFE.com"); // not UTF-8
    EXPECT_EQ(warnings_naming(candidate, "not a valid internationalized host name"), 1u);
}

TEST(IdnHost, TheSameLookAlikeHostTwiceIsWarnedAboutOnce) {
    auto config = config_with_imap_host("mail.\xD0\xB0pple.com");
    config.outgoing.front().hostname = "mail.\xD0\xB0pple.com";
    DiscoveryContext context;
    context.address = "someone@example.com";
    context.local_part = "someone";
    context.domain = "example.com";
    const auto candidate = make_candidate(SourceKind::isp_https, "x", true, config, context);
    EXPECT_EQ(warnings_naming(candidate, "mail.xn--pple-43d.com"), 1u);
}

} // namespace
