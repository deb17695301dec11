#include "json_duplicate_keys.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <set>
#include <vector>

namespace maillab::store_detail {
namespace {

namespace json = boost::json;
using json::error_code;
using json::string_view;

// A basic_parser handler that only follows where it is and which keys each open object has.
class DuplicateKeyFinder {
  public:
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);

    std::optional<std::string> duplicate;

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code&) { return open(true); }
    bool on_object_end(std::size_t, error_code&) { return close(); }
    bool on_array_begin(error_code&) { return open(false); }
    bool on_array_end(std::size_t, error_code&) { return close(); }
    bool on_key_part(string_view s, std::size_t, error_code&) {
        key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(string_view s, std::size_t, error_code& ec) {
        key_.append(s.data(), s.size());
        Frame& frame = frames_.back();
        if (!frame.keys.insert(key_).second && !duplicate) {
            duplicate = path() + (frames_.size() > 1 ? "." : "") + printable(key_);
            ec = json::error::syntax; // stop: one is enough
            return false;
        }
        frame.current = key_;
        key_.clear();
        return true;
    }
    bool on_string_part(string_view, std::size_t, error_code&) { return true; }
    bool on_string(string_view, std::size_t, error_code&) { return value(); }
    bool on_number_part(string_view, error_code&) { return true; }
    bool on_int64(std::int64_t, string_view, error_code&) { return value(); }
    bool on_uint64(std::uint64_t, string_view, error_code&) { return value(); }
    bool on_double(double, string_view, error_code&) { return value(); }
    bool on_bool(bool, error_code&) { return value(); }
    bool on_null(error_code&) { return value(); }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }

  private:
    struct Frame {
        bool object = false;
        std::set<std::string, std::less<>> keys;
        std::string current;   // the key whose value is being read (objects)
        std::size_t index = 0; // the element being read (arrays)
    };

    // A key as an error message may show it: at most 64 bytes, control characters as '?'.
    static std::string printable(std::string_view key) {
        std::string out(key.substr(0, 64));
        for (char& c : out)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
                c = '?';
        return key.size() > 64 ? out + "..." : out;
    }

    // "accounts[0].incoming": where the innermost open container is.
    std::string path() const {
        std::string out;
        for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
            const Frame& f = frames_[i];
            if (f.object)
                out += (out.empty() ? "" : ".") + printable(f.current);
            else
                out += "[" + std::to_string(f.index) + "]";
        }
        return out;
    }
    bool open(bool object) {
        frames_.push_back({object, {}, {}, 0});
        return true;
    }
    bool close() {
        frames_.pop_back();
        return value();
    }
    // A value ended: the next array element comes.
    bool value() {
        if (!frames_.empty() && !frames_.back().object)
            ++frames_.back().index;
        return true;
    }

    std::vector<Frame> frames_;
    std::string key_;
};

} // namespace

std::optional<std::string> find_duplicate_key(std::string_view text) {
    json::parse_options options;
    options.max_depth = 64;
    json::basic_parser<DuplicateKeyFinder> parser(options);
    error_code ec;
    parser.write_some(false, text.data(), text.size(), ec);
    return parser.handler().duplicate;
}

} // namespace maillab::store_detail
