// Session bounds and protocol edges, spoken byte for byte over plain TCP (the STARTTLS ports
// before TLS): line length, literal size, message size, idle timeout, AUTH before TLS.
#include "lab_fixture.hpp"

#include <boost/asio/ip/tcp.hpp>

using namespace lab_test;
using boost::asio::ip::tcp;

namespace {

class Wire {
  public:
    explicit Wire(std::uint16_t port) {
        stream_.expires_after(std::chrono::seconds(15));
        stream_.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    }
    std::string line() {
        std::string text;
        std::getline(stream_, text);
        if (!text.empty() && text.back() == '\r')
            text.pop_back();
        return text;
    }
    // Reads lines until one starts with prefix; returns them all.
    std::string until(const std::string& prefix) {
        std::string all;
        for (int i = 0; i < 200 && stream_; ++i) {
            auto l = line();
            all += l + "\n";
            if (l.rfind(prefix, 0) == 0)
                break;
        }
        return all;
    }
    void send(const std::string& text) { stream_ << text << std::flush; }
    bool closed() {
        char c;
        stream_.get(c);
        return !stream_;
    }

  private:
    tcp::iostream stream_;
};

} // namespace

TEST_F(LabTest, ImapTooLongALineEndsTheSession) {
    Wire w(addresses.ports.get(Service::imap_starttls));
    EXPECT_NE(w.line().find("LOGINDISABLED"), std::string::npos);
    w.send("a1 NOOP " + std::string(20 * 1024, 'x') + "\r\n");
    EXPECT_EQ(w.line(), "* BYE Command line too long");
    EXPECT_TRUE(w.closed());
}

TEST_F(LabTest, ImapRefusesALiteralLargerThanTheLimitAndLoginBeforeTls) {
    Wire w(addresses.ports.get(Service::imap_starttls));
    w.line();
    w.send("a1 LOGIN {999999999}\r\n");
    EXPECT_NE(w.line().find("a1 NO [TOOBIG]"), std::string::npos);
    w.send("a2 LOGIN alex secret\r\n");
    EXPECT_NE(w.line().find("a2 NO [PRIVACYREQUIRED]"), std::string::npos);
    w.send("a3 AUTHENTICATE PLAIN AGFsZXgAc2VjcmV0\r\n");
    EXPECT_NE(w.line().find("a3 NO [PRIVACYREQUIRED]"), std::string::npos);
    w.send("a4 SELECT INBOX\r\n");
    EXPECT_EQ(w.line(), "a4 BAD Log in first");
    w.send("a5 FROB\r\n");
    EXPECT_EQ(w.line(), "a5 BAD Unknown command FROB");
    w.send("a6 LOGOUT\r\n");
    EXPECT_EQ(w.until("a6"), "* BYE MailLab lab IMAP server logging out\na6 OK LOGOUT completed\n");
    for (const auto& e : lab.events())
        EXPECT_NE(e.kind, maillab::lab::EventKind::login_ok);
}

TEST_F(LabTest, SmtpRefusesAuthBeforeTlsAndUnknownLabUsers) {
    Wire w(addresses.ports.get(Service::smtp_starttls));
    EXPECT_EQ(w.line().substr(0, 4), "220 ");
    w.send("EHLO wire.test\r\n");
    auto ehlo = w.until("250 ");
    EXPECT_NE(ehlo.find("STARTTLS"), std::string::npos);
    EXPECT_EQ(ehlo.find("AUTH"), std::string::npos);
    w.send("AUTH PLAIN AGFsZXgAc2VjcmV0\r\n");
    EXPECT_EQ(w.line(), "538 5.7.11 Encryption required for requested authentication mechanism");
    w.send("MAIL FROM:<someone@example.com> SIZE=999999999999\r\n");
    EXPECT_EQ(w.line().substr(0, 9), "552 5.3.4");
    w.send("MAIL FROM:<someone@example.com>\r\n");
    EXPECT_EQ(w.line(), "250 2.1.0 Ok");
    w.send("RCPT TO:<nobody@lab.maillab.test>\r\n");
    EXPECT_EQ(w.line().substr(0, 9), "550 5.1.1");
    w.send("RCPT TO:<friend@example.org>\r\n");
    EXPECT_EQ(w.line(), "554 5.7.1 <friend@example.org>: Relay access denied");
    w.send("QUIT\r\n");
    EXPECT_EQ(w.line().substr(0, 3), "221");
}

class SmallLabTest : public LabTest {
  protected:
    void customise(maillab::lab::LabOptions& options) override {
        options.max_message_bytes = 4096;
        options.idle_timeout = std::chrono::seconds(1);
    }
};

TEST_F(SmallLabTest, SmtpRefusesAMessageOverTheSizeLimitAfterData) {
    Wire w(addresses.ports.get(Service::smtp_starttls));
    w.line();
    w.send("EHLO wire.test\r\n");
    EXPECT_NE(w.until("250 ").find("250-SIZE 4096"), std::string::npos);
    w.send("MAIL FROM:<someone@example.com>\r\nRCPT TO:<alex@lab.maillab.test>\r\nDATA\r\n");
    EXPECT_EQ(w.line(), "250 2.1.0 Ok");
    EXPECT_EQ(w.line(), "250 2.1.5 Ok");
    EXPECT_EQ(w.line().substr(0, 3), "354");
    std::string body = "Subject: big\r\n\r\n";
    for (int i = 0; i < 100; ++i)
        body += std::string(70, 'y') + "\r\n";
    w.send(body + ".\r\n");
    EXPECT_EQ(w.line().substr(0, 9), "552 5.3.4");
    EXPECT_EQ(lab.mailbox_count(alex).messages, 3u);
    // A small one is delivered (without AUTH: lab recipients only, like an MX).
    w.send("MAIL FROM:<someone@example.com>\r\nRCPT TO:<alex@lab.maillab.test>\r\nDATA\r\n");
    w.line();
    w.line();
    w.line();
    w.send("Subject: small\r\n\r\n..dot\r\n.\r\n");
    EXPECT_EQ(w.line().substr(0, 9), "250 2.0.0");
    EXPECT_EQ(lab.mailbox_count(alex).messages, 4u);
}

TEST_F(SmallLabTest, AnIdleSessionIsClosed) {
    Wire imap(addresses.ports.get(Service::imap_starttls));
    Wire smtp(addresses.ports.get(Service::smtp_starttls));
    imap.line();
    smtp.line();
    EXPECT_EQ(imap.line(), "* BYE Autologout; idle for too long");
    EXPECT_EQ(smtp.line().substr(0, 9), "421 4.4.2");
    EXPECT_TRUE(imap.closed());
}

TEST_F(LabTest, Pop3RefusesPasswordsBeforeTls) {
    Wire w(addresses.ports.get(Service::pop3_starttls));
    EXPECT_EQ(w.line().substr(0, 3), "+OK");
    w.send("CAPA\r\n");
    auto capa = w.until(".");
    EXPECT_NE(capa.find("STLS"), std::string::npos);
    EXPECT_EQ(capa.find("USER"), std::string::npos);
    w.send("USER alex\r\n");
    EXPECT_NE(w.line().find("-ERR [AUTH]"), std::string::npos);
    w.send("STAT\r\n");
    EXPECT_EQ(w.line().substr(0, 4), "-ERR");
    w.send("QUIT\r\n");
    EXPECT_EQ(w.line().substr(0, 3), "+OK");
}

namespace {

// Sends `lines` after a TLS handshake (password first on stdin, then the lines).
CommandResult raw_tls(LabTest& test, const std::string& port, const std::string& ca,
                      const std::string& state_dir, const std::string& user,
                      const std::string& password, const std::string& lines) {
    auto input = std::filesystem::path(state_dir) / "raw-input";
    {
        std::ofstream out(input, std::ios::trunc);
        out << password << "\n" << lines;
    }
    ::chmod(input.c_str(), 0600);
    (void)test;
    return run("python3 " MAILLAB_LAB_CLIENT " raw 127.0.0.1 " + port + " " + ca + " " + user +
               " < " + input.string());
}

} // namespace

TEST_F(LabTest, MalformedImapCommandsGetBadAndTheSessionGoesOn) {
    const std::string lines = "a0 LOGIN LOGIN_PLACEHOLDER\n"
                              "a1 SELECT INBOX\n"
                              "a2 FETCH 1:* (BODY[\n"
                              "a3 FETCH 0 FLAGS\n"
                              "a4 FETCH 99 FLAGS\n"
                              "a5 FETCH 1 (NOSUCHITEM)\n"
                              "a6 UID FETCH\n"
                              "a7 STORE 1 +FLAGS (\\Bogus)\n"
                              "a8 SEARCH FROM\n"
                              "a9 UID COPY 1:* NoSuchBox\n"
                              "b1 APPEND INBOX {5+}\n"
                              "hello\n"
                              "b2 FETCH 1 (UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (Subject)]<0.10>)\n"
                              "b3 UID FETCH 1:* (FLAGS) extra\n"
                              "b4 LIST \"\" %\n"
                              "b5 STATUS INBOX (MESSAGES UNSEEN UIDNEXT)\n"
                              "b6 SEARCH UNSEEN SUBJECT \"lunch\"\n"
                              "b7 NOOP\n";
    auto r = raw_tls(*this, port(Service::imap_tls), ca(), state_dir.string(), alex, alex_password, lines);
    ASSERT_EQ(r.status, 0) << r.output;
    const auto& o = r.output;
    EXPECT_NE(o.find("a0 OK"), std::string::npos) << o;
    EXPECT_NE(o.find("a2 BAD"), std::string::npos) << o;
    EXPECT_NE(o.find("a3 BAD"), std::string::npos) << o;
    EXPECT_NE(o.find("a4 BAD"), std::string::npos) << o;
    EXPECT_NE(o.find("a5 BAD"), std::string::npos) << o;
    EXPECT_NE(o.find("a6 BAD"), std::string::npos) << o;
    EXPECT_NE(o.find("a7 BAD"), std::string::npos) << o;
    EXPECT_NE(o.find("a8 BAD"), std::string::npos) << o;
    EXPECT_NE(o.find("a9 NO [TRYCREATE]"), std::string::npos) << o;
    EXPECT_NE(o.find("b1 OK [APPENDUID"), std::string::npos) << o;
    EXPECT_NE(o.find("* 4 EXISTS"), std::string::npos) << o;
    EXPECT_NE(o.find("BODY[HEADER.FIELDS (Subject)]<0> {10}\r\nSubject: Y"), std::string::npos) << o;
    EXPECT_NE(o.find("b3 BAD"), std::string::npos) << o;
    EXPECT_NE(o.find("* LIST (\\HasNoChildren \\Sent) \"/\" Sent"), std::string::npos) << o;
    EXPECT_NE(o.find("* STATUS INBOX (MESSAGES 4 UNSEEN 3 UIDNEXT 5)"), std::string::npos) << o;
    EXPECT_NE(o.find("* SEARCH 2\r\n"), std::string::npos) << o;
    EXPECT_NE(o.find("b7 OK"), std::string::npos) << o;
    EXPECT_EQ(o.find("<closed>"), std::string::npos) << o;
}

TEST_F(LabTest, MalformedPop3AndSmtpCommandsAreRefusedAndTheSessionGoesOn) {
    auto pop = raw_tls(*this, port(Service::pop3_tls), ca(), state_dir.string(), alex, alex_password,
                       "USER\nPASS x\nAUTH PLAIN !!!\nAUTH PLAIN " "AGFsZXg=\nSTAT\nRETR 1\nNOOP\n");
    ASSERT_EQ(pop.status, 0) << pop.output;
    EXPECT_NE(pop.output.find("-ERR USER needs a name"), std::string::npos) << pop.output;
    EXPECT_NE(pop.output.find("-ERR USER first"), std::string::npos) << pop.output;
    EXPECT_NE(pop.output.find("-ERR Invalid SASL PLAIN response"), std::string::npos) << pop.output;
    EXPECT_EQ(pop.output.find("<closed>"), std::string::npos) << pop.output;

    auto smtp = raw_tls(*this, port(Service::smtp_tls), ca(), state_dir.string(), alex, alex_password,
                        "MAIL FROM:<a@b.c>\nEHLO x\nAUTH PLAIN !!!\nAUTH CRAM-MD5\nMAIL FROM:bad\n"
                        "RCPT TO:<sam@lab.maillab.test>\nMAIL FROM:<a@b.c>\nMAIL FROM:<a@b.c>\n"
                        "DATA\nNOOP\n");
    ASSERT_EQ(smtp.status, 0) << smtp.output;
    const auto& o = smtp.output;
    EXPECT_NE(o.find("503 5.5.1 Send EHLO first"), std::string::npos) << o;
    EXPECT_NE(o.find("501 5.5.2 Cannot decode"), std::string::npos) << o;
    EXPECT_NE(o.find("504 5.5.4"), std::string::npos) << o;
    EXPECT_NE(o.find("501 5.1.7"), std::string::npos) << o;
    EXPECT_NE(o.find("503 5.5.1 Need MAIL"), std::string::npos) << o;
    EXPECT_NE(o.find("503 5.5.1 Nested MAIL"), std::string::npos) << o;
    EXPECT_NE(o.find("554 5.5.1 No valid recipients"), std::string::npos) << o;
    EXPECT_NE(o.find("250 2.0.0 Ok"), std::string::npos) << o;
}
