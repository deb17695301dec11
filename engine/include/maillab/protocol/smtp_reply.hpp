// SMTP replies (RFC 5321) with enhanced status codes (RFC 3463) and EHLO keywords.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillab::smtp {

struct Reply {
    int code = 0;
    std::string enhanced_status;     // "5.7.8" when present on the first line
    std::vector<std::string> lines;  // each line's text, without the code and separator
    std::string first_line;          // the first line exactly as received
    std::string joined() const;      // lines joined with " "
};

// Collects the lines of a (possibly multi-line) reply.
class ReplyReader {
  public:
    enum class Feed { need_more, complete, malformed };
    static constexpr std::size_t max_lines = 512;

    Feed feed(std::string_view line);
    const Reply& reply() const { return reply_; }
    const std::string& error() const { return error_; }

  private:
    Reply reply_;
    std::string error_;
};

// EHLO extension keywords and their parameters ("AUTH PLAIN LOGIN" → AUTH: {PLAIN, LOGIN}).
struct Extensions {
    std::vector<std::string> keywords; // upper case, in order ("STARTTLS", "AUTH", "SIZE", ...)
    std::vector<std::string> auth_mechanisms; // upper case
    bool has(std::string_view keyword) const;
    bool has_auth(std::string_view mechanism) const;
    std::vector<std::string> as_list() const; // each line as advertised, for display
    std::vector<std::string> lines;
};
Extensions parse_ehlo(const Reply& reply);

} // namespace maillab::smtp
