// The lab's protocol log (the trainer console's live log): every exchange is there, and no
// password is, in any form a client may send it.
#include "../../simulator/lab/src/protocol_log.hpp"
#include "lab_fixture.hpp"
#include "maillab/verify/verify.hpp"

using namespace lab_test;
using maillab::lab_detail::redact_client_command;

namespace {

std::string base64(std::string_view data) {
    static constexpr char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(data[i]) << 16) |
                           (static_cast<unsigned char>(data[i + 1]) << 8) |
                           static_cast<unsigned char>(data[i + 2]);
        out += {digits[v >> 18], digits[(v >> 12) & 63], digits[(v >> 6) & 63], digits[v & 63]};
    }
    if (i + 1 == data.size()) {
        const unsigned v = static_cast<unsigned char>(data[i]) << 16;
        out += {digits[v >> 18], digits[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == data.size()) {
        const unsigned v = (static_cast<unsigned char>(data[i]) << 16) |
                           (static_cast<unsigned char>(data[i + 1]) << 8);
        out += {digits[v >> 18], digits[(v >> 12) & 63], digits[(v >> 6) & 63], '='};
    }
    return out;
}

maillab::ServerSettings server(std::uint16_t port, maillab::Security security) {
    maillab::ServerSettings s;
    s.host = "127.0.0.1";
    s.port = port;
    s.security = security;
    s.username = alex;
    s.password = alex_password;
    return s;
}

} // namespace

class LabProtocolLogTest : public LabTest {
  protected:
    std::string whole_log() const {
        std::string out;
        for (const auto& line : lab.protocol_log())
            out += line.protocol + (line.from_client ? " C: " : " S: ") + line.text + "\n";
        return out;
    }
    void expect_no_password(const std::string& log) const {
        const std::string plain = std::string(1, '\0') + alex + '\0' + alex_password;
        for (const std::string& secret :
             {alex_password, base64(alex_password), base64(plain),
              base64(std::string(1, '\0') + "alex" + '\0' + alex_password)})
            EXPECT_EQ(log.find(secret), std::string::npos) << "found a secret in:\n" << log;
    }
    maillab::VerifyOptions options(const std::string& mechanism = {}) const {
        maillab::VerifyOptions o;
        o.net.ca_file = addresses.ca_file.string();
        o.net.timeout = std::chrono::seconds(20);
        o.net.preferred_password_mechanism = mechanism;
        return o;
    }
    maillab::Account account(Service incoming, maillab::Security in_security,
                             maillab::IncomingProtocol protocol, Service outgoing,
                             maillab::Security out_security) const {
        maillab::Account a;
        a.email = alex;
        a.incoming.protocol = protocol;
        a.incoming.server = server(addresses.ports.get(incoming), in_security);
        a.primary_smtp.server = server(addresses.ports.get(outgoing), out_security);
        return a;
    }
};

TEST(ProtocolLogRedaction, LoginCommandsKeepTheVerbAndUserNameOnly) {
    EXPECT_EQ(redact_client_command("a1 LOGIN alex secret"), "a1 LOGIN alex [hidden]");
    EXPECT_EQ(redact_client_command("a1 login \"alex\" \"se cret\""), "a1 login \"alex\" [hidden]");
    EXPECT_EQ(redact_client_command("a2 AUTHENTICATE PLAIN AGFsZXgAc2VjcmV0"),
              "a2 AUTHENTICATE PLAIN [hidden]");
    EXPECT_EQ(redact_client_command("a2 AUTHENTICATE PLAIN"), "a2 AUTHENTICATE PLAIN");
    EXPECT_EQ(redact_client_command("AUTH PLAIN AGFsZXgAc2VjcmV0"), "AUTH PLAIN [hidden]");
    EXPECT_EQ(redact_client_command("AUTH LOGIN YWxleA=="), "AUTH LOGIN [hidden]");
    EXPECT_EQ(redact_client_command("PASS secret with spaces"), "PASS [hidden]");
    EXPECT_EQ(redact_client_command("APOP alex 0123456789abcdef"), "APOP alex [hidden]");
    EXPECT_EQ(redact_client_command("Authorization: Basic YWxleDpzZWNyZXQ="),
              "Authorization: Basic [hidden]");
    EXPECT_EQ(redact_client_command("USER alex"), "USER alex");
    EXPECT_EQ(redact_client_command("LOGIN alex secret"), "LOGIN alex [hidden]");
    EXPECT_EQ(redact_client_command("Authorization:Basic YWxleDpzZWNyZXQ="),
              "Authorization: Basic [hidden]");
    EXPECT_EQ(redact_client_command("a3 SELECT INBOX"), "a3 SELECT INBOX");
}

TEST(ProtocolLogRedaction, AnAnswerToAChallengeIsHiddenWhole) {
    maillab::lab_detail::ProtocolLog log;
    maillab::lab_detail::ConnectionLog smtp(log, "smtp");
    smtp.client_line("AUTH LOGIN");
    smtp.server_data("334 VXNlcm5hbWU6\r\n");
    smtp.client_line("YWxleA==");
    smtp.server_data("334 UGFzc3dvcmQ6\r\n");
    smtp.client_line("c2VjcmV0");
    smtp.server_data("235 2.7.0 Authentication successful\r\n");
    smtp.client_line("DATA");
    smtp.server_data("354 End data with <CR><LF>.<CR><LF>\r\n");
    smtp.client_line("Subject: hello");
    smtp.client_line("");
    smtp.client_line("body");
    smtp.client_line(".");
    std::vector<std::string> texts;
    for (const auto& line : log.after(0))
        texts.push_back((line.from_client ? "C: " : "S: ") + line.text);
    EXPECT_EQ(texts, (std::vector<std::string>{"C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6",
                                               "C: [hidden]", "S: 334 UGFzc3dvcmQ6", "C: [hidden]",
                                               "S: 235 2.7.0 Authentication successful", "C: DATA",
                                               "S: 354 End data with <CR><LF>.<CR><LF>",
                                               "C: [message text: 3 lines]", "C: ."}));
}

TEST(ProtocolLogRedaction, APasswordAfterAnImapLiteralIsHidden) {
    // What the engine sends for a user name that is not 7-bit ASCII (LITERAL+).
    maillab::lab_detail::ProtocolLog log;
    maillab::lab_detail::ConnectionLog imap(log, "imap");
    imap.client_line("a1 LOGIN {6+}");
    imap.client_bytes(6);
    imap.client_line(" \"secret-password\"");
    imap.server_data("a1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
    imap.client_line("a2 LOGIN {6+}");
    imap.client_bytes(6);
    imap.client_line(" {15+}");
    imap.client_bytes(15);
    imap.client_line("");
    imap.client_line("a3 LOGOUT");
    std::vector<std::string> texts;
    for (const auto& line : log.after(0))
        texts.push_back(line.text);
    EXPECT_EQ(texts,
              (std::vector<std::string>{"a1 LOGIN {6+}", "[literal: 6 bytes]", "[hidden]",
                                        "a1 NO [AUTHENTICATIONFAILED] Authentication failed.",
                                        "a2 LOGIN {6+}", "[literal: 6 bytes]", "[hidden]",
                                        "[literal: 15 bytes]", "[hidden]", "a3 LOGOUT"}));
}

TEST(ProtocolLogRedaction, PopStatusLinesAreNotChallenges) {
    maillab::lab_detail::ProtocolLog log;
    maillab::lab_detail::ConnectionLog pop(log, "pop3");
    pop.server_data("+OK ready\r\n");
    pop.client_line("USER alex");
    EXPECT_EQ(log.after(0).back().text, "USER alex");
}

TEST(ProtocolLogRedaction, ALongReplyShowsItsFirstLinesAndASize) {
    maillab::lab_detail::ProtocolLog log;
    maillab::lab_detail::ConnectionLog imap(log, "imap");
    imap.server_data("* 1 FETCH\r\nline\r\nline\r\nline\r\nline\r\nline\r\na OK done\r\n");
    const auto lines = log.after(0);
    ASSERT_EQ(lines.size(), 5u);
    EXPECT_EQ(lines.back().text, "[3 more lines, 23 bytes]");
}

TEST_F(LabProtocolLogTest, EngineLoginsWithPlainAndLoginLeaveNoPasswordInTheLog) {
    for (const std::string mechanism : {"", "LOGIN"}) {
        auto imap = maillab::verify_account(
            account(Service::imap_tls, maillab::Security::tls, maillab::IncomingProtocol::imap,
                    Service::smtp_starttls, maillab::Security::starttls),
            options(mechanism));
        EXPECT_TRUE(imap.ok()) << imap.incoming.message << " / " << imap.outgoing.message;
        auto pop = maillab::verify_account(
            account(Service::pop3_starttls, maillab::Security::starttls,
                    maillab::IncomingProtocol::pop3, Service::smtp_tls, maillab::Security::tls),
            options(mechanism));
        EXPECT_TRUE(pop.ok()) << pop.incoming.message << " / " << pop.outgoing.message;
    }
    const std::string log = whole_log();
    EXPECT_NE(log.find("imap C: "), std::string::npos);
    EXPECT_NE(log.find("pop3 S: +OK"), std::string::npos);
    EXPECT_NE(log.find("smtp S: 235"), std::string::npos);
    EXPECT_NE(log.find("[TLS handshake done]"), std::string::npos);
    expect_no_password(log);
}

TEST_F(LabProtocolLogTest, ANonAsciiUserNameSentAsALiteralLeavesNoPasswordInTheLog) {
    auto a = account(Service::imap_tls, maillab::Security::tls, maillab::IncomingProtocol::imap,
                     Service::smtp_tls, maillab::Security::tls);
    a.incoming.server.username = "\xC3\xA4lex@lab.maillab.test"; // älex: an IMAP literal
    auto report = maillab::verify_account(a, options("LOGIN"));
    EXPECT_FALSE(report.incoming.ok());
    const std::string log = whole_log();
    EXPECT_NE(log.find("[literal: "), std::string::npos) << log;
    expect_no_password(log);
}

TEST_F(LabProtocolLogTest, ThirdPartyClientsLeaveNoPasswordInTheLog) {
    for (auto [protocol, service] :
         {std::pair{"imap", Service::imap_tls}, std::pair{"pop3", Service::pop3_tls},
          std::pair{"smtp", Service::smtp_starttls}}) {
        auto r = python_client(protocol, service, alex, alex_password,
                               service == Service::smtp_starttls ? "starttls " + sam : "");
        EXPECT_EQ(r.status, 0) << r.output;
    }
    const std::string log = whole_log();
    EXPECT_NE(log.find("LOGIN"), std::string::npos);
    EXPECT_NE(log.find("[message text:"), std::string::npos);
    expect_no_password(log);
}
