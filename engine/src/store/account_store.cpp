#include "maillab/store/account_store.hpp"

#include "json_duplicate_keys.hpp"
#include "maillab/model/validation.hpp"
#include "maillab/store/account_json.hpp"
#include "store_text.hpp"

#include <boost/json.hpp>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <random>
#include <string>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace maillab {

namespace {

namespace json = boost::json;

constexpr std::size_t max_store_bytes = std::size_t{64} << 20; // 64 MiB
constexpr std::size_t max_json_depth = 32;

std::string errno_text(int error) {
    return std::generic_category().message(error);
}

// Closes a descriptor on scope exit unless released.
class FileDescriptor {
  public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    int get() const { return fd_; }
    // Closes now and reports close(2)'s result (0, or -1 with errno set).
    int close() {
        const int fd = fd_;
        fd_ = -1;
        return ::close(fd);
    }

  private:
    int fd_;
};

std::string position_of(std::string_view text, std::size_t offset) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n') {
            ++line;
            column = 1;
        } else if ((byte & 0xC0) != 0x80) {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

enum class ReadOutcome { read, missing, failed };

struct FileBytes {
    ReadOutcome outcome = ReadOutcome::failed;
    std::string bytes;
    std::string problem; // when failed
};

FileBytes read_file(const std::filesystem::path& file) {
    FileBytes result;
    FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) {
        if (errno == ENOENT) {
            result.outcome = ReadOutcome::missing;
        } else {
            result.problem = "cannot open it: " + errno_text(errno);
        }
        return result;
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) {
        result.problem = "cannot stat it: " + errno_text(errno);
        return result;
    }
    if (!S_ISREG(info.st_mode)) {
        result.problem = "it is not a regular file";
        return result;
    }
    if (static_cast<std::uint64_t>(info.st_size) > max_store_bytes) {
        result.problem = "it is too large (" + std::to_string(info.st_size) + " bytes; at most " +
                         std::to_string(max_store_bytes) + ")";
        return result;
    }
    char buffer[65536];
    while (true) {
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            result.problem = "cannot read it: " + errno_text(errno);
            return result;
        }
        if (n == 0) {
            break;
        }
        result.bytes.append(buffer, static_cast<std::size_t>(n));
        if (result.bytes.size() > max_store_bytes) {
            result.problem =
                "it is too large (more than " + std::to_string(max_store_bytes) + " bytes)";
            return result;
        }
    }
    result.outcome = ReadOutcome::read;
    return result;
}

// Parses the store file's text; the problem never quotes account data.
bool is_sha256_fingerprint(std::string_view text) {
    if (text.size() != 32 * 3 - 1)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (i % 3 == 2 ? c != ':' : !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

// The "trusted_certificates" list; errors start with "[i]..." or ": ...".
Result<std::vector<CertificateTrust>> parse_trusted_certificates(const json::value& value) {
    constexpr std::size_t max_trusted = 256;
    if (!value.is_array())
        return Error{": not an array"};
    const auto& list = value.get_array();
    if (list.size() > max_trusted)
        return Error{": more than " + std::to_string(max_trusted) + " entries"};
    std::vector<CertificateTrust> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string at = "[" + std::to_string(i) + "]";
        const json::object* entry = list[i].if_object();
        if (entry)
            for (const auto& member : *entry)
                if (member.key() != "host" && member.key() != "sha256")
                    return Error{at + ": only \"host\" and \"sha256\" belong here"};
        const json::value* host = entry ? entry->if_contains("host") : nullptr;
        const json::value* sha = entry ? entry->if_contains("sha256") : nullptr;
        if (!host || !host->is_string() || host->get_string().empty() ||
            host->get_string().size() > 253)
            return Error{at + ".host: a host name is needed"};
        if (!sha || !sha->is_string() || !is_sha256_fingerprint(sha->get_string()))
            return Error{at +
                         ".sha256: not a SHA-256 fingerprint (AA:BB:... 32 bytes, upper case)"};
        out.push_back({std::string(host->get_string()), std::string(sha->get_string())});
    }
    return out;
}

} // namespace

namespace store_detail {

Result<Device> parse_store(std::string_view text) {
    json::parse_options options;
    options.max_depth = max_json_depth;
    json::stream_parser parser({}, options);
    boost::system::error_code ec;
    std::size_t consumed = parser.write(text.data(), text.size(), ec);
    if (!ec) {
        parser.finish(ec);
        consumed = text.size();
    }
    if (ec) {
        return Error{"invalid JSON at " + position_of(text, consumed) + ": " + ec.message()};
    }
    const json::value root = parser.release();
    if (!root.is_object()) {
        return Error{"the top level is not a JSON object"};
    }
    if (auto duplicate = store_detail::find_duplicate_key(text)) {
        return Error{*duplicate + ": given more than once"};
    }
    const json::object& object = root.get_object();
    for (const auto& member : object) {
        const std::string_view key = member.key();
        if (key != "version" && key != "accounts" && key != "trusted_certificates") {
            std::string shown(key.substr(0, 64));
            for (char& c : shown)
                if (static_cast<unsigned char>(c) < 0x20 || c == '"' || c == 0x7F)
                    c = '?';
            return Error{"\"" + shown +
                         "\" is not a known field (version, accounts, trusted_certificates)"};
        }
    }
    const json::value* version = object.if_contains("version");
    if (version == nullptr) {
        return Error{"it has no \"version\""};
    }
    if (!version->is_int64() && !version->is_uint64()) {
        return Error{"\"version\" is not a whole number"};
    }
    const bool too_new =
        version->is_uint64() || version->get_int64() > AccountStore::current_version;
    if (too_new) {
        return Error{"version " + json::serialize(*version) +
                     " is newer than this program understands (" +
                     std::to_string(AccountStore::current_version) + ")"};
    }
    if (version->get_int64() < 1) {
        return Error{"version " + json::serialize(*version) + " is not a known version"};
    }
    const json::value* accounts = object.if_contains("accounts");
    if (accounts == nullptr || !accounts->is_array()) {
        return Error{"it has no \"accounts\" array"};
    }
    Device device;
    const json::array& list = accounts->get_array();
    for (std::size_t i = 0; i < list.size(); ++i) {
        auto account = parse_account_json(json::serialize(list[i]));
        if (!account) {
            return Error{"accounts[" + std::to_string(i) + "]: " + account.error().message};
        }
        device.accounts.push_back(std::move(*account));
    }
    if (const json::value* trusted = object.if_contains("trusted_certificates")) {
        auto list_of_trust = parse_trusted_certificates(*trusted);
        if (!list_of_trust) {
            return Error{"trusted_certificates" + list_of_trust.error().message};
        }
        device.trusted_certificates = std::move(*list_of_trust);
    }
    return device;
}

} // namespace store_detail

namespace {

std::string indent_lines(const std::string& text, std::string_view indent) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    out += indent;
    for (const char c : text) {
        out += c;
        if (c == '\n') {
            out += indent; // pretty-printed JSON has no raw newlines inside strings
        }
    }
    return out;
}

} // namespace

namespace store_detail {

std::string store_text(const Device& device) {
    std::string out = "{\n  \"version\": " + std::to_string(AccountStore::current_version) +
                      ",\n  \"accounts\": [";
    for (std::size_t i = 0; i < device.accounts.size(); ++i) {
        out += i == 0 ? "\n" : ",\n";
        out += indent_lines(account_to_json(device.accounts[i], PasswordOutput::include), "    ");
    }
    out += device.accounts.empty() ? "]" : "\n  ]";
    if (!device.trusted_certificates.empty()) {
        out += ",\n  \"trusted_certificates\": [";
        for (std::size_t i = 0; i < device.trusted_certificates.size(); ++i) {
            const auto& t = device.trusted_certificates[i];
            out += std::string(i == 0 ? "\n" : ",\n") +
                   "    {\"host\": " + json::serialize(json::string(t.host)) +
                   ", \"sha256\": " + json::serialize(json::string(t.sha256_fingerprint)) + "}";
        }
        out += "\n  ]";
    }
    out += "\n}\n";
    return out;
}

} // namespace store_detail

namespace {

std::string random_suffix() {
    std::random_device device;
    std::uniform_int_distribution<std::uint64_t> distribution;
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx",
                  static_cast<unsigned long long>(distribution(device)));
    return buffer;
}

Status write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return Error{errno_text(errno)};
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return ok_status();
}

} // namespace

AccountStore::AccountStore(std::filesystem::path file) : file_(std::move(file)) {}

Result<Device> AccountStore::load() {
    const FileBytes file = read_file(file_);
    if (file.outcome == ReadOutcome::missing) {
        last_load_failed_ = false;
        return Device{};
    }
    if (file.outcome == ReadOutcome::failed) {
        last_load_failed_ = true;
        return Error{"cannot load accounts from " + file_.string() + ": " + file.problem};
    }
    auto device = store_detail::parse_store(file.bytes);
    if (!device) {
        last_load_failed_ = true;
        return Error{"cannot load accounts from " + file_.string() + ": " + device.error().message};
    }
    last_load_failed_ = false;
    return device;
}

Status AccountStore::save(const Device& device) {
    const std::string target = file_.string();
    const auto refuse = [&target](const std::string& why) {
        return Error{"refusing to overwrite " + target + ": it could not be read (" + why +
                     "); move it away first"};
    };
    // Never replace what cannot be read: the file may have changed or never been loaded. After
    // a failed load, the caller's device does not hold the file's accounts, so saving is refused
    // until load() succeeds even if the file has been repaired meanwhile.
    std::string problem;
    const FileBytes existing = read_file(file_);
    if (existing.outcome == ReadOutcome::failed) {
        problem = existing.problem;
    } else if (existing.outcome == ReadOutcome::read) {
        if (auto current = store_detail::parse_store(existing.bytes); !current) {
            problem = current.error().message;
        }
    }
    if (problem.empty() && last_load_failed_) {
        problem = "the last load failed; load it again";
    }
    if (!problem.empty()) {
        last_load_failed_ = true;
        return refuse(problem);
    }
    for (std::size_t i = 0; i < device.accounts.size(); ++i) {
        const auto errors = validate_account(device.accounts[i]);
        if (!errors.empty()) {
            return Error{"not saving " + target + ": accounts[" + std::to_string(i) +
                         "]: " + errors.front().message};
        }
    }

    const std::string text = store_detail::store_text(device);
    std::filesystem::path directory = file_.parent_path();
    if (directory.empty()) {
        directory = ".";
    }
    const std::filesystem::path temp =
        directory /
        (file_.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" + random_suffix());

    FileDescriptor fd(::open(temp.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600));
    if (fd.get() < 0) {
        return Error{"cannot save " + target + ": cannot create a temporary file in " +
                     directory.string() + ": " + errno_text(errno)};
    }
    const auto fail = [&](std::string_view step, const std::string& why) {
        ::unlink(temp.c_str());
        return Error{"cannot save " + target + ": " + std::string(step) + " " + temp.string() +
                     " failed: " + why};
    };
    if (::fchmod(fd.get(), 0600) != 0) {
        return fail("fchmod of", errno_text(errno));
    }
    if (auto written = write_all(fd.get(), text); !written) {
        return fail("writing", written.error().message);
    }
    if (::fsync(fd.get()) != 0) {
        return fail("fsync of", errno_text(errno));
    }
    if (fd.close() != 0) {
        return fail("closing", errno_text(errno));
    }
    if (::rename(temp.c_str(), file_.c_str()) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        return Error{"cannot save " + target + ": renaming " + temp.string() +
                     " over it failed: " + errno_text(error)};
    }
    FileDescriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0 || (::fsync(dir.get()) != 0 && errno != EINVAL)) {
        return Error{"saved " + target + ", but the fsync of directory " + directory.string() +
                     " failed: " + errno_text(errno)};
    }
    return ok_status();
}

} // namespace maillab
