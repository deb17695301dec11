// libFuzzer target: the account store file (every account of the device and the trusted
// certificates), read, written and read back.
#include "fuzz_util.hpp"
#include "store/store_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parsed = maillab::store_detail::parse_store(maillab::fuzz::as_text(data, size));
    if (!parsed) {
        const std::string& message = parsed.error().message;
        FUZZ_CHECK(!message.empty());
        for (char c : message) // one line, control characters escaped
            FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20);
        return 0;
    }
    const std::string written = maillab::store_detail::store_text(*parsed);
    const auto reread = maillab::store_detail::parse_store(written);
    if (!reread)
        std::fprintf(stderr, "re-parse failed: %s\n", reread.error().message.c_str());
    FUZZ_CHECK(reread.ok());
    FUZZ_CHECK(*reread == *parsed);
    FUZZ_CHECK(maillab::store_detail::store_text(*reread) == written);
    return 0;
}
