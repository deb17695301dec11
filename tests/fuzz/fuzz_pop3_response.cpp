// libFuzzer target: POP3 status lines, the APOP timestamp of a greeting and CAPA output.
#include "fuzz_util.hpp"
#include "maillab/protocol/pop3_response.hpp"

#include <string>
#include <vector>

namespace {

void check_status(std::string_view line) {
    const auto status = maillab::pop3::parse_status(line);
    if (!status)
        return;
    if (status->ok)
        FUZZ_CHECK(line.substr(0, 3) == "+OK");
    else
        FUZZ_CHECK(line.substr(0, 4) == "-ERR");
    const std::size_t head = status->ok ? 3 : 4;
    FUZZ_CHECK(line.size() == head || line[head] == ' ');
    FUZZ_CHECK(status->text.size() <= line.size());
    FUZZ_CHECK(maillab::fuzz::has_no_lowercase_ascii(status->code));
    if (!status->code.empty())
        FUZZ_CHECK(line.find('[') != std::string_view::npos &&
                   line.find(']') != std::string_view::npos);
}

void check_timestamp(std::string_view greeting) {
    const auto stamp = maillab::pop3::apop_timestamp(greeting);
    if (!stamp)
        return;
    FUZZ_CHECK(stamp->size() >= 3 && stamp->size() <= 512);
    FUZZ_CHECK(stamp->front() == '<' && stamp->back() == '>');
    FUZZ_CHECK(stamp->find('@') != std::string::npos);
    FUZZ_CHECK(stamp->find(' ') == std::string::npos);
    FUZZ_CHECK(greeting.find(*stamp) != std::string_view::npos);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = maillab::fuzz::as_text(data, size);
    const auto views = maillab::fuzz::split_lines(input);
    std::vector<std::string> lines;
    for (auto line : views) {
        check_status(line);
        check_timestamp(line);
        lines.emplace_back(line);
    }
    check_timestamp(input);

    const auto caps = maillab::pop3::parse_capabilities(lines);
    FUZZ_CHECK(caps.lines.size() <= lines.size());
    for (const auto& line : caps.lines) {
        FUZZ_CHECK(!line.empty());
        FUZZ_CHECK(line.front() != ' ' && line.front() != '\t');
        FUZZ_CHECK(line.back() != ' ' && line.back() != '\t' && line.back() != '\r');
    }
    const bool sasl = caps.has("SASL");
    if (caps.has_sasl("PLAIN") || caps.has_sasl("CRAM-MD5"))
        FUZZ_CHECK(sasl);
    (void)caps.has("STLS");
    (void)caps.has("USER");
    return 0;
}
