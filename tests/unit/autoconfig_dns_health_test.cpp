// The DNS health checks of "maillab dns": SPF, DMARC and DKIM parsers, the SPF include walk with a
// scripted lookup, and the verdict of every check given lookup results.
#include "maillab/autoconfig/dns_health.hpp"

#include <gtest/gtest.h>
#include <map>

namespace {

using namespace maillab::autoconfig;
using maillab::Error;
using Status = AddressLookup::Status;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

bool any_contains(const std::vector<std::string>& list, const std::string& part) {
    for (const auto& item : list)
        if (contains(item, part))
            return true;
    return false;
}

std::string joined(const std::vector<std::string>& list) {
    std::string out;
    for (const auto& item : list)
        out += item + "\n";
    return out;
}

// TXT answers by name; a name without an answer fails the test loudly.
class ScriptedTxt {
  public:
    ScriptedTxt& add(const std::string& name, std::vector<std::string> records) {
        answers_.insert_or_assign(name, TxtAnswer(std::move(records)));
        return *this;
    }
    ScriptedTxt& fail(const std::string& name, const std::string& message) {
        answers_.insert_or_assign(name, TxtAnswer(Error{message}));
        return *this;
    }
    TxtLookup lookup() {
        return [this](const std::string& name) -> TxtAnswer {
            calls.push_back(name);
            auto it = answers_.find(name);
            if (it == answers_.end()) {
                ADD_FAILURE() << "lookup(" << name << ") called but no answer provided";
                return Error{"no scripted answer"};
            }
            return it->second;
        };
    }
    std::vector<std::string> calls;

  private:
    std::map<std::string, TxtAnswer> answers_;
};

TxtLookup no_lookups() {
    return [](const std::string& name) -> TxtAnswer {
        ADD_FAILURE() << "lookup(" << name << ") called but none was expected";
        return Error{"unexpected lookup"};
    };
}

AddressLookup found(std::vector<std::string> addresses, std::string canonical = {}) {
    AddressLookup l;
    l.status = Status::found;
    l.addresses = std::move(addresses);
    l.canonical_name = std::move(canonical);
    return l;
}

AddressLookup not_found() {
    AddressLookup l;
    l.status = Status::not_found;
    l.error = "no such name (NXDOMAIN)";
    return l;
}

AddressLookup lookup_failed() {
    AddressLookup l;
    l.status = Status::failed;
    l.error = "the DNS server did not answer";
    return l;
}

// ---------------------------------------------------------------------------------------------
// SPF parser

TEST(SpfRecord, VersionTagIsCaseInsensitiveAndMustBeFollowedByASpaceOrTheEnd) {
    EXPECT_TRUE(is_spf_record("v=spf1 -all"));
    EXPECT_TRUE(is_spf_record("V=SPF1 mx"));
    EXPECT_TRUE(is_spf_record("v=spf1"));
    EXPECT_FALSE(is_spf_record("v=spf10 -all"));
    EXPECT_FALSE(is_spf_record(" v=spf1 -all"));
    EXPECT_FALSE(is_spf_record("spf2.0/pra -all"));
    EXPECT_FALSE(is_spf_record("v=spf1\t-all"));
}

TEST(SpfRecord, EveryMechanismWithItsQualifierAndPrefixLengths) {
    auto r = parse_spf("v=spf1 +a mx:mail.example.com/24 -ip4:192.0.2.0/24 ~ip6:2001:db8::/32 "
                       "?exists:%{i}.spf.example.com include:_spf.example.net ptr -all");
    ASSERT_TRUE(r.valid()) << joined(r.errors);
    ASSERT_EQ(r.mechanisms.size(), 8u);
    EXPECT_EQ(r.mechanisms[0].kind, SpfMechanismKind::a);
    EXPECT_EQ(r.mechanisms[0].qualifier, SpfQualifier::pass);
    EXPECT_EQ(r.mechanisms[1].kind, SpfMechanismKind::mx);
    EXPECT_EQ(r.mechanisms[1].domain_spec, "mail.example.com");
    EXPECT_EQ(r.mechanisms[1].cidr4, 24);
    EXPECT_EQ(r.mechanisms[2].qualifier, SpfQualifier::fail);
    EXPECT_EQ(r.mechanisms[2].network, "192.0.2.0");
    EXPECT_EQ(r.mechanisms[2].cidr4, 24);
    EXPECT_EQ(r.mechanisms[3].qualifier, SpfQualifier::softfail);
    EXPECT_EQ(r.mechanisms[3].network, "2001:db8::");
    EXPECT_EQ(r.mechanisms[3].cidr6, 32);
    EXPECT_EQ(r.mechanisms[4].qualifier, SpfQualifier::neutral);
    EXPECT_EQ(r.mechanisms[4].kind, SpfMechanismKind::exists);
    EXPECT_EQ(r.mechanisms[5].domain_spec, "_spf.example.net");
    EXPECT_EQ(r.mechanisms[6].kind, SpfMechanismKind::ptr);
    ASSERT_NE(r.all(), nullptr);
    EXPECT_EQ(r.all()->qualifier, SpfQualifier::fail);
    EXPECT_TRUE(any_contains(r.warnings, "\"ptr\": ptr is slow and deprecated"));
}

TEST(SpfRecord, MechanismNamesAreCaseInsensitiveAndExtraSpacesAreHarmless) {
    auto r = parse_spf("v=spf1  MX   Include:_spf.example.com  -ALL ");
    ASSERT_TRUE(r.valid()) << joined(r.errors);
    ASSERT_EQ(r.mechanisms.size(), 3u);
    EXPECT_EQ(r.mechanisms[1].kind, SpfMechanismKind::include);
    EXPECT_EQ(r.mechanisms[2].kind, SpfMechanismKind::all);
}

TEST(SpfRecord, DualCidrLengthsOnAAndMx) {
    auto r = parse_spf("v=spf1 a/24//64 mx//56 a:mail.example.com/28 -all");
    ASSERT_TRUE(r.valid()) << joined(r.errors);
    EXPECT_EQ(r.mechanisms[0].cidr4, 24);
    EXPECT_EQ(r.mechanisms[0].cidr6, 64);
    EXPECT_FALSE(r.mechanisms[1].cidr4);
    EXPECT_EQ(r.mechanisms[1].cidr6, 56);
    EXPECT_EQ(r.mechanisms[2].domain_spec, "mail.example.com");
    EXPECT_EQ(r.mechanisms[2].cidr4, 28);
}

TEST(SpfRecord, RedirectAndExpAreModifiers) {
    auto r = parse_spf("v=spf1 redirect=_spf.example.com exp=explain.%{d}");
    ASSERT_TRUE(r.valid()) << joined(r.errors);
    EXPECT_TRUE(r.mechanisms.empty());
    EXPECT_EQ(r.redirect, "_spf.example.com");
    EXPECT_EQ(r.explanation, "explain.%{d}");
}

struct BrokenSpf {
    const char* record;
    const char* error; // a part of the first error
};

class SpfSyntaxErrors : public ::testing::TestWithParam<BrokenSpf> {};

TEST_P(SpfSyntaxErrors, EachErrorNamesTheTerm) {
    auto r = parse_spf(GetParam().record);
    ASSERT_FALSE(r.valid()) << GetParam().record;
    EXPECT_TRUE(contains(r.errors.front(), GetParam().error))
        << "record: " << GetParam().record << "\nerror: " << r.errors.front();
}

INSTANTIATE_TEST_SUITE_P(
    Records, SpfSyntaxErrors,
    ::testing::Values(
        BrokenSpf{"v=spf1 ipv4:192.0.2.1 -all", "\"ipv4:192.0.2.1\": unknown mechanism \"ipv4\" "
                                                "(did you mean ip4?)"},
        BrokenSpf{"v=spf1 ipv6:2001:db8::1 -all", "(did you mean ip6?)"},
        BrokenSpf{"v=spf1 foo -all", "\"foo\": unknown mechanism"},
        BrokenSpf{"v=spf1 ip4:300.1.2.3 -all", "\"ip4:300.1.2.3\": \"300.1.2.3\" is not an IPv4"},
        BrokenSpf{"v=spf1 ip4:01.2.3.4 -all", "is not an IPv4 address"},
        BrokenSpf{"v=spf1 ip4:192.0.2.0/33 -all", "\"ip4:192.0.2.0/33\": \"/33\" is not a prefix"},
        BrokenSpf{"v=spf1 ip4:192.0.2.0/ -all", "is not a prefix length"},
        BrokenSpf{"v=spf1 ip4:2001:db8::1 -all", "(an IPv6 address: use ip6:)"},
        BrokenSpf{"v=spf1 ip6:192.0.2.1 -all", "(an IPv4 address: use ip4:)"},
        BrokenSpf{"v=spf1 ip6:2001:db8::/129 -all", "is not a prefix length (0..128)"},
        BrokenSpf{"v=spf1 ip4 -all", "\"ip4\": ip4 needs an address"},
        BrokenSpf{"v=spf1 include -all", "\"include\": include needs a domain"},
        BrokenSpf{"v=spf1 include: -all", "include needs a domain"},
        BrokenSpf{"v=spf1 include:localhost -all", "\"localhost\" is not a full domain name"},
        BrokenSpf{"v=spf1 include:example.com/24 -all", "include takes no prefix length"},
        BrokenSpf{"v=spf1 include:example.123 -all", "does not end in a valid top-level label"},
        BrokenSpf{"v=spf1 include:a..example.com -all", "has an empty label"},
        BrokenSpf{"v=spf1 exists -all", "exists needs a domain"},
        BrokenSpf{"v=spf1 a/ -all", "\"a/\": \"/\" is not a prefix length"},
        BrokenSpf{"v=spf1 mx/33 -all", "is not a prefix length"},
        BrokenSpf{"v=spf1 a:/24 -all", "needs a domain"},
        BrokenSpf{"v=spf1 ptr/24 -all", "ptr takes no prefix length"},
        BrokenSpf{"v=spf1 all:example.com", "\"all\" takes no domain or network"},
        BrokenSpf{"v=spf1 mx - -all", "\"-\": a qualifier without a mechanism"},
        BrokenSpf{"v=spf1 redirect=a.example.com redirect=b.example.com",
                  "redirect= may appear only once"},
        BrokenSpf{"v=spf1 exp=a.example.com exp=b.example.com -all", "exp= may appear only once"},
        BrokenSpf{"v=spf1 redirect=", "\"redirect=\": needs a domain"},
        BrokenSpf{"v=spf1 -redirect=example.com", "a modifier takes no qualifier"},
        BrokenSpf{"v=spf1 include:%{x}.example.com -all", "unknown letter"},
        BrokenSpf{"v=spf1 include:%{d.example.com -all", "not closed"},
        BrokenSpf{"v=spf1 exists:%d.example.com -all", "which is no macro"},
        BrokenSpf{"v=spf1 a\tmx -all", "a tab, a control character"},
        BrokenSpf{"v=spf1 a:m\xc3\xa4il.example -all", "non-ASCII"},
        BrokenSpf{"spf1 -all", "does not start with \"v=spf1\""}));

TEST(SpfRecord, ValidMacrosAreAccepted) {
    auto r = parse_spf("v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} include:%{d2}.spf.example.com "
                       "exists:%{i}.%%.%_.%-.example.com -all");
    EXPECT_TRUE(r.valid()) << joined(r.errors);
}

TEST(SpfRecord, UnknownModifiersAreIgnoredWithAWarning) {
    auto r = parse_spf("v=spf1 mx foo=bar -all");
    ASSERT_TRUE(r.valid()) << joined(r.errors);
    ASSERT_EQ(r.unknown_modifiers.size(), 1u);
    EXPECT_EQ(r.unknown_modifiers[0].name, "foo");
    EXPECT_TRUE(any_contains(r.warnings, "\"foo=bar\": unknown modifier"));
}

TEST(SpfRecord, TwoRecordsPastedTogetherAreNoticed) {
    auto r = parse_spf("v=spf1 mx -all v=spf1 a -all");
    EXPECT_TRUE(any_contains(r.warnings, "two records pasted together"));
}

TEST(SpfRecord, TermsAfterAllAreNeverUsed) {
    auto r = parse_spf("v=spf1 -all ip4:192.0.2.1 redirect=_spf.example.com");
    ASSERT_TRUE(r.valid()) << joined(r.errors);
    EXPECT_TRUE(any_contains(r.warnings, "\"ip4:192.0.2.1\": comes after \"-all\""));
    EXPECT_TRUE(any_contains(r.warnings, "\"redirect=_spf.example.com\": ignored"));
}

TEST(SpfRecord, APrefixOfZeroMatchesEveryAddress) {
    auto r = parse_spf("v=spf1 ip4:0.0.0.0/0 -all");
    ASSERT_TRUE(r.valid());
    EXPECT_TRUE(any_contains(r.warnings, "matches every address"));
}

// ---------------------------------------------------------------------------------------------
// SPF walk: lookup counting, includes, redirects, loops, void lookups

TEST(SpfWalk, CountsDnsQueryingTermsAcrossIncludes) {
    ScriptedTxt dns;
    dns.add("a.example", {"v=spf1 include:b.example ip4:192.0.2.1 ~all"})
        .add("b.example", {"v=spf1 exists:%{i}.x.example -all"});
    auto e = evaluate_spf("example.com", {"v=spf1 a mx ptr include:a.example -all"}, dns.lookup());
    EXPECT_TRUE(e.errors.empty()) << joined(e.errors);
    // a, mx, ptr, include:a.example, include:b.example, exists
    EXPECT_EQ(e.dns_lookups, 6);
    EXPECT_EQ(e.void_lookups, 0);
    EXPECT_FALSE(e.lookup_limit_exceeded);
    EXPECT_EQ(e.effective_all, SpfQualifier::fail); // the included "~all" does not count
    EXPECT_EQ(dns.calls, (std::vector<std::string>{"a.example", "b.example"}));
    EXPECT_TRUE(any_contains(e.tree, "include:a.example → v=spf1 include:b.example"));
    EXPECT_TRUE(any_contains(e.tree, "    include:b.example → v=spf1 exists"));
}

TEST(SpfWalk, ExactlyTenLookupsIsAllowed) {
    auto e = evaluate_spf("example.com",
                          {"v=spf1 a mx a:a.example.com a:b.example.com a:c.example.com "
                           "a:d.example.com a:e.example.com mx:f.example.com mx:g.example.com "
                           "exists:h.example.com -all"},
                          no_lookups());
    EXPECT_EQ(e.dns_lookups, 10);
    EXPECT_FALSE(e.lookup_limit_exceeded);
    EXPECT_TRUE(e.errors.empty()) << joined(e.errors);
}

TEST(SpfWalk, ElevenLookupsInOneRecordArePermerror) {
    auto e = evaluate_spf("example.com",
                          {"v=spf1 a mx a:a.example.com a:b.example.com a:c.example.com "
                           "a:d.example.com a:e.example.com mx:f.example.com mx:g.example.com "
                           "exists:h.example.com ptr -all"},
                          no_lookups());
    EXPECT_EQ(e.dns_lookups, 11);
    EXPECT_TRUE(e.lookup_limit_exceeded);
    ASSERT_FALSE(e.errors.empty());
    EXPECT_EQ(e.errors.front(), "too many DNS lookups (11 > 10): receivers treat SPF as permerror");
}

TEST(SpfWalk, ADeepIncludeChainStopsFetchingAtTheLimit) {
    ScriptedTxt dns;
    for (int i = 1; i <= 20; ++i)
        dns.add("i" + std::to_string(i) + ".example",
                {"v=spf1 include:i" + std::to_string(i + 1) + ".example -all"});
    auto e = evaluate_spf("example.com", {"v=spf1 include:i1.example -all"}, dns.lookup());
    EXPECT_TRUE(e.lookup_limit_exceeded);
    EXPECT_TRUE(e.stopped_counting);
    EXPECT_EQ(dns.calls.size(), 10u); // i1 .. i10; include:i11 is the 11th lookup
    EXPECT_EQ(e.dns_lookups, 11);
    EXPECT_EQ(e.errors.front(), "too many DNS lookups (11 > 10): receivers treat SPF as permerror");
    EXPECT_TRUE(any_contains(e.tree, "include:i11.example (not followed: over the lookup limit)"));
}

TEST(SpfWalk, AWideIncludeTreeIsCountedDepthFirst) {
    ScriptedTxt dns;
    dns.add("one.example", {"v=spf1 a mx include:two.example -all"})
        .add("two.example", {"v=spf1 a mx a:x.example.com mx:y.example.com -all"})
        .add("three.example", {"v=spf1 a mx -all"});
    auto e = evaluate_spf("example.com", {"v=spf1 include:one.example include:three.example -all"},
                          dns.lookup());
    // include:one(1) a(2) mx(3) include:two(4) a mx a mx (8) include:three(9) a(10) mx(11)
    EXPECT_EQ(e.dns_lookups, 11);
    EXPECT_TRUE(e.lookup_limit_exceeded);
    EXPECT_EQ(dns.calls, (std::vector<std::string>{"one.example", "two.example", "three.example"}));
}

TEST(SpfWalk, AnIncludeLoopIsNamedAndNotFollowedAgain) {
    ScriptedTxt dns;
    dns.add("a.example", {"v=spf1 include:b.example -all"})
        .add("b.example", {"v=spf1 include:A.example. -all"});
    auto e = evaluate_spf("example.com", {"v=spf1 include:a.example -all"}, dns.lookup());
    ASSERT_FALSE(e.errors.empty());
    EXPECT_TRUE(any_contains(e.errors, "\"include:A.example.\": an include loop (example.com → "
                                       "a.example → b.example → a.example)"))
        << joined(e.errors);
    EXPECT_EQ(dns.calls, (std::vector<std::string>{"a.example", "b.example"}));
}

TEST(SpfWalk, IncludingItselfIsALoop) {
    auto e = evaluate_spf("example.com", {"v=spf1 include:example.com -all"}, no_lookups());
    EXPECT_TRUE(any_contains(e.errors, "an include loop (example.com → example.com)"));
}

TEST(SpfWalk, AnIncludeOfANameWithoutRecordsIsAVoidLookupAndPermerror) {
    ScriptedTxt dns;
    dns.add("gone.example", {});
    auto e = evaluate_spf("example.com", {"v=spf1 include:gone.example -all"}, dns.lookup());
    EXPECT_EQ(e.void_lookups, 1);
    ASSERT_EQ(e.errors.size(), 1u);
    EXPECT_EQ(e.errors.front(), "\"include:gone.example\": gone.example has no SPF record (no TXT "
                                "records at all): receivers return permerror");
}

TEST(SpfWalk, MoreThanTwoVoidLookupsArePermerror) {
    ScriptedTxt dns;
    dns.add("a.example", {}).add("b.example", {}).add("c.example", {});
    auto e = evaluate_spf("example.com",
                          {"v=spf1 include:a.example include:b.example include:c.example -all"},
                          dns.lookup());
    EXPECT_EQ(e.void_lookups, 3);
    EXPECT_TRUE(any_contains(e.errors, "too many void lookups (3 > 2)"));
}

TEST(SpfWalk, AnIncludeWithTxtButNoSpfIsPermerror) {
    ScriptedTxt dns;
    dns.add("a.example", {"google-site-verification=abc"});
    auto e = evaluate_spf("example.com", {"v=spf1 include:a.example -all"}, dns.lookup());
    EXPECT_EQ(e.void_lookups, 0);
    EXPECT_TRUE(any_contains(e.errors, "a.example has TXT records but no SPF record"));
}

TEST(SpfWalk, AnIncludeWithTwoSpfRecordsIsPermerror) {
    ScriptedTxt dns;
    dns.add("a.example", {"v=spf1 -all", "v=spf1 mx -all"});
    auto e = evaluate_spf("example.com", {"v=spf1 include:a.example -all"}, dns.lookup());
    EXPECT_TRUE(any_contains(e.errors, "a.example has 2 SPF records"));
}

TEST(SpfWalk, AFailedIncludeLookupIsTemperror) {
    ScriptedTxt dns;
    dns.fail("a.example", "the DNS server did not answer");
    auto e = evaluate_spf("example.com", {"v=spf1 include:a.example -all"}, dns.lookup());
    EXPECT_TRUE(e.errors.empty());
    ASSERT_EQ(e.failures.size(), 1u);
    EXPECT_TRUE(contains(e.failures[0], "receivers return temperror"));
}

TEST(SpfWalk, ErrorsInsideAnIncludedRecordNameThatRecord) {
    ScriptedTxt dns;
    dns.add("a.example", {"v=spf1 ipv4:192.0.2.1 -all"});
    auto e = evaluate_spf("example.com", {"v=spf1 include:a.example -all"}, dns.lookup());
    EXPECT_TRUE(any_contains(e.errors, "in the SPF record of a.example (include:a.example): "
                                       "\"ipv4:192.0.2.1\": unknown mechanism"));
}

TEST(SpfWalk, IncludesWithMacrosAreCountedButNotFollowed) {
    auto e =
        evaluate_spf("example.com", {"v=spf1 include:%{l}._spf.example.com -all"}, no_lookups());
    EXPECT_EQ(e.dns_lookups, 1);
    EXPECT_TRUE(e.errors.empty());
    EXPECT_TRUE(any_contains(e.tree, "depends on the sender"));
}

TEST(SpfWalk, RedirectCountsAndItsTargetDecidesTheAll) {
    ScriptedTxt dns;
    dns.add("_spf.example.net", {"v=spf1 ip4:192.0.2.0/24 mx -all"});
    auto e = evaluate_spf("example.com", {"v=spf1 redirect=_spf.example.net"}, dns.lookup());
    EXPECT_TRUE(e.errors.empty()) << joined(e.errors);
    EXPECT_EQ(e.dns_lookups, 2); // redirect, mx
    EXPECT_EQ(e.effective_all, SpfQualifier::fail);
}

TEST(SpfWalk, RedirectIsNotFollowedWhenTheRecordHasAll) {
    auto e =
        evaluate_spf("example.com", {"v=spf1 mx ~all redirect=_spf.example.net"}, no_lookups());
    EXPECT_EQ(e.dns_lookups, 1);
    EXPECT_EQ(e.effective_all, SpfQualifier::softfail);
}

TEST(SpfWalk, ARedirectLoopIsNamed) {
    ScriptedTxt dns;
    dns.add("b.example", {"v=spf1 redirect=example.com"});
    auto e = evaluate_spf("example.com", {"v=spf1 redirect=b.example"}, dns.lookup());
    EXPECT_TRUE(any_contains(e.errors, "\"redirect=example.com\": an include loop"));
    EXPECT_FALSE(e.effective_all);
}

TEST(SpfWalk, TwoSpfRecordsAtTheDomainArePermerror) {
    auto e = evaluate_spf("example.com", {"v=spf1 -all", "other", "v=spf1 mx -all"}, no_lookups());
    EXPECT_EQ(e.record_count, 2);
    ASSERT_EQ(e.errors.size(), 1u);
    EXPECT_TRUE(contains(e.errors[0], "there are 2 SPF records: receivers return permerror"));
}

// ---------------------------------------------------------------------------------------------
// SPF verdicts

TEST(SpfCheck, TheLabRecordIsStrictAndUsesOneLookup) {
    auto c = judge_spf("maillab.test", std::vector<std::string>{"v=spf1 mx -all"}, no_lookups());
    EXPECT_EQ(c.name, "spf");
    EXPECT_EQ(c.verdict, Verdict::ok);
    EXPECT_EQ(c.summary, "-all: strict — mail from servers not listed fails SPF");
    EXPECT_TRUE(any_contains(c.details, "record: v=spf1 mx -all"));
    EXPECT_TRUE(any_contains(c.details, "mx → pass: the mail servers (MX) of maillab.test"));
    EXPECT_TRUE(any_contains(c.details, "-all → fail: every other server"));
    EXPECT_TRUE(any_contains(c.details, "DNS lookups: 1 of 10"));
}

TEST(SpfCheck, SoftfailIsAcceptable) {
    auto c = judge_spf("example.com", std::vector<std::string>{"v=spf1 ip4:192.0.2.1 ~all"},
                       no_lookups());
    EXPECT_EQ(c.verdict, Verdict::ok);
    EXPECT_TRUE(c.summary.starts_with("~all: softfail"));
}

TEST(SpfCheck, NeutralAndPassAllAllowAnyoneAndAreProblems) {
    auto neutral =
        judge_spf("example.com", std::vector<std::string>{"v=spf1 mx ?all"}, no_lookups());
    EXPECT_EQ(neutral.verdict, Verdict::problem);
    EXPECT_TRUE(neutral.summary.starts_with("?all: allows anyone")) << neutral.summary;
    auto pass = judge_spf("example.com", std::vector<std::string>{"v=spf1 mx +all"}, no_lookups());
    EXPECT_EQ(pass.verdict, Verdict::problem);
    EXPECT_TRUE(pass.summary.starts_with("+all: allows anyone")) << pass.summary;
    auto bare = judge_spf("example.com", std::vector<std::string>{"v=spf1 all"}, no_lookups());
    EXPECT_EQ(bare.verdict, Verdict::problem);
}

TEST(SpfCheck, NoAllIsAWarning) {
    auto c = judge_spf("example.com", std::vector<std::string>{"v=spf1 mx"}, no_lookups());
    EXPECT_EQ(c.verdict, Verdict::warning);
    EXPECT_TRUE(c.summary.starts_with("no \"all\" at the end"));
}

TEST(SpfCheck, NoRecordIsMissingAndLookalikesAreShown) {
    auto c =
        judge_spf("example.com", std::vector<std::string>{"spf2.0/pra ip4:192.0.2.1 -all", "other"},
                  no_lookups());
    EXPECT_EQ(c.verdict, Verdict::missing);
    EXPECT_TRUE(c.summary.starts_with("no SPF record"));
    EXPECT_TRUE(any_contains(c.details, "mentions SPF"));
}

TEST(SpfCheck, SyntaxErrorsAreProblemsNamingTheTerm) {
    auto c = judge_spf("example.com", std::vector<std::string>{"v=spf1 ipv4:192.0.2.1 -all"},
                       no_lookups());
    EXPECT_EQ(c.verdict, Verdict::problem);
    EXPECT_TRUE(contains(c.summary, "\"ipv4:192.0.2.1\"")) << c.summary;
}

TEST(SpfCheck, TooManyLookupsIsTheSummary) {
    ScriptedTxt dns;
    for (int i = 1; i <= 12; ++i)
        dns.add("i" + std::to_string(i) + ".example",
                {"v=spf1 include:i" + std::to_string(i + 1) + ".example -all"});
    auto c = judge_spf("example.com", std::vector<std::string>{"v=spf1 include:i1.example -all"},
                       dns.lookup());
    EXPECT_EQ(c.verdict, Verdict::problem);
    EXPECT_EQ(c.summary, "too many DNS lookups (11 > 10): receivers treat SPF as permerror");
    EXPECT_TRUE(any_contains(c.details, "DNS lookups: 11 or more of 10"));
}

TEST(SpfCheck, AFailedTopLookupIsAWarning) {
    auto c =
        judge_spf("example.com", TxtAnswer(Error{"the DNS server did not answer"}), no_lookups());
    EXPECT_EQ(c.verdict, Verdict::warning);
    EXPECT_TRUE(contains(c.summary, "the DNS server did not answer"));
}

TEST(SpfCheck, AFailedIncludeLookupIsAWarning) {
    ScriptedTxt dns;
    dns.fail("a.example", "SERVFAIL");
    auto c = judge_spf("example.com", std::vector<std::string>{"v=spf1 include:a.example -all"},
                       dns.lookup());
    EXPECT_EQ(c.verdict, Verdict::warning);
    EXPECT_TRUE(contains(c.summary, "temperror"));
}

// ---------------------------------------------------------------------------------------------
// Tag lists, DMARC

TEST(TagList, TrimsWhiteSpaceAllowsATrailingSemicolonAndRejectsDuplicates) {
    auto t = parse_tag_list(" v = DMARC1 ;p=reject;\t; ");
    EXPECT_TRUE(t.errors.empty());
    ASSERT_EQ(t.tags.size(), 2u);
    EXPECT_EQ(t.tags[0], (std::pair<std::string, std::string>{"v", "DMARC1"}));
    ASSERT_NE(t.find("p"), nullptr);
    EXPECT_EQ(*t.find("p"), "reject");
    EXPECT_TRUE(any_contains(parse_tag_list("p=a; p=b").errors, "p= appears more than once"));
    EXPECT_TRUE(any_contains(parse_tag_list("v=1; reject").errors, "\"reject\" is not a tag"));
    EXPECT_TRUE(any_contains(parse_tag_list("1x=2").errors, "not a valid tag name"));
}

TEST(DmarcRecord, VersionMustBeFirstAndExactlyDMARC1) {
    EXPECT_TRUE(is_dmarc_record("v=DMARC1; p=reject"));
    EXPECT_TRUE(is_dmarc_record("v = DMARC1;p=none"));
    EXPECT_TRUE(is_dmarc_record("v=DMARC1"));
    EXPECT_FALSE(is_dmarc_record("v=dmarc1; p=none"));
    EXPECT_FALSE(is_dmarc_record("p=reject; v=DMARC1"));
    EXPECT_FALSE(is_dmarc_record("v=DMARC10; p=none"));
    EXPECT_FALSE(is_dmarc_record("v=spf1 -all"));
}

TEST(DmarcRecord, EveryTagIsRead) {
    auto d = parse_dmarc("v=DMARC1; p=Quarantine; sp=reject; pct=50; "
                         "rua=mailto:a@example.com,mailto:b@example.net!10m; "
                         "ruf=mailto:f@example.com; adkim=s; aspf=r; fo=1:d; rf=afrf; ri=86400");
    EXPECT_TRUE(d.valid()) << joined(d.errors);
    EXPECT_EQ(d.policy, "quarantine");
    EXPECT_EQ(d.subdomain_policy, "reject");
    EXPECT_EQ(d.percent, 50);
    EXPECT_EQ(d.aggregate_reports,
              (std::vector<std::string>{"mailto:a@example.com", "mailto:b@example.net"}));
    EXPECT_EQ(d.failure_reports, (std::vector<std::string>{"mailto:f@example.com"}));
    EXPECT_EQ(d.dkim_alignment, 's');
    EXPECT_EQ(d.spf_alignment, 'r');
    EXPECT_EQ(d.failure_options, "1:d");
    EXPECT_TRUE(any_contains(d.warnings, "pct=50: the policy applies to only 50%"));
}

TEST(DmarcRecord, DefaultsApplyToAMinimalRecord) {
    auto d = parse_dmarc("v=DMARC1; p=reject");
    EXPECT_TRUE(d.valid());
    EXPECT_EQ(d.percent, 100);
    EXPECT_EQ(d.dkim_alignment, 'r');
    EXPECT_TRUE(d.subdomain_policy.empty());
    EXPECT_TRUE(d.warnings.empty());
}

struct BrokenDmarc {
    const char* record;
    const char* error;
};

class DmarcErrors : public ::testing::TestWithParam<BrokenDmarc> {};

TEST_P(DmarcErrors, EachErrorNamesTheTag) {
    auto d = parse_dmarc(GetParam().record);
    ASSERT_FALSE(d.valid()) << GetParam().record;
    EXPECT_TRUE(any_contains(d.errors, GetParam().error))
        << "record: " << GetParam().record << "\nerrors: " << joined(d.errors);
}

INSTANTIATE_TEST_SUITE_P(
    Records, DmarcErrors,
    ::testing::Values(BrokenDmarc{"v=DMARC1", "p= is missing"},
                      BrokenDmarc{"v=DMARC1; rua=mailto:a@example.com", "p= is missing"},
                      BrokenDmarc{"v=DMARC1; p=block", "p=block: unknown policy"},
                      BrokenDmarc{"v=DMARC1; p=reject; sp=maybe", "sp=maybe: unknown policy"},
                      BrokenDmarc{"v=DMARC1; p=reject; pct=150", "pct=150: not a percentage"},
                      BrokenDmarc{"v=DMARC1; p=reject; pct=-1", "pct=-1"},
                      BrokenDmarc{"v=DMARC1; p=reject; rua=reports@example.com",
                                  "rua=reports@example.com: not a URI"},
                      BrokenDmarc{"v=DMARC1; p=reject; rua=mailto:nobody", "is not a mail address"},
                      BrokenDmarc{"v=DMARC1; p=reject; rua=mailto:a@example.com!big",
                                  "is not a size limit"},
                      BrokenDmarc{"v=DMARC1; p=reject; adkim=x", "adkim=x: alignment is r"},
                      BrokenDmarc{"v=DMARC1; p=reject; fo=2", "fo=2: failure options"},
                      BrokenDmarc{"v=DMARC1; p=reject; ri=daily", "ri=daily"},
                      BrokenDmarc{"v=DMARC1; p=reject; p=none", "p= appears more than once"},
                      BrokenDmarc{"p=reject", "does not start with v=DMARC1"}));

TEST(DmarcRecord, UnknownTagsAndHttpsReportsAreWarnings) {
    auto d = parse_dmarc("v=DMARC1; p=reject; foo=bar; rua=https://example.com/report");
    EXPECT_TRUE(d.valid()) << joined(d.errors);
    EXPECT_TRUE(any_contains(d.warnings, "foo=bar: unknown tag"));
    EXPECT_TRUE(any_contains(d.warnings, "only send reports to mailto:"));
}

TEST(DmarcCheck, RejectPolicyInWords) {
    auto c = judge_dmarc("maillab.test", std::vector<std::string>{"v=DMARC1; p=reject"});
    EXPECT_EQ(c.name, "dmarc");
    EXPECT_EQ(c.verdict, Verdict::ok);
    EXPECT_EQ(c.summary, "p=reject: receivers reject failing mail");
    EXPECT_TRUE(any_contains(c.details, "no aggregate reports requested"));
}

TEST(DmarcCheck, QuarantineIsOkAndNoneIsAWarning) {
    auto q =
        judge_dmarc("example.com",
                    std::vector<std::string>{"v=DMARC1; p=quarantine; rua=mailto:d@example.com"});
    EXPECT_EQ(q.verdict, Verdict::ok);
    EXPECT_TRUE(q.summary.starts_with("p=quarantine: receivers put failing mail in the spam"));
    EXPECT_TRUE(any_contains(q.details, "aggregate reports go to mailto:d@example.com"));
    auto n = judge_dmarc("example.com", std::vector<std::string>{"v=DMARC1; p=none"});
    EXPECT_EQ(n.verdict, Verdict::warning);
    EXPECT_TRUE(n.summary.starts_with("p=none: receivers only report"));
}

TEST(DmarcCheck, MissingRecordIsMissing) {
    auto c = judge_dmarc("example.com", std::vector<std::string>{"some other text"});
    EXPECT_EQ(c.verdict, Verdict::missing);
    EXPECT_TRUE(c.summary.starts_with("no DMARC record at _dmarc.example.com"));
    EXPECT_TRUE(any_contains(c.details, "ignored TXT record"));
}

TEST(DmarcCheck, TwoRecordsAreAProblem) {
    auto c = judge_dmarc("example.com",
                         std::vector<std::string>{"v=DMARC1; p=reject", "v=DMARC1; p=none"});
    EXPECT_EQ(c.verdict, Verdict::problem);
    EXPECT_TRUE(contains(c.summary, "receivers ignore them all"));
}

TEST(DmarcCheck, AnInvalidRecordIsAProblem) {
    auto c = judge_dmarc("example.com", std::vector<std::string>{"v=DMARC1; rua=mailto:a@b.c"});
    EXPECT_EQ(c.verdict, Verdict::problem);
    EXPECT_TRUE(c.summary.starts_with("invalid DMARC record: p= is missing")) << c.summary;
}

TEST(DmarcCheck, TheOrganizationalDomainsSubdomainPolicyApplies) {
    OrganizationalDmarc org{"example.com",
                            std::vector<std::string>{"v=DMARC1; p=reject; sp=quarantine"}};
    auto c = judge_dmarc("mail.example.com", std::vector<std::string>{}, org);
    EXPECT_EQ(c.verdict, Verdict::ok);
    EXPECT_TRUE(c.summary.starts_with("sp=quarantine")) << c.summary;
    EXPECT_TRUE(contains(c.summary, "the policy of example.com applies to mail.example.com"));
    EXPECT_TRUE(any_contains(c.details, "record at _dmarc.example.com"));
}

TEST(DmarcCheck, NoRecordAtTheOrganizationalDomainEither) {
    OrganizationalDmarc org{"example.com", std::vector<std::string>{}};
    auto c = judge_dmarc("mail.example.com", std::vector<std::string>{}, org);
    EXPECT_EQ(c.verdict, Verdict::missing);
    EXPECT_TRUE(any_contains(c.details, "none at the organizational domain"));
}

TEST(DmarcCheck, AFailedLookupIsAWarning) {
    auto c = judge_dmarc("example.com", TxtAnswer(Error{"SERVFAIL"}));
    EXPECT_EQ(c.verdict, Verdict::warning);
    EXPECT_TRUE(contains(c.summary, "SERVFAIL"));
}

// ---------------------------------------------------------------------------------------------
// DKIM

const std::string rsa2048 =
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAz88k8Lf/b56yTGhE43qUAn00S6bWw0d8Zy4iIq3NWdaHUX8sBs"
    "wBapeTSNFFv2JYeFP9RO005cwDbCZSWInS+y/YWYZ844RaxC3mwZwtk8ZAghuTXnq/HmcXM2aU/J8iZaMhBbls4r1+Yo08"
    "F0yzNufKnhlB2ZKs+zojpsop5ha+bjnAAPTSVU71y409Zn274Lo/+qtpR7b5gMg77OnVjofEZ5s6ll+HAMHrCgcjEbEzKQ"
    "8HdTyCwtrMQEUbsuYRo8Nd/obE/QTJRcTF5NM90RbNxFpE1u58k8DKyz6PXp6GBpOCG2Xhp3kejZPLibj/TdXRJABC8OB7"
    "LM2fpam61wIDAQAB";
const std::string rsa1024 =
    "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDNlbsCuIbTr+F7cpRMQR16y88iHkdxEAMBbRwyVt55kL0ATTxGW91dTo"
    "vMePgrYHQWKx51BL84Vih46SpZy43GeYozsM3zW02PKVSHaTb5fJTQKaxQgzhhn4Q+3CIDuIemVTQOER7OlxNRLKYut+Ht"
    "MPZABobZcEUpFFQqeTVXVwIDAQAB";
const std::string rsa512 = "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBALV7qBfEASrBlfQ0QrASxrHky3ZTed7bOLUcd0"
                           "eVJELvBjPW8kRTXjh2n8a/rxmYxPnJt8+Pq8xqagsbKLNr7vcCAwEAAQ==";
const std::string rsa1024_pkcs1 =
    "MIGJAoGBAM2VuwK4htOv4XtylExBHXrLzyIeR3EQAwFtHDJW3nmQvQBNPEZb3V1Oi8x4+CtgdBYrHnUEvzhWKHjpKlnLjc"
    "Z5ijOwzfNbTY8pVIdpNvl8lNAprFCDOGGfhD7cIgO4h6ZVNA4RHs6XE1Espi634e0w9kAGhtlwRSkUVCp5NVdXAgMBAAE"
    "=";
const std::string ed25519 = "w0DZ9aYbzGhLJ4sXbA9tx9Xf7oVFjsOHAX1sUxGrrfg=";
const std::string ed25519_spki = "MCowBQYDK2VwAyEAw0DZ9aYbzGhLJ4sXbA9tx9Xf7oVFjsOHAX1sUxGrrfg=";

TEST(DkimKey, AnRsaKeyWithItsSizeReadFromTheKey) {
    auto k = parse_dkim_key("v=DKIM1; k=rsa; h=sha256; p=" + rsa2048);
    EXPECT_TRUE(k.valid()) << joined(k.errors);
    EXPECT_EQ(k.version, "DKIM1");
    EXPECT_EQ(k.key_type, "rsa");
    EXPECT_EQ(k.key_bits, 2048);
    EXPECT_FALSE(k.revoked);
    EXPECT_TRUE(k.warnings.empty());
}

TEST(DkimKey, KeyTypeDefaultsToRsaAndWhiteSpaceInsideTheKeyIsAllowed) {
    auto spaced = rsa2048.substr(0, 100) + " " + rsa2048.substr(100);
    auto k = parse_dkim_key("p=" + spaced);
    EXPECT_TRUE(k.valid()) << joined(k.errors);
    EXPECT_EQ(k.key_bits, 2048);
}

TEST(DkimKey, A1024BitKeyIsAWarningAndA512BitKeyIsInvalid) {
    auto k1024 = parse_dkim_key("v=DKIM1; p=" + rsa1024);
    EXPECT_TRUE(k1024.valid());
    EXPECT_EQ(k1024.key_bits, 1024);
    EXPECT_TRUE(any_contains(k1024.warnings, "2048 bits are recommended"));
    auto k512 = parse_dkim_key("v=DKIM1; p=" + rsa512);
    EXPECT_EQ(k512.key_bits, 512);
    EXPECT_TRUE(any_contains(k512.errors, "verifiers ignore keys shorter than 1024 bits"));
}

TEST(DkimKey, ABareRsaPublicKeyIsReadToo) {
    auto k = parse_dkim_key("p=" + rsa1024_pkcs1);
    EXPECT_TRUE(k.valid()) << joined(k.errors);
    EXPECT_EQ(k.key_bits, 1024);
}

TEST(DkimKey, Ed25519KeysAre32Bytes) {
    auto k = parse_dkim_key("v=DKIM1; k=ed25519; p=" + ed25519);
    EXPECT_TRUE(k.valid()) << joined(k.errors);
    EXPECT_EQ(k.key_bits, 256);
    auto spki = parse_dkim_key("v=DKIM1; k=ed25519; p=" + ed25519_spki);
    EXPECT_TRUE(any_contains(spki.errors, "an ed25519 key is 32 bytes, this one is 44"));
    auto mislabeled = parse_dkim_key("v=DKIM1; p=" + ed25519_spki);
    EXPECT_TRUE(any_contains(mislabeled.errors, "holds an ed25519 key, but k= says rsa"));
}

TEST(DkimKey, AnEmptyKeyMeansRevoked) {
    auto k = parse_dkim_key("v=DKIM1; k=rsa; p=");
    EXPECT_TRUE(k.revoked);
    EXPECT_TRUE(k.valid());
}

struct BrokenDkim {
    std::string record;
    const char* error;
};

class DkimErrors : public ::testing::TestWithParam<BrokenDkim> {};

TEST_P(DkimErrors, EachErrorNamesTheTag) {
    auto k = parse_dkim_key(GetParam().record);
    ASSERT_FALSE(k.valid()) << GetParam().record;
    EXPECT_TRUE(any_contains(k.errors, GetParam().error))
        << "record: " << GetParam().record << "\nerrors: " << joined(k.errors);
}

INSTANTIATE_TEST_SUITE_P(
    Records, DkimErrors,
    ::testing::Values(
        BrokenDkim{"v=DKIM1; k=rsa", "p= is missing"},
        BrokenDkim{"v=DKIM2; p=" + rsa2048, "v=DKIM2: the version must be DKIM1"},
        BrokenDkim{"k=rsa; v=DKIM1; p=" + rsa2048, "v=DKIM1 must be the first tag"},
        BrokenDkim{"v=DKIM1; k=dsa; p=" + rsa2048, "k=dsa: unknown key type"},
        BrokenDkim{"v=DKIM1; p=" + rsa2048 + "!", "\"!\" is not a base64 character"},
        BrokenDkim{"v=DKIM1; p=ab=cd", "padding belongs at the end"},
        BrokenDkim{"v=DKIM1; p=aGVsbG8gd29ybGQ=", "p= is not a public key"},
        BrokenDkim{"v=DKIM1; h=sha1; p=" + rsa2048, "verifiers no longer accept sha1"},
        BrokenDkim{"v=DKIM1; s=tls; p=" + rsa2048, "s=tls: the key is not for email"},
        BrokenDkim{"v=DKIM1; p=" + rsa2048 + "; p=" + rsa1024, "p= appears more than once"}));

TEST(DkimKey, TestingModeAndUnknownHashesAreWarnings) {
    auto k = parse_dkim_key("v=DKIM1; t=y:s; h=sha256:sha512; p=" + rsa2048);
    EXPECT_TRUE(k.valid()) << joined(k.errors);
    EXPECT_TRUE(k.testing());
    EXPECT_TRUE(any_contains(k.warnings, "t=y: testing mode"));
    EXPECT_TRUE(any_contains(k.warnings, "unknown hash algorithm \"sha512\""));
}

TEST(DkimCheck, AGoodKeyIsOk) {
    auto c = judge_dkim("example.com", "s1", std::vector<std::string>{"v=DKIM1; p=" + rsa2048});
    EXPECT_EQ(c.name, "dkim:s1");
    EXPECT_EQ(c.verdict, Verdict::ok);
    EXPECT_EQ(c.summary, "selector s1 publishes an RSA key of 2048 bits: receivers can verify "
                         "mail signed with it");
}

TEST(DkimCheck, NoRecordIsMissing) {
    auto c = judge_dkim("example.com", "s1", std::vector<std::string>{});
    EXPECT_EQ(c.verdict, Verdict::missing);
    EXPECT_TRUE(c.summary.starts_with("no DKIM key for selector s1")) << c.summary;
    EXPECT_TRUE(contains(c.summary, "s1._domainkey.example.com"));
}

TEST(DkimCheck, ARevokedKeyIsAProblem) {
    auto c = judge_dkim("example.com", "old", std::vector<std::string>{"v=DKIM1; p="});
    EXPECT_EQ(c.verdict, Verdict::problem);
    EXPECT_TRUE(c.summary.starts_with("key revoked")) << c.summary;
}

TEST(DkimCheck, TestingModeIsAWarningAndBrokenKeysAreProblems) {
    auto t = judge_dkim("example.com", "s1", std::vector<std::string>{"t=y; p=" + rsa2048});
    EXPECT_EQ(t.verdict, Verdict::warning);
    auto b = judge_dkim("example.com", "s1", std::vector<std::string>{"v=DKIM1; p=!!!"});
    EXPECT_EQ(b.verdict, Verdict::problem);
    EXPECT_TRUE(b.summary.starts_with("invalid DKIM key record")) << b.summary;
    auto two =
        judge_dkim("example.com", "s1", std::vector<std::string>{"p=" + rsa2048, "p=" + rsa1024});
    EXPECT_EQ(two.verdict, Verdict::problem);
    auto failed = judge_dkim("example.com", "s1", TxtAnswer(Error{"timed out"}));
    EXPECT_EQ(failed.verdict, Verdict::warning);
}

TEST(DkimSelector, LabelsOfLettersDigitsHyphensAndUnderscores) {
    EXPECT_TRUE(validate_dkim_selector("s1"));
    EXPECT_TRUE(validate_dkim_selector("2024-01._sel"));
    EXPECT_TRUE(validate_dkim_selector("a.b"));
    EXPECT_FALSE(validate_dkim_selector(""));
    EXPECT_FALSE(validate_dkim_selector("a..b"));
    EXPECT_FALSE(validate_dkim_selector("bad selector"));
    EXPECT_FALSE(validate_dkim_selector("x/y"));
    EXPECT_FALSE(validate_dkim_selector(std::string(64, 'a')));
}

// ---------------------------------------------------------------------------------------------
// MX

using MxAnswer = maillab::Result<std::vector<MxRecord>>;

TEST(MxPlan, ResolvesEachMxHostOnceOrTheDomainItself) {
    EXPECT_EQ(mx_hosts_to_resolve("example.com", MxAnswer(std::vector<MxRecord>{})),
              (std::vector<std::string>{"example.com"}));
    EXPECT_EQ(mx_hosts_to_resolve("example.com",
                                  MxAnswer(std::vector<MxRecord>{{10, "MX1.example.com."},
                                                                 {20, "mx1.example.com"},
                                                                 {30, "192.0.2.1"},
                                                                 {40, "mx2.example.com"}})),
              (std::vector<std::string>{"mx1.example.com", "mx2.example.com"}));
    EXPECT_TRUE(
        mx_hosts_to_resolve("example.com", MxAnswer(std::vector<MxRecord>{{0, "."}})).empty());
    EXPECT_TRUE(mx_hosts_to_resolve("example.com", MxAnswer(Error{"timed out"})).empty());
}

TEST(MxCheck, TheLabDomainDeliversToOneServer) {
    auto c = judge_mx("maillab.test", MxAnswer(std::vector<MxRecord>{{10, "mail.maillab.test"}}),
                      {{"mail.maillab.test", found({"127.0.10.1"})}});
    EXPECT_EQ(c.name, "mx");
    EXPECT_EQ(c.verdict, Verdict::ok);
    EXPECT_EQ(c.summary, "mail for maillab.test goes to mail.maillab.test (preference 10)");
    EXPECT_EQ(c.details, (std::vector<std::string>{"MX 10 mail.maillab.test → 127.0.10.1"}));
}

TEST(MxCheck, SeveralServersAreListedByPreference) {
    auto c = judge_mx(
        "example.com",
        MxAnswer(std::vector<MxRecord>{{20, "backup.example.com"}, {10, "mx.example.com"}}),
        {{"backup.example.com", found({"192.0.2.2"})},
         {"mx.example.com", found({"192.0.2.1", "2001:db8::1"})}});
    EXPECT_EQ(c.verdict, Verdict::ok);
    EXPECT_EQ(c.summary,
              "mail for example.com goes to 2 servers, first mx.example.com (preference 10)");
    ASSERT_EQ(c.details.size(), 2u);
    EXPECT_EQ(c.details[0], "MX 10 mx.example.com → 192.0.2.1, 2001:db8::1");
}

TEST(MxCheck, AnMxHostWithoutAddressIsAProblem) {
    auto c =
        judge_mx("example.com",
                 MxAnswer(std::vector<MxRecord>{{10, "mx.example.com"}, {20, "gone.example.com"}}),
                 {{"mx.example.com", found({"192.0.2.1"})}, {"gone.example.com", not_found()}});
    EXPECT_EQ(c.verdict, Verdict::problem);
    EXPECT_EQ(c.summary,
              "the mail server gone.example.com has no address: senders cannot connect to it");
}

TEST(MxCheck, AnIpAddressAsMxIsAProblem) {
    auto c = judge_mx("example.com", MxAnswer(std::vector<MxRecord>{{10, "192.0.2.1"}}), {});
    EXPECT_EQ(c.verdict, Verdict::problem);
    EXPECT_TRUE(contains(c.summary, "names an IP address instead of a host")) << c.summary;
}

TEST(MxCheck, AnMxThatIsAnAliasIsAWarning) {
    auto c = judge_mx("example.com", MxAnswer(std::vector<MxRecord>{{10, "mail.example.com"}}),
                      {{"mail.example.com", found({"192.0.2.1"}, "host.provider.example")}});
    EXPECT_EQ(c.verdict, Verdict::warning);
    EXPECT_TRUE(contains(c.summary, "mail.example.com is an alias (CNAME) of "
                                    "host.provider.example"))
        << c.summary;
}

TEST(MxCheck, NullMxMeansTheDomainAcceptsNoMail) {
    auto c = judge_mx("example.com", MxAnswer(std::vector<MxRecord>{{0, "."}}), {});
    EXPECT_EQ(c.verdict, Verdict::warning);
    EXPECT_TRUE(contains(c.summary, "this domain accepts no mail"));
    auto empty_host = judge_mx("example.com", MxAnswer(std::vector<MxRecord>{{0, ""}}), {});
    EXPECT_TRUE(contains(empty_host.summary, "this domain accepts no mail"));
}

TEST(MxCheck, NullMxNextToOtherMxRecordsIsAProblem) {
    auto c =
        judge_mx("example.com", MxAnswer(std::vector<MxRecord>{{0, "."}, {10, "mx.example.com"}}),
                 {{"mx.example.com", found({"192.0.2.1"})}});
    EXPECT_EQ(c.verdict, Verdict::problem);
    EXPECT_TRUE(contains(c.summary, "null MX")) << c.summary;
}

TEST(MxCheck, NoMxButAnAddressIsTheImplicitMx) {
    auto c = judge_mx("example.com", MxAnswer(std::vector<MxRecord>{}),
                      {{"example.com", found({"192.0.2.7"})}});
    EXPECT_EQ(c.verdict, Verdict::warning);
    EXPECT_EQ(c.summary,
              "no MX record: mail goes to the A record (implicit MX) of example.com at 192.0.2.7");
}

TEST(MxCheck, NoMxAndNoAddressMeansMailCannotBeDelivered) {
    auto c = judge_mx("nosuchdomain.test", MxAnswer(std::vector<MxRecord>{}),
                      {{"nosuchdomain.test", not_found()}});
    EXPECT_EQ(c.verdict, Verdict::problem);
    EXPECT_EQ(c.summary, "no MX and no address: mail for nosuchdomain.test cannot be delivered");
}

TEST(MxCheck, FailedLookupsAreNamed) {
    auto mx = judge_mx("example.com", MxAnswer(Error{"the DNS server did not answer"}), {});
    EXPECT_EQ(mx.verdict, Verdict::problem);
    EXPECT_TRUE(contains(mx.summary, "the MX lookup of example.com failed"));
    auto host = judge_mx("example.com", MxAnswer(std::vector<MxRecord>{{10, "mx.example.com"}}),
                         {{"mx.example.com", lookup_failed()}});
    EXPECT_EQ(host.verdict, Verdict::warning);
}

// ---------------------------------------------------------------------------------------------
// Autoconfig, Autodiscover, SRV

using SrvAnswer = maillab::Result<std::vector<SrvRecord>>;

TEST(AutoconfigCheck, AnAddressMeansAppsCanAsk) {
    auto ok = judge_autoconfig("example.com", found({"192.0.2.1"}));
    EXPECT_EQ(ok.verdict, Verdict::ok);
    EXPECT_TRUE(contains(ok.summary, "https://autoconfig.example.com/mail/config-v1.1.xml"));
    EXPECT_EQ(judge_autoconfig("example.com", not_found()).verdict, Verdict::missing);
    EXPECT_EQ(judge_autoconfig("example.com", lookup_failed()).verdict, Verdict::warning);
}

TEST(AutodiscoverCheck, EitherTheHostOrTheSrvRecordWill) {
    auto host = judge_autodiscover("example.com", found({"192.0.2.1"}),
                                   SrvAnswer(std::vector<SrvRecord>{}));
    EXPECT_EQ(host.verdict, Verdict::ok);
    auto srv = judge_autodiscover(
        "example.com", not_found(),
        SrvAnswer(std::vector<SrvRecord>{{0, 0, 443, "autodiscover.provider.example."}}));
    EXPECT_EQ(srv.verdict, Verdict::ok);
    EXPECT_TRUE(contains(srv.summary, "autodiscover.provider.example:443")) << srv.summary;
    auto none = judge_autodiscover("example.com", not_found(), SrvAnswer(std::vector<SrvRecord>{}));
    EXPECT_EQ(none.verdict, Verdict::missing);
    auto dead = judge_autodiscover(
        "example.com", not_found(),
        SrvAnswer(std::vector<SrvRecord>{{0, 0, 443, "autodiscover.gone.example"}}),
        {{"autodiscover.gone.example", not_found()}});
    EXPECT_EQ(dead.verdict, Verdict::warning);
    EXPECT_TRUE(contains(dead.summary, "which has no address")) << dead.summary;
    auto failed = judge_autodiscover("example.com", lookup_failed(), SrvAnswer(Error{"timeout"}));
    EXPECT_EQ(failed.verdict, Verdict::warning);
}

std::vector<SrvFinding> lab_srv() {
    std::vector<SrvFinding> findings;
    for (const auto& label : health_srv_labels())
        findings.push_back({label, std::vector<SrvRecord>{}});
    findings[0].records = std::vector<SrvRecord>{{0, 1, 993, "imap.maillab.test"}};
    findings[2].records = std::vector<SrvRecord>{{0, 1, 995, "pop.maillab.test"}};
    findings[4].records = std::vector<SrvRecord>{{0, 1, 465, "smtp.maillab.test"}};
    findings[5].records = std::vector<SrvRecord>{{0, 1, 587, "smtp.maillab.test"}};
    return findings;
}

TEST(SrvCheck, LooksUpTheMailServicesAndAutodiscover) {
    const auto& labels = health_srv_labels();
    ASSERT_EQ(labels.size(), 7u);
    EXPECT_EQ(labels.front(), "_imaps._tcp");
    EXPECT_EQ(labels.back(), "_autodiscover._tcp");
}

TEST(SrvCheck, TheLabRecordsAreListedWithTheirTargets) {
    auto findings = lab_srv();
    EXPECT_EQ(
        srv_targets_to_resolve(findings),
        (std::vector<std::string>{"imap.maillab.test", "pop.maillab.test", "smtp.maillab.test"}));
    auto c = judge_srv("maillab.test", findings,
                       {{"imap.maillab.test", found({"127.0.10.1"})},
                        {"pop.maillab.test", found({"127.0.10.1"})},
                        {"smtp.maillab.test", found({"127.0.10.1"})}});
    EXPECT_EQ(c.verdict, Verdict::ok);
    EXPECT_EQ(c.summary, "SRV records offer IMAP over TLS, POP3 over TLS, submission over TLS, "
                         "submission with STARTTLS");
    EXPECT_TRUE(any_contains(c.details, "_imaps._tcp.maillab.test → imap.maillab.test:993 "
                                        "(priority 0, weight 1) → 127.0.10.1"));
    EXPECT_TRUE(any_contains(c.details, "_imap._tcp.maillab.test: no record"));
}

TEST(SrvCheck, ADotTargetMeansNotOffered) {
    std::vector<SrvFinding> findings;
    for (const auto& label : health_srv_labels())
        findings.push_back({label, std::vector<SrvRecord>{}});
    findings[1].records = std::vector<SrvRecord>{{0, 0, 0, "."}};
    auto c = judge_srv("example.com", findings, {});
    EXPECT_EQ(c.verdict, Verdict::ok);
    EXPECT_EQ(c.summary, "SRV records say that IMAP with STARTTLS is not offered here");
    EXPECT_TRUE(any_contains(c.details, "_imap._tcp.example.com: \".\" — not offered"));
    EXPECT_TRUE(srv_targets_to_resolve(findings).empty());
}

TEST(SrvCheck, NoRecordsAtAllIsMissing) {
    std::vector<SrvFinding> findings;
    for (const auto& label : health_srv_labels())
        findings.push_back({label, std::vector<SrvRecord>{}});
    auto c = judge_srv("example.com", findings, {});
    EXPECT_EQ(c.verdict, Verdict::missing);
    EXPECT_TRUE(c.summary.starts_with("no mail SRV records"));
}

TEST(SrvCheck, ATargetWithoutAddressIsAWarning) {
    auto findings = lab_srv();
    auto c = judge_srv("maillab.test", findings,
                       {{"imap.maillab.test", not_found()},
                        {"pop.maillab.test", found({"127.0.10.1"})},
                        {"smtp.maillab.test", found({"127.0.10.1"})}});
    EXPECT_EQ(c.verdict, Verdict::warning);
    EXPECT_TRUE(contains(c.summary, "imap.maillab.test")) << c.summary;
}

TEST(SrvCheck, FailedLookupsAreShown) {
    auto findings = lab_srv();
    findings[1].records = Error{"SERVFAIL"};
    auto c = judge_srv("maillab.test", findings,
                       {{"imap.maillab.test", found({"127.0.10.1"})},
                        {"pop.maillab.test", found({"127.0.10.1"})},
                        {"smtp.maillab.test", found({"127.0.10.1"})}});
    EXPECT_EQ(c.verdict, Verdict::warning);
    EXPECT_TRUE(any_contains(c.details, "_imap._tcp.maillab.test: lookup failed (SERVFAIL)"));
}

// ---------------------------------------------------------------------------------------------
// Helpers and the overall result

TEST(DnsHealth, NamesAndAddresses) {
    EXPECT_EQ(canonical_dns_name("Mail.Example.COM."), "mail.example.com");
    EXPECT_EQ(canonical_dns_name("."), ".");
    EXPECT_TRUE(is_ip_address_literal("192.0.2.1"));
    EXPECT_TRUE(is_ip_address_literal("2001:db8::1"));
    EXPECT_TRUE(is_ip_address_literal("[::1]"));
    EXPECT_FALSE(is_ip_address_literal("mail.example.com"));
    EXPECT_FALSE(is_ip_address_literal("1.2.3"));
}

TEST(DnsHealth, OnlyProblemsFailTheRun) {
    std::vector<HealthCheck> checks{{"mx", Verdict::ok, "", {}},
                                    {"spf", Verdict::warning, "", {}},
                                    {"dmarc", Verdict::missing, "", {}}};
    EXPECT_TRUE(all_passed(checks));
    checks.push_back({"dkim:s1", Verdict::problem, "", {}});
    EXPECT_FALSE(all_passed(checks));
    EXPECT_EQ(to_string(Verdict::missing), "missing");
    EXPECT_EQ(to_string(Verdict::problem), "problem");
}

} // namespace
