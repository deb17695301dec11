// The real Thunderbird ISPDB (../shared/corpus/ispdb, 163 files) must parse completely, and every
// server must match what tests/data/ispdb/extract_expected.py (Python's xml.etree, not our reader)
// extracted into tests/data/ispdb/expected.tsv.
#include "maillab/autoconfig/client_config.hpp"
#include "test_data.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace maillab::autoconfig;
namespace fs = std::filesystem;

const fs::path corpus_dir = maillab::test::source_dir() / "../shared/corpus/ispdb";
const fs::path expected_tsv = maillab::test::data_dir("ispdb") / "expected.tsv";

// The totals of ISPDB-STATS.md (snapshot c6ad796 of thunderbird/autoconfig).
constexpr std::size_t corpus_files = 163;
constexpr std::size_t incoming_elements = 311;
constexpr std::size_t outgoing_elements = 202;
// office365.com.xml also lists ews, owa and graph servers (no hostname, a URL instead) and a
// legacy type="exchange" server; the model keeps imap and pop3 only, so these four are dropped by
// design. No other server of the corpus may be dropped.
constexpr std::size_t unsupported_incoming = 4;
constexpr std::size_t domain_elements = 963; // 962 distinct: cty-net.ne.jp lists one twice

std::size_t count_of(std::string_view text, std::string_view needle) {
    std::size_t count = 0;
    for (std::size_t at = text.find(needle); at != std::string_view::npos;
         at = text.find(needle, at + needle.size())) {
        ++count;
    }
    return count;
}

struct CorpusFile {
    std::string name;
    std::string xml;
};

std::vector<CorpusFile> corpus() {
    std::vector<CorpusFile> files;
    for (const fs::directory_entry& entry : fs::directory_iterator(corpus_dir)) {
        if (entry.is_regular_file() && entry.path().extension() == ".xml") {
            files.push_back(CorpusFile{entry.path().filename().string(),
                                       maillab::test::read_file(entry.path())});
        }
    }
    std::ranges::sort(files, {}, &CorpusFile::name);
    return files;
}

#define SKIP_WITHOUT_CORPUS()                                                                      \
    if (!fs::is_directory(corpus_dir)) {                                                           \
        GTEST_SKIP() << "ISPDB corpus not found at " << corpus_dir.lexically_normal()              \
                     << " (it lives in ../shared, next to the project)";                           \
    }

TEST(IspdbCorpus, EveryFileParsesAndOnlyTheFourUnsupportedOffice365ServersAreDropped) {
    SKIP_WITHOUT_CORPUS();
    std::size_t raw_incoming = 0;
    std::size_t raw_outgoing = 0;
    std::size_t kept_incoming = 0;
    std::size_t kept_outgoing = 0;
    std::size_t raw_domains = 0;
    std::size_t kept_domains = 0;
    std::size_t oauth2_blocks = 0;
    std::size_t documentation = 0;
    std::size_t enable = 0;
    const std::vector<CorpusFile> files = corpus();
    for (const CorpusFile& file : files) {
        SCOPED_TRACE(file.name);
        const auto result = parse_client_config(file.xml);
        ASSERT_TRUE(result.ok()) << "line " << result.error().line << ": "
                                 << result.error().message;
        const ProviderConfig& config = result.value();
        raw_incoming += count_of(file.xml, "<incomingServer");
        raw_outgoing += count_of(file.xml, "<outgoingServer");
        raw_domains += count_of(file.xml, "<domain>");
        kept_incoming += config.incoming.size();
        kept_outgoing += config.outgoing.size();
        kept_domains += config.domains.size();
        oauth2_blocks += config.oauth2.has_value() ? 1 : 0;
        documentation += config.documentation.size();
        enable += config.enable.size();
        EXPECT_FALSE(config.incoming.empty());
        EXPECT_FALSE(config.outgoing.empty());
        EXPECT_FALSE(config.domains.empty());
        EXPECT_FALSE(config.display_name.empty());
        if (file.name == "office365.com.xml") {
            EXPECT_EQ(
                config.warnings,
                (std::vector<std::string>{
                    R"(line 28: incomingServer dropped: type "ews" is not supported (only imap and pop3))",
                    R"(line 33: incomingServer dropped: type "owa" is not supported (only imap and pop3))",
                    R"(line 38: incomingServer dropped: type "graph" is not supported (only imap and pop3))",
                    R"(line 44: incomingServer dropped: type "exchange" is not supported (only imap and pop3))"}));
        } else {
            EXPECT_EQ(config.warnings, std::vector<std::string>{});
        }
    }
    EXPECT_EQ(files.size(), corpus_files);
    EXPECT_EQ(raw_incoming, incoming_elements);
    EXPECT_EQ(raw_outgoing, outgoing_elements);
    EXPECT_EQ(kept_incoming, incoming_elements - unsupported_incoming); // 307
    EXPECT_EQ(kept_outgoing, outgoing_elements);                        // 202
    EXPECT_EQ(raw_domains, domain_elements);
    EXPECT_EQ(kept_domains, domain_elements - 1);
    EXPECT_EQ(oauth2_blocks, 8u);
    EXPECT_EQ(documentation, 154u);
    EXPECT_EQ(enable, 8u); // 6 inside <emailProvider>, 2 beside it
}

struct ExpectedRow {
    std::string file;
    std::string kind;
    std::size_t index = 0;
    std::vector<std::string> fields; // type, hostname, port, socketType, authentication, username
};

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab - start));
        if (tab == std::string::npos) {
            return fields;
        }
        start = tab + 1;
    }
}

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const std::string& value : values) {
        out += (out.empty() ? "" : ",") + value;
    }
    return out;
}

TEST(IspdbCorpus, EveryServerMatchesTheIndependentlyExtractedExpectations) {
    SKIP_WITHOUT_CORPUS();
    std::ifstream tsv(expected_tsv);
    ASSERT_TRUE(tsv) << "missing " << expected_tsv.lexically_normal()
                     << "; regenerate it with tests/data/ispdb/extract_expected.py";
    std::string line;
    std::getline(tsv, line);
    ASSERT_EQ(line,
              "file\tkind\tindex\ttype\thostname\tport\tsocketType\tauthentication\tusername");

    std::map<std::string, ProviderConfig> configs;
    for (const CorpusFile& file : corpus()) {
        auto result = parse_client_config(file.xml);
        ASSERT_TRUE(result.ok()) << file.name;
        configs.emplace(file.name, std::move(result).value());
    }

    std::size_t rows = 0;
    std::map<std::string, std::size_t> rows_per_file_and_kind;
    while (std::getline(tsv, line)) {
        const std::vector<std::string> fields = split_tabs(line);
        ASSERT_EQ(fields.size(), 9u) << line;
        ++rows;
        const std::string& file = fields[0];
        const std::string& kind = fields[1];
        const std::size_t index = std::stoul(fields[2]);
        SCOPED_TRACE(file + " " + kind + " #" + fields[2]);
        ++rows_per_file_and_kind[file + "/" + kind];
        const auto config = configs.find(file);
        ASSERT_NE(config, configs.end());
        const std::vector<ServerEntry>& servers =
            kind == "incoming" ? config->second.incoming : config->second.outgoing;
        ASSERT_LT(index, servers.size());
        const ServerEntry& server = servers[index];
        EXPECT_EQ(server.type, fields[3]);
        EXPECT_EQ(server.hostname, fields[4]);
        EXPECT_EQ(std::to_string(server.port), fields[5]);
        EXPECT_EQ(to_string(server.socket_type), fields[6]);
        EXPECT_EQ(joined(server.authentication), fields[7]);
        EXPECT_EQ(server.username, fields[8]);
    }
    EXPECT_EQ(rows, incoming_elements - unsupported_incoming + outgoing_elements);
    // No server beyond the expected ones.
    for (const auto& [file, config] : configs) {
        EXPECT_EQ(config.incoming.size(), rows_per_file_and_kind[file + "/incoming"]) << file;
        EXPECT_EQ(config.outgoing.size(), rows_per_file_and_kind[file + "/outgoing"]) << file;
    }
}

TEST(IspdbCorpus, EveryFileSurvivesWriterThenReader) {
    SKIP_WITHOUT_CORPUS();
    for (const CorpusFile& file : corpus()) {
        SCOPED_TRACE(file.name);
        auto result = parse_client_config(file.xml);
        ASSERT_TRUE(result.ok());
        ProviderConfig config = std::move(result).value();
        config.warnings.clear(); // the dropped servers are gone; nothing more may change
        const auto again = parse_client_config(write_client_config(config));
        ASSERT_TRUE(again.ok()) << again.error().message;
        EXPECT_EQ(again.value(), config);
        EXPECT_EQ(again.value().warnings, std::vector<std::string>{});
    }
}

} // namespace
