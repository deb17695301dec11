// tests/data/hostile-files/manifest.txt: hostile inputs for every parser and the verdict each
// must give. The unit tests walk the rows of the engine's parsers, the simulator's tests the
// scenario rows; "@big" and "@deep" rows are generated here from a valid document.
#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace maillab::test {

inline std::filesystem::path hostile_files_dir() {
    return std::filesystem::path(__FILE__).parent_path() / "../data/hostile-files";
}

struct HostileFile {
    std::string file;   // name in the folder, or "@big" / "@deep"
    std::string parser; // clientconfig, autodiscover, mobileconfig, import, account-json, scenario
    std::string expect; // "reject", "accept-with-warning" or "accept"
    std::string text;   // part of the error or warning ("" for accept)
};

inline std::vector<HostileFile> hostile_manifest() {
    std::ifstream in(hostile_files_dir() / "manifest.txt");
    std::vector<HostileFile> rows;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream words(line);
        HostileFile row;
        std::string verdict;
        words >> row.file >> row.parser >> std::ws;
        std::getline(words, verdict);
        const auto colon = verdict.find(':');
        row.expect = verdict.substr(0, colon);
        if (colon != std::string::npos)
            row.text = verdict.substr(colon + 1);
        rows.push_back(row);
    }
    return rows;
}

inline std::string read_bytes(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream out;
    out << file.rdbuf();
    return out.str();
}

// A valid document of the parser's format (the first file of that parser that the manifest
// expects to be accepted is not needed: these are written out here to stay independent).
inline std::string valid_sample(const std::string& parser) {
    if (parser == "account-json")
        return R"({ "email": "alice@example.com", "incoming": { "protocol": "imap", "host": )"
               R"("imap.example.com" }, "outgoing": { "host": "smtp.example.com" } })";
    if (parser == "scenario")
        return "id: big\ntitle: Big\ngoal: Learn it.\nstart: empty\n"
               "success: account-saved alex@lab.maillab.test\n"
               "debrief-success: Well done.\ndebrief-failure: Not yet.\nsolution: big.play\n";
    if (parser == "autodiscover")
        return read_bytes(hostile_files_dir() / "ad-port-zero.xml");
    if (parser == "mobileconfig" || parser == "import")
        return read_bytes(hostile_files_dir() / "mc-port-zero.mobileconfig");
    return read_bytes(hostile_files_dir() / "cc-port-zero.xml");
}

// "@big": the sample padded to 2 MB (in a comment); "@deep": 10000 nested elements or arrays.
inline std::string hostile_input(const HostileFile& row) {
    if (row.file == "@big") {
        const std::string pad(2 << 20, ' ');
        if (row.parser == "account-json")
            return valid_sample(row.parser) + pad;
        if (row.parser == "scenario")
            return valid_sample(row.parser) + "#" + pad + "\n";
        std::string doc = valid_sample(row.parser);
        return doc + "<!--" + pad + "-->\n";
    }
    if (row.file == "@deep") {
        const int depth = 10000;
        if (row.parser == "account-json") {
            std::string nested(depth, '[');
            nested += std::string(depth, ']');
            return R"({ "email": "alice@example.com", "x": )" + nested + " }";
        }
        std::string root = row.parser == "autodiscover"   ? "Autodiscover"
                           : row.parser == "mobileconfig" ? "plist"
                                                          : "clientConfig";
        std::string doc = "<?xml version=\"1.0\"?>\n<" + root + ">";
        for (int i = 0; i < depth; ++i)
            doc += "<a>";
        for (int i = 0; i < depth; ++i)
            doc += "</a>";
        return doc + "</" + root + ">\n";
    }
    return read_bytes(hostile_files_dir() / row.file);
}

} // namespace maillab::test
