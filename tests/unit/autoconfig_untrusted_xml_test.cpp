#include "maillab/autoconfig/untrusted_xml.hpp"

#include <gtest/gtest.h>
#include <string>

namespace {

using maillab::autoconfig::check_untrusted_xml;
using maillab::autoconfig::line_of_offset;
using maillab::autoconfig::XmlLimits;

const std::string plain_document = "<?xml version=\"1.0\"?>\n<a>\n  <b x=\"1\">text</b>\n</a>\n";

std::string repeated(std::string_view piece, std::size_t times) {
    std::string out;
    out.reserve(piece.size() * times);
    for (std::size_t i = 0; i < times; ++i) {
        out += piece;
    }
    return out;
}

std::string nested(std::size_t depth) {
    return repeated("<a>", depth) + repeated("</a>", depth);
}

TEST(UntrustedXml, AnOrdinaryDocumentIsAccepted) {
    EXPECT_EQ(check_untrusted_xml(plain_document), std::nullopt);
}

TEST(UntrustedXml, AnEmptyInputIsLeftToTheParser) {
    EXPECT_EQ(check_untrusted_xml(""), std::nullopt);
}

TEST(UntrustedXml, ADoctypeIsRefusedWithItsLineAndOffset) {
    const std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE a [\n<!ENTITY x \"y\">\n]>\n<a/>";
    const auto error = check_untrusted_xml(xml);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->message, "<!DOCTYPE> refused: DTDs and entity declarations are not allowed");
    EXPECT_EQ(error->line, 2u);
    EXPECT_EQ(error->offset, 22u);
}

TEST(UntrustedXml, AnEntityDeclarationWithoutDoctypeIsRefused) {
    const auto error = check_untrusted_xml("<a>\n\n<!ENTITY x SYSTEM \"file:///etc/passwd\"></a>");
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->message, "<!ENTITY> refused: DTDs and entity declarations are not allowed");
    EXPECT_EQ(error->line, 3u);
    EXPECT_EQ(error->offset, 5u);
}

TEST(UntrustedXml, ADoctypeIsRefusedEvenInsideAComment) {
    const auto error = check_untrusted_xml("<a><!-- <!DOCTYPE a> --></a>");
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->offset, 8u);
}

TEST(UntrustedXml, ADoctypeIsRefusedInAnyLetterCase) {
    for (const char* spelling : {"<!doctype", "<!DocType", "<!dOCTYPE", "<!DOCTYPe"}) {
        const std::string xml = std::string("<?xml version=\"1.0\"?>\n") + spelling +
                                " a SYSTEM \"file:///etc/passwd\">\n<a/>";
        const auto error = check_untrusted_xml(xml);
        ASSERT_TRUE(error.has_value()) << spelling;
        EXPECT_EQ(error->message,
                  "<!DOCTYPE> refused: DTDs and entity declarations are not allowed");
        EXPECT_EQ(error->line, 2u);
        EXPECT_EQ(error->offset, 22u);
    }
}

TEST(UntrustedXml, AnEntityDeclarationIsRefusedInAnyLetterCase) {
    for (const char* spelling : {"<!entity", "<!Entity", "<!eNtItY", "<!ENTITy"}) {
        const auto error = check_untrusted_xml(std::string("<a>\n\n") + spelling + " x \"y\"></a>");
        ASSERT_TRUE(error.has_value()) << spelling;
        EXPECT_EQ(error->message,
                  "<!ENTITY> refused: DTDs and entity declarations are not allowed");
        EXPECT_EQ(error->line, 3u);
        EXPECT_EQ(error->offset, 5u);
    }
}

TEST(UntrustedXml, ALowerCaseDoctypeInsideACommentIsRefusedToo) {
    const auto error = check_untrusted_xml("<a><!-- <!doctype a> --></a>");
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->offset, 8u);
}

TEST(UntrustedXml, TheEarliestSpellingIsReported) {
    const auto error = check_untrusted_xml("<a>\n<!doctype x>\n<!DOCTYPE y></a>");
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->offset, 4u);
    EXPECT_EQ(error->line, 2u);
}

TEST(UntrustedXml, WordsThatOnlyResembleTheKeywordsAreAccepted) {
    // No "<!" before them, a truncated keyword at the very end, or text that merely contains them.
    for (const char* xml : {"<a>doctype entity DOCTYPE ENTITY</a>", "<a><![CDATA[x]]></a>",
                            "<a/><!doctyp", "<a/><!ENTIT", "<a x=\"< !DOCTYPE\"/>", "<!"}) {
        EXPECT_EQ(check_untrusted_xml(xml), std::nullopt) << xml;
    }
}

TEST(UntrustedXml, ANulByteIsRefusedWithItsPosition) {
    const std::string xml("<a>\nx\0y</a>", 10);
    const auto error = check_untrusted_xml(xml);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->message, "NUL byte in the document");
    EXPECT_EQ(error->line, 2u);
    EXPECT_EQ(error->offset, 5u);
}

TEST(UntrustedXml, Utf16InputIsRefusedBecauseItHasNulBytes) {
    const std::string xml("<\0a\0/\0>\0", 8);
    ASSERT_TRUE(check_untrusted_xml(xml).has_value());
    EXPECT_EQ(check_untrusted_xml(xml)->message, "NUL byte in the document");
}

TEST(UntrustedXml, InputOfExactlyTheSizeLimitIsAcceptedAndOneByteMoreIsRefused) {
    const XmlLimits limits{.max_bytes = 16, .max_depth = 32};
    const std::string sixteen = "<a>" + std::string(9, 'x') + "</a>";
    ASSERT_EQ(sixteen.size(), 16u);
    EXPECT_EQ(check_untrusted_xml(sixteen, limits), std::nullopt);
    const auto error = check_untrusted_xml(sixteen + "\n", limits);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->message, "document is 17 bytes, more than the 16-byte limit");
    EXPECT_EQ(error->offset, 16u);
    EXPECT_EQ(error->line, 1u);
}

TEST(UntrustedXml, TheDefaultLimitIsOneMebibyte) {
    const std::string big = "<a>" + std::string(2 * 1024 * 1024, 'x') + "</a>";
    const auto error = check_untrusted_xml(big);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->message, "document is 2097159 bytes, more than the 1048576-byte limit");
}

TEST(UntrustedXml, NestingUpToTheDepthLimitIsAcceptedAndOneLevelMoreIsRefused) {
    EXPECT_EQ(check_untrusted_xml(nested(32)), std::nullopt);
    const auto error = check_untrusted_xml(nested(33));
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->message, "elements nested deeper than 32 levels");
    EXPECT_EQ(error->offset, 32u * 3u);
    EXPECT_EQ(error->line, 1u);
}

TEST(UntrustedXml, DepthOneThousandIsRefused) {
    const auto error = check_untrusted_xml(nested(1000));
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->message, "elements nested deeper than 32 levels");
}

TEST(UntrustedXml, AMebibyteOfOpeningTagsIsScannedWithoutRecursionAndRefusedAtTheLimit) {
    // The scan keeps a counter, not a stack: any depth costs the same.
    const XmlLimits no_depth_limit{.max_bytes = 1 << 20, .max_depth = 1'000'000};
    EXPECT_EQ(check_untrusted_xml(repeated("<a>", 349'000), no_depth_limit), std::nullopt);
    EXPECT_TRUE(check_untrusted_xml(repeated("<a>", 349'000)).has_value());
}

TEST(UntrustedXml, SiblingsSelfClosingTagsAndClosingTagsDoNotAddDepth) {
    const XmlLimits limits{.max_bytes = 1 << 20, .max_depth = 2};
    EXPECT_EQ(
        check_untrusted_xml(
            "<a>" + repeated("<b>x</b><c/><d y=\"1\" /><!-- <e><f><g> --><![CDATA[<h><i>]]>", 100) +
                "<?pi <j><k>?></a>",
            limits),
        std::nullopt);
    EXPECT_TRUE(check_untrusted_xml("<a><b><c/></b></a>", limits).has_value());
}

TEST(UntrustedXml, AGreaterThanSignInsideAnAttributeValueDoesNotEndTheTag) {
    const XmlLimits limits{.max_bytes = 1 << 20, .max_depth = 2};
    // If the scan stopped at the quoted '>', "/>" would be missed, <b> counted as open and the
    // second <b> would be one level too deep.
    EXPECT_EQ(check_untrusted_xml("<a><b x='>'/><b x=\">\"/><c/></a>", limits), std::nullopt);
}

TEST(UntrustedXml, UnterminatedConstructsEndTheScanWithoutError) {
    for (const char* xml : {"<a", "<a x=\"", "<!-- x", "<![CDATA[ x", "<? x", "</a", "<!x", "<"}) {
        EXPECT_EQ(check_untrusted_xml(xml), std::nullopt) << xml;
    }
}

TEST(UntrustedXml, LineOfOffsetCountsNewlinesBeforeTheOffset) {
    EXPECT_EQ(line_of_offset("a\nb\r\nc", 0), 1u);
    EXPECT_EQ(line_of_offset("a\nb\r\nc", 1), 1u);
    EXPECT_EQ(line_of_offset("a\nb\r\nc", 2), 2u);
    EXPECT_EQ(line_of_offset("a\nb\r\nc", 5), 3u);
    EXPECT_EQ(line_of_offset("a\nb\r\nc", 500), 3u);
}

} // namespace

namespace {

TEST(UntrustedXmlUtf8, InvalidOrOverlongUtf8IsRefusedNamingItsLine) {
    for (std::string bad : {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82"}) {
        const std::string doc = "<?xml version=\"1.0\"?>\n<a>x" + bad + "</a>";
        const auto error = maillab::autoconfig::check_untrusted_xml(doc);
        ASSERT_TRUE(error.has_value());
        EXPECT_NE(error->message.find("invalid UTF-8"), std::string::npos) << error->message;
        EXPECT_EQ(error->line, 2u);
    }
}

TEST(UntrustedXmlUtf8, ValidUtf8AndDeclaredLatin1DocumentsPass) {
    EXPECT_FALSE(
        maillab::autoconfig::check_untrusted_xml("<a>imap.\xD0\xB0pple.com \xF0\x9F\x93\xA7</a>"));
    EXPECT_FALSE(maillab::autoconfig::check_untrusted_xml(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xe9</a>"));
    EXPECT_FALSE(maillab::autoconfig::check_untrusted_xml(
        "<?xml version='1.0' encoding='latin1'?><a>caf\xe9</a>"));
}

// Found by fuzzing: an encoding the parser does not convert left Latin-1 bytes in the values,
// and the clientConfig written back from them was not valid UTF-8.
TEST(UntrustedXmlUtf8, AnotherDeclaredEncodingMustStillBeValidUtf8) {
    for (const char* doc : {"<?xml version=\"1.0\" encoding=\"ISO-8859pop3-1\"?><a>caf\xe9</a>",
                            "<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>caf\xe9</a>",
                            "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><a>caf\xe9</a>"}) {
        const auto error = maillab::autoconfig::check_untrusted_xml(doc);
        ASSERT_TRUE(error) << doc;
        EXPECT_NE(error->message.find("invalid UTF-8"), std::string::npos) << error->message;
    }
    EXPECT_FALSE(maillab::autoconfig::check_untrusted_xml(
        "<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>plain</a>"));
    // A declaration left open: the encoding named later is not its own.
    const auto open = maillab::autoconfig::check_untrusted_xml(
        "<?xml version=\"1.0\"<a>x</a><b> encoding=\"ISO-8859-1\"?>caf\xe9</b>");
    ASSERT_TRUE(open);
    EXPECT_NE(open->message.find("invalid UTF-8"), std::string::npos) << open->message;
}

// Found by fuzzing: a declaration the parser read differently ("<?xml vers?ion=...") made it
// keep Latin-1 bytes that the check had let through as Latin-1. The encoding decided here is
// now the one the parser is told.
TEST(UntrustedXmlUtf8, TheEncodingTheBytesWereCheckedAgainstIsTheOneToParseWith) {
    using maillab::autoconfig::untrusted_xml_encoding;
    using maillab::autoconfig::XmlEncoding;
    EXPECT_EQ(untrusted_xml_encoding("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>"),
              XmlEncoding::latin1);
    EXPECT_EQ(untrusted_xml_encoding("<?xml vers?ion=\"1.0\" encoding=\"ISO-8859-1\"?><a/>"),
              XmlEncoding::latin1);
    EXPECT_EQ(untrusted_xml_encoding("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>"),
              XmlEncoding::utf8);
    EXPECT_EQ(untrusted_xml_encoding("<a/>"), XmlEncoding::utf8);
}

TEST(UntrustedXmlReferences, AReferenceToNoUnicodeCharacterIsRefusedNamingIt) {
    for (const char* reference :
         {"&#0;", "&#x0;", "&#xD800;", "&#57343;", "&#x110000;",
          "&#4444444444444444444444444444444413;", "&#xFFFFFFFFFFFFFFFFFFFF0041;"}) {
        const std::string doc =
            "<?xml version=\"1.0\"?>\n<a x=\"1\">\n" + std::string(reference) + "</a>";
        const auto error = maillab::autoconfig::check_untrusted_xml(doc);
        ASSERT_TRUE(error) << reference;
        EXPECT_NE(error->message.find("is not a Unicode character"), std::string::npos)
            << error->message;
        EXPECT_EQ(error->line, 3u);
    }
    const auto in_attribute = maillab::autoconfig::check_untrusted_xml("<a x=\"&#x110000;\"/>");
    ASSERT_TRUE(in_attribute);
}

TEST(UntrustedXmlReferences, ValidReferencesAndReferenceLikeTextPass) {
    EXPECT_FALSE(maillab::autoconfig::check_untrusted_xml(
        "<a x=\"&#233;\">caf&#xE9; &#x1F4E7; &#1114111; &#9;</a>"));
    // Not references: text in comments, CDATA and processing instructions, incomplete ones.
    EXPECT_FALSE(maillab::autoconfig::check_untrusted_xml(
        "<!-- &#0; --><a><![CDATA[&#x110000;]]><?pi &#xD800; ?>&#12 &#; &#x; &#xG;</a>"));
}

TEST(UntrustedXmlReferences, ASectionOpenedInsideAnAttributeValueHidesNoReferenceFromTheCheck) {
    // "<?" and "<!--" in a quoted value start nothing: what follows the tag is still text.
    for (const char* doc : {
             "<emailProvider id=\"x<?\"><displayName>a&#0;b</displayName></emailProvider>",
             "<a b=\"<!--\">&#0;<c d=\"-->\"/></a>",
             "<a b='<![CDATA['>&#xD800;<c d=']]>'/></a>",
         }) {
        const auto error = maillab::autoconfig::check_untrusted_xml(doc);
        ASSERT_TRUE(error) << doc;
        EXPECT_NE(error->message.find("is not a Unicode character"), std::string::npos)
            << error->message;
    }
}

} // namespace
