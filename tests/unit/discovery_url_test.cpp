// The URLs discovery fetches and the redirects it follows: absolute and relative Location values,
// IPv6 literals, fragments, and targets that could not go on a request line.
#include "discovery/url.hpp"

#include <gtest/gtest.h>

namespace {

using maillab::discovery::parse_url;
using maillab::discovery::resolve_location;
using maillab::discovery::Url;

Url url(const std::string& text) {
    auto parsed = parse_url(text);
    EXPECT_TRUE(parsed.ok()) << text;
    return parsed.ok() ? *parsed : Url{};
}

std::string resolved(const std::string& base, const std::string& location) {
    auto result = resolve_location(url(base), location);
    return result.ok() ? result->text() : "error: " + result.error().message;
}

TEST(DiscoveryUrl, AnHttpsUrlKeepsItsHostPortAndTarget) {
    const Url u = url("HTTPS://Autoconfig.Example.COM:8443/mail/config-v1.1.xml?x=1#top");
    EXPECT_EQ(u.scheme, "https");
    EXPECT_EQ(u.host, "autoconfig.example.com");
    EXPECT_EQ(u.port, 8443);
    EXPECT_EQ(u.target, "/mail/config-v1.1.xml?x=1");
}

TEST(DiscoveryUrl, AnIpv6LiteralWithoutAPortGetsTheSchemesPort) {
    EXPECT_EQ(url("https://[2001:DB8::1]/x").host, "[2001:db8::1]");
    EXPECT_EQ(url("https://[2001:DB8::1]/x").port, 443);
    EXPECT_EQ(url("http://[::1]:8080/").port, 8080);
    EXPECT_EQ(url("https://[::1]:443/a").text(), "https://[::1]/a");
    EXPECT_TRUE(parse_url(url("https://[::1]:443/a").text()).ok());
}

TEST(DiscoveryUrl, AnIpv6LiteralIsResolvedAndCheckedWithoutItsBrackets) {
    EXPECT_EQ(url("https://[2001:DB8::1]:8443/x").bare_host(), "2001:db8::1");
    EXPECT_EQ(url("https://Example.COM/x").bare_host(), "example.com");
    EXPECT_EQ(url("https://192.0.2.1/x").bare_host(), "192.0.2.1");
}

TEST(DiscoveryUrl, TheHostHeaderCarriesThePortOnlyWhenItIsNotTheSchemesDefault) {
    EXPECT_EQ(url("https://example.com/x").host_header(), "example.com");
    EXPECT_EQ(url("https://example.com:8443/x").host_header(), "example.com:8443");
    EXPECT_EQ(url("http://[::1]:8080/").host_header(), "[::1]:8080");
    EXPECT_EQ(url("http://example.com:443/").host_header(), "example.com:443");
}

TEST(DiscoveryUrl, UserInformationOtherSchemesAndControlCharactersAreRefused) {
    EXPECT_FALSE(parse_url("https://user:pw@example.com/").ok());
    EXPECT_FALSE(parse_url("ftp://example.com/").ok());
    EXPECT_FALSE(parse_url("https://example.com/a b").ok());
    EXPECT_FALSE(parse_url("https://example.com/a\r\nHost: evil").ok());
}

TEST(DiscoveryUrl, AnAbsoluteLocationReplacesTheUrl) {
    EXPECT_EQ(resolved("http://example.com/autodiscover/autodiscover.xml",
                       "https://autodiscover.example.net/autodiscover/autodiscover.xml"),
              "https://autodiscover.example.net/autodiscover/autodiscover.xml");
    EXPECT_EQ(resolved("https://example.com/", "//other.example/x"), "https://other.example/x");
}

TEST(DiscoveryUrl, ARelativeLocationWithAUrlInItsQueryStaysOnTheSameHost) {
    EXPECT_EQ(resolved("https://example.com/a", "/next?to=https://evil.example/"),
              "https://example.com/next?to=https://evil.example/");
    EXPECT_EQ(resolved("https://example.com/dir/a", "b?to=http://x.example"),
              "https://example.com/dir/b?to=http://x.example");
}

TEST(DiscoveryUrl, ARelativePathResolvesAgainstThePathNotTheQuery) {
    EXPECT_EQ(resolved("https://example.com/dir/a?q=/x/y", "b"), "https://example.com/dir/b");
    EXPECT_EQ(resolved("https://example.com/dir/a?q=1", "?q=2"), "https://example.com/dir/a?q=2");
}

TEST(DiscoveryUrl, AFragmentIsNeverSentToTheServer) {
    EXPECT_EQ(resolved("https://example.com/dir/a", "c/d?x=1#frag"),
              "https://example.com/dir/c/d?x=1");
    EXPECT_EQ(resolved("https://example.com/dir/a?q=1", "#frag"), "https://example.com/dir/a?q=1");
}

TEST(DiscoveryUrl, ALocationWithAnotherSchemeIsRefused) {
    EXPECT_EQ(resolved("https://example.com/", "mailto:a@example.com").rfind("error: ", 0), 0u);
    EXPECT_EQ(resolved("https://example.com/", "/a b").rfind("error: ", 0), 0u);
}

} // namespace
