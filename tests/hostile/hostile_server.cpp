#include "hostile_server.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <csignal>
#include <cstdlib>
#include <netinet/in.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace maillab::hostile {
namespace {

constexpr std::size_t max_command_bytes = 64 * 1024;
constexpr auto poll_slice = std::chrono::milliseconds(20);
constexpr auto give_up_after = std::chrono::seconds(20); // a client that never speaks nor leaves

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) !=
            std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

SSL_CTX* make_server_context(const TlsIdentity& identity) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx)
        throw std::runtime_error("SSL_CTX_new failed");
    BIO* cert_bio = BIO_new_mem_buf(identity.certificate_pem.data(),
                                    static_cast<int>(identity.certificate_pem.size()));
    X509* cert = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr);
    BIO_free(cert_bio);
    BIO* key_bio =
        BIO_new_mem_buf(identity.key_pem.data(), static_cast<int>(identity.key_pem.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
    BIO_free(key_bio);
    const bool ok = cert && key && SSL_CTX_use_certificate(ctx, cert) == 1 &&
                    SSL_CTX_use_PrivateKey(ctx, key) == 1;
    X509_free(cert);
    EVP_PKEY_free(key);
    if (!ok) {
        SSL_CTX_free(ctx);
        throw std::runtime_error("the test certificate or key cannot be loaded");
    }
    if (identity.tls1_0_only) {
        SSL_CTX_set_security_level(ctx, 0); // OpenSSL 3 refuses TLS 1.0 at the default level
        SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
        SSL_CTX_set_max_proto_version(ctx, TLS1_VERSION);
    }
    return ctx;
}

// One accepted connection, plain or TLS, with a line buffer.
class Peer {
  public:
    Peer(int fd, const std::atomic<bool>& stopping, std::atomic<std::size_t>& sent)
        : fd_(fd), stopping_(stopping), sent_(sent) {}
    ~Peer() {
        if (ssl_) {
            SSL_shutdown(ssl_);
            SSL_free(ssl_);
        }
        if (fd_ >= 0)
            ::close(fd_);
    }

    bool write_all(std::string_view data) {
        while (!data.empty()) {
            if (stopping_)
                return false;
            int n = 0;
            if (ssl_)
                n = SSL_write(ssl_, data.data(), static_cast<int>(data.size()));
            else
                n = static_cast<int>(::send(fd_, data.data(), data.size(), MSG_NOSIGNAL));
            if (n <= 0)
                return false;
            sent_ += static_cast<std::size_t>(n);
            data.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    // Waits until the client sent something or left; false when it left or time ran out.
    bool wait_readable() {
        if (ssl_ && SSL_pending(ssl_) > 0)
            return true;
        const auto until = std::chrono::steady_clock::now() + give_up_after;
        while (!stopping_ && std::chrono::steady_clock::now() < until) {
            pollfd p{fd_, POLLIN, 0};
            int r = ::poll(&p, 1, static_cast<int>(poll_slice.count()));
            if (r > 0)
                return true;
            if (r < 0 && errno != EINTR)
                return false;
        }
        return false;
    }

    bool fill() {
        if (!wait_readable())
            return false;
        char chunk[4096];
        int n = ssl_ ? SSL_read(ssl_, chunk, sizeof chunk)
                     : static_cast<int>(::recv(fd_, chunk, sizeof chunk, 0));
        if (n <= 0)
            return false;
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    bool read_line(std::string& line) {
        while (true) {
            auto newline = buffer_.find('\n');
            if (newline != std::string::npos) {
                line = buffer_.substr(0, newline);
                buffer_.erase(0, newline + 1);
                if (!line.empty() && line.back() == '\r')
                    line.pop_back();
                return true;
            }
            if (buffer_.size() > max_command_bytes || !fill())
                return false;
        }
    }

    bool read_bytes(std::size_t count) {
        while (buffer_.size() < count)
            if (!fill())
                return false;
        buffer_.erase(0, count);
        return true;
    }

    bool accept_tls(SSL_CTX* ctx) {
        buffer_.clear();
        ssl_ = SSL_new(ctx);
        SSL_set_fd(ssl_, fd_);
        return SSL_accept(ssl_) == 1;
    }

    void reset() {
        linger hard{1, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        if (ssl_) {
            SSL_free(ssl_);
            ssl_ = nullptr;
        }
        ::close(fd_);
        fd_ = -1;
    }

    bool sleep(std::chrono::milliseconds pause) {
        const auto until = std::chrono::steady_clock::now() + pause;
        while (std::chrono::steady_clock::now() < until) {
            if (stopping_)
                return false;
            std::this_thread::sleep_for(poll_slice);
        }
        return true;
    }

  private:
    int fd_;
    SSL* ssl_ = nullptr;
    std::string buffer_;
    const std::atomic<bool>& stopping_;
    std::atomic<std::size_t>& sent_;
};

std::string with_tag(std::string text, const std::string& tag) {
    for (auto at = text.find("$TAG"); at != std::string::npos; at = text.find("$TAG", at))
        text.replace(at, 4, tag);
    return text;
}

Action make_action(Action::Kind kind, std::string text = {}) {
    Action action;
    action.kind = kind;
    action.text = std::move(text);
    return action;
}

} // namespace

Script& Script::send(std::string text) {
    actions_.push_back(make_action(Action::Kind::send, std::move(text)));
    return *this;
}
Script& Script::expect(std::string prefix) {
    Action a = make_action(Action::Kind::expect);
    a.prefix = std::move(prefix);
    actions_.push_back(std::move(a));
    return *this;
}
Script& Script::starttls() {
    actions_.push_back(make_action(Action::Kind::starttls));
    return *this;
}
Script& Script::stall() {
    actions_.push_back(make_action(Action::Kind::stall));
    return *this;
}
Script& Script::trickle(std::string text, std::chrono::milliseconds interval) {
    Action a = make_action(Action::Kind::trickle, std::move(text));
    a.interval = interval;
    actions_.push_back(std::move(a));
    return *this;
}
Script& Script::flood_line(std::size_t bytes) {
    Action a = make_action(Action::Kind::flood_line);
    a.bytes = bytes;
    actions_.push_back(std::move(a));
    return *this;
}
Script& Script::endless(std::string line) {
    actions_.push_back(make_action(Action::Kind::endless, std::move(line)));
    return *this;
}
Script& Script::http_request() {
    actions_.push_back(make_action(Action::Kind::http_request));
    return *this;
}
Script& Script::reset() {
    actions_.push_back(make_action(Action::Kind::reset));
    return *this;
}

HostileServer::HostileServer(Script script, TlsIdentity identity)
    : script_(std::move(script)), identity_(std::move(identity)) {
    std::signal(SIGPIPE, SIG_IGN); // SSL_write to a client that left must not kill the test
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (listen_fd_ < 0 ||
        ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listen_fd_, 8) != 0)
        throw std::runtime_error("cannot listen on 127.0.0.1");
    socklen_t length = sizeof address;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
}

HostileServer::~HostileServer() {
    stopping_ = true;
    thread_.join();
    ::close(listen_fd_);
}

std::vector<std::string> HostileServer::commands() const {
    std::lock_guard lock(mutex_);
    return commands_;
}

bool HostileServer::received_command_starting_with(std::string_view prefix) const {
    std::lock_guard lock(mutex_);
    return std::any_of(commands_.begin(), commands_.end(),
                       [&](const std::string& c) { return starts_with_nocase(c, prefix); });
}

std::vector<std::string> HostileServer::mismatches() const {
    std::lock_guard lock(mutex_);
    return mismatches_;
}

void HostileServer::serve() {
    while (!stopping_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(poll_slice.count())) <= 0)
            continue;
        int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0)
            continue;
        ++connections_;
        play(fd);
    }
}

void HostileServer::play(int fd) {
    Peer peer(fd, stopping_, bytes_sent_);
    SSL_CTX* ctx = nullptr;
    std::string tag = "*";
    auto free_ctx = [&] {
        if (ctx)
            SSL_CTX_free(ctx);
    };
    for (const Action& action : script_.actions()) {
        bool go_on = true;
        switch (action.kind) {
        case Action::Kind::send:
            go_on = peer.write_all(with_tag(action.text, tag));
            break;
        case Action::Kind::expect: {
            std::string line;
            go_on = peer.read_line(line);
            if (!go_on)
                break;
            tag = line.substr(0, line.find(' '));
            std::lock_guard lock(mutex_);
            commands_.push_back(line);
            if (!starts_with_nocase(line, action.prefix))
                mismatches_.push_back("expected " + action.prefix + ", got a command starting " +
                                      line.substr(0, std::min<std::size_t>(line.size(), 12)));
            break;
        }
        case Action::Kind::starttls:
            if (!ctx)
                ctx = make_server_context(identity_);
            go_on = peer.accept_tls(ctx);
            if (go_on)
                tls_established_ = true;
            break;
        case Action::Kind::stall: { // answer nothing; record what comes until the client leaves
            std::string line;
            while (peer.read_line(line)) {
                std::lock_guard lock(mutex_);
                commands_.push_back(line);
            }
            go_on = false;
            break;
        }
        case Action::Kind::trickle:
            for (char c : action.text) {
                if (!peer.write_all(std::string_view(&c, 1)) || !peer.sleep(action.interval)) {
                    go_on = false;
                    break;
                }
            }
            break;
        case Action::Kind::flood_line: {
            const std::string chunk(64 * 1024, 'A');
            for (std::size_t sent = 0; go_on && sent < action.bytes; sent += chunk.size())
                go_on = peer.write_all(chunk);
            break;
        }
        case Action::Kind::endless:
            while (peer.write_all(action.text)) {
            }
            go_on = false;
            break;
        case Action::Kind::http_request: {
            std::string line;
            std::size_t body = 0;
            while ((go_on = peer.read_line(line)) && !line.empty()) {
                if (starts_with_nocase(line, "content-length:"))
                    body = std::strtoul(line.c_str() + 15, nullptr, 10);
                std::lock_guard lock(mutex_);
                commands_.push_back(line);
            }
            go_on = go_on && body <= max_command_bytes && peer.read_bytes(body);
            break;
        }
        case Action::Kind::reset:
            peer.reset();
            go_on = false;
            break;
        }
        if (!go_on)
            break;
    }
    free_ctx();
}

} // namespace maillab::hostile
