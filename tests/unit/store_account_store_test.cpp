#include "maillab/store/account_store.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <random>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace {

using namespace maillab;
namespace fs = std::filesystem;

constexpr std::string_view secret = "Kp4#store-secret-Value";

class AccountStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        static std::atomic<int> counter{0};
        std::random_device random;
        dir_ = fs::temp_directory_path() /
               ("maillab-store-test-" + std::to_string(::getpid()) + "-" +
                std::to_string(counter++) + "-" + std::to_string(random()));
        fs::create_directories(dir_);
        file_ = dir_ / "accounts.json";
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    static std::string read(const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream out;
        out << in.rdbuf();
        return out.str();
    }
    static void write(const fs::path& path, std::string_view bytes) {
        std::ofstream out(path, std::ios::binary);
        out << bytes;
    }
    std::vector<std::string> directory_entries() const {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(dir_)) {
            names.push_back(entry.path().filename().string());
        }
        return names;
    }

    static Device sample_device() {
        Account alice;
        alice.name = "Alice";
        alice.email = "alice@example.com";
        alice.incoming.server = {"imap.example.com",  993,
                                 Security::tls,       AuthMethod::password,
                                 "alice@example.com", std::string(secret)};
        alice.primary_smtp.server = {"smtp.example.com",  587,
                                     Security::starttls,  AuthMethod::password,
                                     "alice@example.com", "old-password"};
        Account bob;
        bob.email = "bob@bücher.de";
        bob.incoming.protocol = IncomingProtocol::pop3;
        bob.incoming.pop_delete = PopDeletePolicy::after_seven_days;
        bob.incoming.server = {"pop.xn--bcher-kva.de", 995,   Security::tls,
                               AuthMethod::cram_md5,   "bob", ""};
        bob.primary_smtp.server = {"smtp.xn--bcher-kva.de", 465,   Security::tls,
                                   AuthMethod::password,    "bob", ""};
        bob.outgoing_password_same_as_incoming = true;
        Device device;
        device.accounts = {alice, bob};
        return device;
    }

    fs::path dir_;
    fs::path file_;
};

TEST_F(AccountStoreTest, MissingFileIsAnEmptyDevice) {
    AccountStore store(file_);
    const auto device = store.load();
    ASSERT_TRUE(device.ok()) << device.error().message;
    EXPECT_TRUE(device->accounts.empty());
    EXPECT_FALSE(fs::exists(file_));
}

TEST_F(AccountStoreTest, SavedAccountsLoadBackUnchanged) {
    AccountStore store(file_);
    const Device device = sample_device();
    const auto saved = store.save(device);
    ASSERT_TRUE(saved.ok()) << saved.error().message;

    AccountStore again(file_);
    const auto loaded = again.load();
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_EQ(*loaded, device);
    EXPECT_NE(read(file_).find("\"version\": 1"), std::string::npos);
}

TEST_F(AccountStoreTest, EmptyDeviceRoundTrips) {
    AccountStore store(file_);
    ASSERT_TRUE(store.save(Device{}).ok());
    EXPECT_EQ(read(file_), "{\n  \"version\": 1,\n  \"accounts\": []\n}\n");
    const auto loaded = store.load();
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_TRUE(loaded->accounts.empty());
}

TEST_F(AccountStoreTest, SavedFileIsReadableByItsOwnerOnly) {
    write(file_, "{\"version\": 1, \"accounts\": []}");
    ::chmod(file_.c_str(), 0644);
    const mode_t old_mask = ::umask(0);
    AccountStore store(file_);
    const auto saved = store.save(sample_device());
    ::umask(old_mask);
    ASSERT_TRUE(saved.ok()) << saved.error().message;
    struct stat info {};
    ASSERT_EQ(::stat(file_.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0600U);
}

TEST_F(AccountStoreTest, SaveLeavesNoTemporaryFilesBehind) {
    AccountStore store(file_);
    ASSERT_TRUE(store.save(sample_device()).ok());
    ASSERT_TRUE(store.save(Device{}).ok());
    EXPECT_EQ(directory_entries(), std::vector<std::string>{"accounts.json"});
}

TEST_F(AccountStoreTest, CorruptFileIsReportedWithLineAndColumnAndNeverOverwritten) {
    const std::string corrupt = "{\n  \"version\": 1,\n  \"accounts\": [ {\"email\": }\n";
    write(file_, corrupt);
    AccountStore store(file_);

    const auto loaded = store.load();
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.error().message.find(file_.string()), std::string::npos)
        << loaded.error().message;
    EXPECT_NE(loaded.error().message.find("line 3"), std::string::npos) << loaded.error().message;

    const auto saved = store.save(sample_device());
    ASSERT_FALSE(saved.ok());
    EXPECT_EQ(saved.error().message.rfind("refusing to overwrite " + file_.string(), 0), 0U)
        << saved.error().message;
    EXPECT_NE(saved.error().message.find("move it away first"), std::string::npos);
    EXPECT_EQ(read(file_), corrupt);
    EXPECT_EQ(directory_entries(), std::vector<std::string>{"accounts.json"});
}

TEST_F(AccountStoreTest, CorruptFileIsNotOverwrittenEvenWithoutALoad) {
    const std::string corrupt = "not json";
    write(file_, corrupt);
    AccountStore store(file_);
    const auto saved = store.save(sample_device());
    ASSERT_FALSE(saved.ok());
    EXPECT_NE(saved.error().message.find("refusing to overwrite"), std::string::npos);
    EXPECT_EQ(read(file_), corrupt);
}

TEST_F(AccountStoreTest, SaveIsRefusedAfterAFailedLoadUntilALoadSucceeds) {
    write(file_, "{");
    AccountStore store(file_);
    ASSERT_FALSE(store.load().ok());

    write(file_, "{\"version\": 1, \"accounts\": []}"); // repaired behind the store's back
    EXPECT_FALSE(store.save(sample_device()).ok());

    ASSERT_TRUE(store.load().ok());
    EXPECT_TRUE(store.save(sample_device()).ok());
}

TEST_F(AccountStoreTest, NewerVersionIsAnErrorAndIsNotOverwritten) {
    const std::string future = "{\"version\": 99, \"accounts\": []}";
    write(file_, future);
    AccountStore store(file_);
    const auto loaded = store.load();
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.error().message.find("version 99"), std::string::npos)
        << loaded.error().message;
    EXPECT_FALSE(store.save(Device{}).ok());
    EXPECT_EQ(read(file_), future);
}

TEST_F(AccountStoreTest, MissingVersionOrAccountsIsAnError) {
    write(file_, "{\"accounts\": []}");
    AccountStore store(file_);
    EXPECT_FALSE(store.load().ok());
    write(file_, "{\"version\": 1}");
    EXPECT_FALSE(store.load().ok());
    write(file_, "{\"version\": \"1\", \"accounts\": []}");
    EXPECT_FALSE(store.load().ok());
}

TEST_F(AccountStoreTest, InvalidAccountInTheFileIsNamedWithoutItsPassword) {
    write(file_, R"({"version": 1, "accounts": [{"email": "alice@example.com",
        "incoming": {"protocol": "imap", "host": "imap example.com", "password": ")" +
                     std::string(secret) + R"("},
        "outgoing": {"host": "smtp.example.com", "password": ")" +
                     std::string(secret) + R"("}}]})");
    AccountStore store(file_);
    const auto loaded = store.load();
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.error().message.find("accounts[0]: incoming.host"), std::string::npos)
        << loaded.error().message;
    EXPECT_EQ(loaded.error().message.find(secret), std::string::npos);
}

TEST_F(AccountStoreTest, SavingIntoAMissingDirectoryNamesTheDirectory) {
    const fs::path missing = dir_ / "no-such-dir";
    AccountStore store(missing / "accounts.json");
    const auto saved = store.save(sample_device());
    ASSERT_FALSE(saved.ok());
    EXPECT_NE(saved.error().message.find(missing.string()), std::string::npos)
        << saved.error().message;
    EXPECT_NE(saved.error().message.find("No such file or directory"), std::string::npos)
        << saved.error().message;
    EXPECT_EQ(saved.error().message.find(secret), std::string::npos);
}

TEST_F(AccountStoreTest, InvalidAccountsAreNotSaved) {
    Device device = sample_device();
    device.accounts[0].incoming.server.host = "imap example.com";
    AccountStore store(file_);
    const auto saved = store.save(device);
    ASSERT_FALSE(saved.ok());
    EXPECT_NE(saved.error().message.find("accounts[0]: incoming.host"), std::string::npos)
        << saved.error().message;
    EXPECT_FALSE(fs::exists(file_));
}

TEST_F(AccountStoreTest, UnreadableFileIsAnErrorThatNamesIt) {
    fs::create_directory(file_); // a directory where the file should be
    AccountStore store(file_);
    const auto loaded = store.load();
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.error().message.find(file_.string()), std::string::npos);
    EXPECT_NE(loaded.error().message.find("not a regular file"), std::string::npos)
        << loaded.error().message;
    EXPECT_FALSE(store.save(Device{}).ok());
}

TEST_F(AccountStoreTest, PasswordsAreStoredInTheFile) {
    AccountStore store(file_);
    ASSERT_TRUE(store.save(sample_device()).ok());
    EXPECT_NE(read(file_).find(secret), std::string::npos);
}

} // namespace

namespace {

const std::string kFingerprint = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:"
                                 "45:67:89:AB:CD:EF:01:23:45:67:89";

TEST_F(AccountStoreTest, TrustedCertificatesAreSavedAndLoadBack) {
    Device device = sample_device();
    device.trusted_certificates.push_back({"imap.example.com", kFingerprint});
    AccountStore store(file_);
    ASSERT_TRUE(store.save(device));
    auto loaded = AccountStore(file_).load();
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(*loaded, device);
}

TEST_F(AccountStoreTest, ABadTrustedCertificateEntryIsNamed) {
    write(file_, "{\"version\": 1, \"accounts\": [], \"trusted_certificates\": "
                 "[{\"host\": \"imap.example.com\", \"sha256\": \"not-a-fingerprint\"}]}");
    auto loaded = AccountStore(file_).load();
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("trusted_certificates[0].sha256"), std::string::npos)
        << loaded.error().message;
    write(file_, "{\"version\": 1, \"accounts\": [], \"trusted_certificates\": [{\"sha256\": \"" +
                     kFingerprint + "\"}]}");
    loaded = AccountStore(file_).load();
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("trusted_certificates[0].host"), std::string::npos);
}

TEST_F(AccountStoreTest, AKeyGivenTwiceAnywhereInTheFileIsNamedAndTheFileKept) {
    const std::string text =
        "{\"version\": 1, \"accounts\": [{\"email\": \"a@example.com\", \"incoming\": "
        "{\"protocol\": \"imap\", \"host\": \"imap.example.com\", \"password\": \"one\", "
        "\"password\": \"two\"}, \"outgoing\": {\"host\": \"smtp.example.com\"}}]}";
    write(file_, text);
    AccountStore store(file_);
    auto loaded = store.load();
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("accounts[0].incoming.password: given more than once"),
              std::string::npos)
        << loaded.error().message;
    EXPECT_FALSE(store.save(sample_device())); // the file is not replaced after a failed load
}

TEST_F(AccountStoreTest, AnUnknownFieldAtTheTopOrInATrustEntryIsNamed) {
    write(file_, "{\"version\": 1, \"accounts\": [], \"acounts\": []}");
    auto loaded = AccountStore(file_).load();
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("\"acounts\" is not a known field"), std::string::npos)
        << loaded.error().message;
    write(file_, "{\"version\": 1, \"accounts\": [], \"trusted_certificates\": [{\"host\": "
                 "\"imap.example.com\", \"sha256\": \"" +
                     kFingerprint + "\", \"note\": \"x\"}]}");
    loaded = AccountStore(file_).load();
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("trusted_certificates[0]"), std::string::npos)
        << loaded.error().message;
}

} // namespace
