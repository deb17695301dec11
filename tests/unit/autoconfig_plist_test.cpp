// The plist reader/writer is private to maillab_autoconfig; its header lives next to its source.
#include "../../autoconfig/src/plist.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <string>
#include <string_view>

namespace {

using namespace maillab::autoconfig;
namespace pl = maillab::autoconfig::plist;

std::string document(std::string_view body) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + std::string(pl::apple_doctype) +
           "\n<plist version=\"1.0\">\n" + std::string(body) + "\n</plist>\n";
}

pl::Value parsed(std::string_view xml) {
    auto result = pl::parse(xml);
    if (!result) {
        ADD_FAILURE() << "line " << result.error().line << ": " << result.error().message;
        return {};
    }
    return std::move(*result);
}

std::string error_of(std::string_view xml) {
    const auto result = pl::parse(xml);
    if (result) {
        ADD_FAILURE() << "the document was accepted";
        return {};
    }
    return "line " + std::to_string(result.error().line) + ", offset " +
           std::to_string(result.error().offset) + ": " + result.error().message;
}

TEST(Plist, EveryValueKindIsRead) {
    const pl::Value value = parsed(document(R"(<dict>
	<key>s</key><string> spaced &amp; escaped </string>
	<key>i</key><integer>-42</integer>
	<key>r</key><real>2.5</real>
	<key>t</key><true/>
	<key>f</key><false/>
	<key>d</key><data>
	AAEC/w==
	</data>
	<key>date</key><date>2024-03-01T12:30:00Z</date>
	<key>a</key><array><string>x</string><integer>1</integer></array>
	<key>empty</key><dict/>
</dict>)"));
    const auto* dict = value.get_if<pl::Dict>();
    ASSERT_NE(dict, nullptr);
    ASSERT_EQ(dict->size(), 9u);
    EXPECT_EQ(*pl::find(*dict, "s")->get_if<std::string>(), " spaced & escaped ");
    EXPECT_EQ(*pl::find(*dict, "i")->get_if<std::int64_t>(), -42);
    EXPECT_EQ(*pl::find(*dict, "r")->get_if<double>(), 2.5);
    EXPECT_EQ(*pl::find(*dict, "t")->get_if<bool>(), true);
    EXPECT_EQ(*pl::find(*dict, "f")->get_if<bool>(), false);
    EXPECT_EQ(*pl::find(*dict, "d")->get_if<pl::Data>(), (pl::Data{0x00, 0x01, 0x02, 0xff}));
    EXPECT_EQ(pl::find(*dict, "date")->get_if<pl::Date>()->text, "2024-03-01T12:30:00Z");
    EXPECT_EQ(*pl::find(*dict, "a"), pl::Value(pl::Array{"x", 1}));
    EXPECT_EQ(*pl::find(*dict, "empty"), pl::Value(pl::Dict{}));
    EXPECT_EQ(pl::find(*dict, "missing"), nullptr);
}

TEST(Plist, DictKeysKeepTheirDocumentOrder) {
    const pl::Value value =
        parsed(document("<dict><key>b</key><true/><key>a</key><true/><key>c</key><true/></dict>"));
    const auto* dict = value.get_if<pl::Dict>();
    ASSERT_NE(dict, nullptr);
    ASSERT_EQ(dict->size(), 3u);
    EXPECT_EQ((*dict)[0].key, "b");
    EXPECT_EQ((*dict)[1].key, "a");
    EXPECT_EQ((*dict)[2].key, "c");
}

TEST(Plist, WhitespaceOnlyStringsAreKept) {
    EXPECT_EQ(parsed(document("<string>  </string>")), pl::Value("  "));
    EXPECT_EQ(parsed(document("<string/>")), pl::Value(""));
}

TEST(Plist, ValuesRememberWhereTheyStart) {
    const std::string xml = document("<array>\n<integer>7</integer>\n</array>");
    const pl::Value value = parsed(xml);
    const auto& item = value.get_if<pl::Array>()->front();
    EXPECT_EQ(xml.substr(item.offset, 9), "<integer>");
}

TEST(Plist, TheAppleDoctypeIsAccepted) {
    EXPECT_EQ(parsed(document("<true/>")), pl::Value(true));
}

TEST(Plist, ADoctypeWithAnInternalSubsetIsRefused) {
    const std::string xml = "<?xml version=\"1.0\"?>\n"
                            "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                            "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\" [\n"
                            "<!ENTITY x \"boom\">]>\n<plist><string>&x;</string></plist>";
    EXPECT_EQ(error_of(xml), "line 2, offset 22: <!DOCTYPE> refused: DTDs and entity "
                             "declarations are not allowed");
}

TEST(Plist, AnyOtherDoctypeIsRefused) {
    const std::string xml =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE plist SYSTEM \"file:///etc/passwd\">\n<plist><true/></plist>";
    EXPECT_EQ(error_of(xml), "line 2, offset 22: <!DOCTYPE> refused: DTDs and entity "
                             "declarations are not allowed");
}

TEST(Plist, TheAppleDoctypeAfterACommentIsAccepted) {
    const std::string xml = "<?xml version=\"1.0\"?>\n<!-- exported -->\n" +
                            std::string(pl::apple_doctype) + "\n<plist><false/></plist>";
    EXPECT_EQ(parsed(xml), pl::Value(false));
}

TEST(Plist, ALowerCaseDoctypeIsNotLetThrough) {
    // The untrusted-XML check refuses DOCTYPE in any letter case, before pugixml sees it.
    EXPECT_EQ(error_of("<!doctype plist SYSTEM \"file:///etc/passwd\">\n<plist><true/></plist>"),
              "line 1, offset 0: <!DOCTYPE> refused: DTDs and entity declarations are not allowed");
}

TEST(Plist, TheAppleDoctypeInAnotherLetterCaseIsNotBlankedAndIsRefused) {
    std::string doctype(pl::apple_doctype);
    doctype.replace(2, 7, "DocType");
    EXPECT_EQ(error_of(doctype + "\n<plist><true/></plist>"),
              "line 1, offset 0: <!DOCTYPE> refused: DTDs and entity declarations are not allowed");
}

TEST(Plist, TheAppleDoctypeFollowedByALowerCaseEntityIsRefused) {
    const std::string xml = std::string(pl::apple_doctype) + "\n<!entity x \"y\">\n<plist/>";
    const std::string expected_offset = std::to_string(pl::apple_doctype.size() + 1);
    EXPECT_EQ(error_of(xml), "line 2, offset " + expected_offset +
                                 ": <!ENTITY> refused: DTDs and entity declarations are not "
                                 "allowed");
}

TEST(Plist, AKeyWithControlCharactersIsQuotedInTheKeyPath) {
    // A fuzzing finding: the raw key went into the message, line breaks included.
    EXPECT_EQ(error_of("<plist><dict><key>a&#10;line 1: forged\x01</key></dict></plist>"),
              "line 1, offset 13: \"a\\x0aline 1: forged\\x01\": <key> without a value");
}

TEST(Plist, ALongKeyIsCutInTheKeyPath) {
    const std::string key(100, 'k');
    EXPECT_EQ(error_of("<plist><dict><key>" + key + "</key><integer>x</integer></dict></plist>"),
              "line 1, offset 124: \"" + std::string(64, 'k') +
                  "...\": <integer> \"x\" is not a decimal integer");
}

TEST(Plist, AnOrdinaryKeyPathIsShownAsWritten) {
    EXPECT_EQ(error_of("<plist><dict><key>A b.c</key><array><integer>x</integer></array></dict>"
                       "</plist>"),
              "line 1, offset 36: A b.c[0]: <integer> \"x\" is not a decimal integer");
}

TEST(Plist, TheAppleDoctypeAfterTheRootElementIsRefused) {
    const std::string xml = "<plist><string>x</string></plist>\n" + std::string(pl::apple_doctype);
    EXPECT_EQ(error_of(xml), "line 2, offset 34: <!DOCTYPE> refused: DTDs and entity "
                             "declarations are not allowed");
}

TEST(Plist, ASecondAppleDoctypeIsRefused) {
    const std::string xml = std::string(pl::apple_doctype) + "\n" + std::string(pl::apple_doctype) +
                            "\n<plist><true/></plist>";
    const std::string expected_offset = std::to_string(pl::apple_doctype.size() + 1);
    EXPECT_EQ(error_of(xml), "line 2, offset " + expected_offset +
                                 ": <!DOCTYPE> refused: DTDs and entity declarations are not "
                                 "allowed");
}

TEST(Plist, IntegersAreStrictlyDecimal) {
    EXPECT_EQ(error_of(document("<dict><key>Port</key><integer>0x3e1</integer></dict>")),
              "line 4, offset 185: Port: <integer> \"0x3e1\" is not a decimal integer");
    EXPECT_EQ(error_of(document("<array><integer>+5</integer></array>")),
              "line 4, offset 171: [0]: <integer> \"+5\" is not a decimal integer");
    EXPECT_EQ(error_of(document("<integer></integer>")),
              "line 4, offset 164: <integer> \"\" is not a decimal integer");
    EXPECT_EQ(error_of(document("<integer>99999999999999999999</integer>")),
              "line 4, offset 164: <integer> \"99999999999999999999\" is out of range");
}

TEST(Plist, ErrorsNameTheKeyPath) {
    EXPECT_EQ(error_of(document("<dict><key>PayloadContent</key><array><dict>"
                                "<key>Port</key><integer>abc</integer></dict></array></dict>")),
              "line 4, offset 223: PayloadContent[0].Port: <integer> \"abc\" is not a decimal "
              "integer");
}

TEST(Plist, MalformedStructuresAreRefused) {
    EXPECT_EQ(error_of(document("<dict><string>x</string></dict>")),
              "line 4, offset 170: <string> in <dict> where a <key> belongs");
    EXPECT_EQ(error_of(document("<dict><key>a</key></dict>")),
              "line 4, offset 170: a: <key> without a value");
    EXPECT_EQ(error_of(document("<dict><key>a</key><key>b</key><true/></dict>")),
              "line 4, offset 182: a: <key> without a value");
    EXPECT_EQ(error_of(document("<dict><key>a</key><true/><key>a</key><false/></dict>")),
              "line 4, offset 189: duplicate key \"a\" in <dict>");
    EXPECT_EQ(error_of(document("<array>loose text</array>")),
              "line 4, offset 171: text \"loose text\" inside <array>");
    EXPECT_EQ(error_of(document("<string><b>bold</b></string>")),
              "line 4, offset 172: <b> inside <string>");
    EXPECT_EQ(error_of(document("<true>yes</true>")),
              "line 4, offset 164: <true/> holds text \"yes\"");
    EXPECT_EQ(error_of(document("<data>!!!!</data>")),
              "line 4, offset 164: <data> is not valid base64");
    EXPECT_EQ(error_of(document("<date>yesterday</date>")),
              "line 4, offset 164: <date> \"yesterday\" is not YYYY-MM-DDTHH:MM:SSZ");
    EXPECT_EQ(error_of(document("<set/>")), "line 4, offset 164: unknown element <set>");
    EXPECT_EQ(error_of(document("<true/><false/>")),
              "line 4, offset 171: <plist> holds more than one value");
    EXPECT_EQ(error_of(document("")), "line 3, offset 142: <plist> holds no value");
    EXPECT_EQ(error_of("<dict/>"), "line 1, offset 0: root element is <dict>, not <plist>");
    EXPECT_EQ(error_of("<plist version=\"2.0\"><true/></plist>"),
              "line 1, offset 0: plist version \"2.0\" is not supported (only 1.0)");
    EXPECT_EQ(error_of("<plist><dict>"),
              "line 1, offset 12: XML syntax error: Start-end tags mismatch");
}

TEST(Plist, TheWriterUsesApplesLayout) {
    const pl::Value value = pl::Dict{
        {"Name", "Jane & <Co>"},
        {"List", pl::Array{1, true}},
        {"Empty", pl::Array{}},
    };
    EXPECT_EQ(pl::write(value), std::string(R"(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Name</key>
	<string>Jane &amp; &lt;Co&gt;</string>
	<key>List</key>
	<array>
		<integer>1</integer>
		<true/>
	</array>
	<key>Empty</key>
	<array/>
</dict>
</plist>
)"));
}

TEST(Plist, EveryValueKindRoundTrips) {
    const pl::Value value = pl::Dict{
        {"string", "tab\tnewline\ncr\rend  "},
        {"integer", std::int64_t{-9007199254740993}},
        {"max", std::numeric_limits<std::int64_t>::max()},
        {"real", 0.1},
        {"true", true},
        {"false", false},
        {"data", pl::Data{0, 1, 2, 3, 254, 255}},
        {"data1", pl::Data{7}},
        {"data2", pl::Data{7, 8}},
        {"nodata", pl::Data{}},
        {"date", pl::Date{"1999-12-31T23:59:59Z"}},
        {"nested", pl::Array{pl::Dict{{"k", pl::Array{}}}, pl::Dict{}}},
        {"", "empty key"},
    };
    EXPECT_EQ(parsed(pl::write(value)), value) << pl::write(value);
}

TEST(Plist, ControlCharactersXmlCannotCarryAreReplaced) {
    const pl::Value value = std::string("a\x01z");
    EXPECT_EQ(parsed(pl::write(value)), pl::Value("a\xEF\xBF\xBDz"));
}

TEST(Plist, RealsIncludingInfinityRoundTrip) {
    for (const double number : {1.0, -2.75, 1e300, 5e-324, HUGE_VAL, -HUGE_VAL}) {
        EXPECT_EQ(parsed(pl::write(pl::Value(number))), pl::Value(number)) << number;
    }
}

TEST(Plist, Base64FollowsRfc4648) {
    EXPECT_EQ(pl::base64_encode({}), "");
    EXPECT_EQ(pl::base64_encode({'f'}), "Zg==");
    EXPECT_EQ(pl::base64_encode({'f', 'o'}), "Zm8=");
    EXPECT_EQ(pl::base64_encode({'f', 'o', 'o'}), "Zm9v");
    EXPECT_EQ(pl::base64_encode({'f', 'o', 'o', 'b', 'a', 'r'}), "Zm9vYmFy");
    EXPECT_EQ(pl::base64_decode("Zm9v\n YmFy"), (pl::Data{'f', 'o', 'o', 'b', 'a', 'r'}));
    EXPECT_EQ(pl::base64_decode("Zg=="), pl::Data{'f'});
    EXPECT_EQ(pl::base64_decode("Zg="), std::nullopt);
    EXPECT_EQ(pl::base64_decode("Z=g="), std::nullopt);
    EXPECT_EQ(pl::base64_decode("Zg=\x3d\x3d\x3d"), std::nullopt);
}

} // namespace
