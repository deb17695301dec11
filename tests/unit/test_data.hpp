// Files the unit tests read: test documents under tests/data and files of the source tree.
#pragma once

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <string_view>

namespace maillab::test {

// The source tree's root, found from this header's place in it (tests/unit).
inline std::filesystem::path source_dir() {
    return std::filesystem::path(__FILE__).parent_path() / "../..";
}

// tests/data/<folder>.
inline std::filesystem::path data_dir(std::string_view folder) {
    return std::filesystem::path(__FILE__).parent_path() / "../data" / folder;
}

// A file's bytes, as they are. A file that cannot be opened fails the test and reads as "".
inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    EXPECT_TRUE(file) << "cannot open " << path;
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

// `text` with the first `from` replaced by `to`; fails the test when `from` is not there.
inline std::string replaced(std::string_view text, std::string_view from, std::string_view to) {
    std::string out(text);
    const std::size_t at = out.find(from);
    if (at == std::string::npos) {
        ADD_FAILURE() << "not in the document: " << from;
        return out;
    }
    out.replace(at, from.size(), to);
    return out;
}

} // namespace maillab::test
