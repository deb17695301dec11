// libFuzzer target: a DNS answer from a resolver, read for its aliases (net::follow_cnames and
// describe_cname_loop, engine/src/net/cname_chain.cpp). The input is the message; the asked name
// is fixed.
#include "fuzz_util.hpp"
#include "net/cname_chain.hpp"

#include <algorithm>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string asked = "a.example";
    const auto chain = maillab::net::follow_cnames(data, size, asked);
    FUZZ_CHECK(!chain.names.empty() && chain.names.front() == asked);
    // One step per CNAME record at most: a record takes at least 11 bytes.
    FUZZ_CHECK(chain.names.size() <= 1 + size / 11);
    if (chain.loops) {
        FUZZ_CHECK(chain.names.size() >= 2);
        const auto& last = chain.names.back();
        FUZZ_CHECK(std::find(chain.names.begin(), chain.names.end() - 1, last) !=
                   chain.names.end() - 1);
    }
    const auto loop = maillab::net::describe_cname_loop(data, size, asked);
    FUZZ_CHECK(loop.has_value() == chain.loops);
    if (loop)
        FUZZ_CHECK(loop->rfind("CNAME loop " + asked, 0) == 0);
    return 0;
}
