// libFuzzer target: IMAP FETCH responses (values tokenizer, FETCH data) and downloaded messages
// (header fields, RFC 2047 words, dates, MIME, transfer encodings, charsets).
#include "fuzz_util.hpp"
#include "mail/encoded_words.hpp"
#include "mail/mail_date.hpp"
#include "mail/message_parser.hpp"
#include "maillab/protocol/imap_fetch.hpp"

#include <string>

namespace {

bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto lead = static_cast<unsigned char>(s[i]);
        std::size_t length = lead < 0x80                    ? 1
                             : lead >= 0xC2 && lead <= 0xDF ? 2
                             : lead >= 0xE0 && lead <= 0xEF ? 3
                             : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                            : 0;
        if (length == 0 || i + length > s.size())
            return false;
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
                return false;
        i += length;
    }
    return true;
}

void check_fetch(std::string_view input) {
    auto values = maillab::imap::parse_values(input);
    auto fetch = maillab::imap::parse_fetch(input);
    if (fetch) {
        FUZZ_CHECK(values.has_value());
        FUZZ_CHECK(fetch->sequence > 0);
        FUZZ_CHECK(!fetch->uid || *fetch->uid > 0);
        if (fetch->body)
            FUZZ_CHECK(fetch->body->size() <= input.size());
    }
}

void check_message(std::string_view input) {
    const std::size_t limit = input.size() % 257;
    const auto m = maillab::mail_detail::parse_message(input, limit, false);
    for (const std::string* s :
         {&m.from, &m.from_name, &m.to, &m.cc, &m.subject, &m.date_header, &m.body})
        FUZZ_CHECK(valid_utf8(*s));
    FUZZ_CHECK(m.body.size() <= limit);
    FUZZ_CHECK(m.body.find('\r') == std::string::npos);
    FUZZ_CHECK(m.from.empty() == m.from_name.empty());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = maillab::fuzz::as_text(data, size);
    check_fetch(input);
    check_message(input);
    for (auto line : maillab::fuzz::split_lines(input, 64)) {
        FUZZ_CHECK(valid_utf8(maillab::mail_detail::decode_header_text(line)));
        auto date = maillab::mail_detail::parse_mail_date(line);
        // Inside the years the parser accepts (1900-01-02 to 9999-12-30), formatting round-trips.
        if (date && *date > -2208902400 && *date < 253402128000)
            FUZZ_CHECK(maillab::mail_detail::parse_mail_date(
                           maillab::mail_detail::format_mail_date(*date)) == *date);
        check_fetch(line);
    }
    return 0;
}
