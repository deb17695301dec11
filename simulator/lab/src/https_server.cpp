// The lab's HTTPS autoconfig server: a minimal HTTP/1.1 responder (one request per connection)
// for GET /mail/config-v1.1.xml and /.well-known/autoconfig/mail/config-v1.1.xml (404 when the
// lab is not discoverable).
#include "lab_state.hpp"

namespace maillab::lab_detail {
namespace {

std::string xml_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string server_xml(const char* element, const char* type, const std::string& host,
                       std::uint16_t port, const char* socket_type) {
    return std::string("    <") + element + " type=\"" + type + "\">\n" + "      <hostname>" +
           xml_escape(host) + "</hostname>\n" + "      <port>" + std::to_string(port) +
           "</port>\n" + "      <socketType>" + socket_type + "</socketType>\n" +
           "      <authentication>password-cleartext</authentication>\n" +
           "      <username>%EMAILADDRESS%</username>\n" + "    </" + element + ">\n";
}

std::string client_config(const LabState& lab) {
    using lab::Service;
    const auto port = [&lab](Service service) {
        return lab.options.advertise_host_names ? lab::standard_port(service)
                                                : lab.ports.get(service);
    };
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<clientConfig version=\"1.1\">\n";
    xml += "  <emailProvider id=\"" + xml_escape(lab.domain) + "\">\n";
    xml += "    <domain>" + xml_escape(lab.domain) + "</domain>\n";
    xml += "    <displayName>MailLab Lab</displayName>\n    "
           "<displayShortName>Lab</displayShortName>\n";
    xml +=
        server_xml("incomingServer", "imap", lab.advertised_imap, port(Service::imap_tls), "SSL");
    xml += server_xml("incomingServer", "imap", lab.advertised_imap, port(Service::imap_starttls),
                      "STARTTLS");
    xml +=
        server_xml("incomingServer", "pop3", lab.advertised_pop3, port(Service::pop3_tls), "SSL");
    xml += server_xml("incomingServer", "pop3", lab.advertised_pop3, port(Service::pop3_starttls),
                      "STARTTLS");
    xml +=
        server_xml("outgoingServer", "smtp", lab.advertised_smtp, port(Service::smtp_tls), "SSL");
    xml += server_xml("outgoingServer", "smtp", lab.advertised_smtp, port(Service::smtp_starttls),
                      "STARTTLS");
    xml += "  </emailProvider>\n</clientConfig>\n";
    return xml;
}

std::string response(int status, const char* reason, const std::string& content_type,
                     const std::string& body, bool head) {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
    out += "Server: MailLab-lab\r\nConnection: close\r\nCache-Control: no-store\r\n";
    out += "Content-Type: " + content_type + "\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    if (!head)
        out += body;
    return out;
}

} // namespace

asio::awaitable<void> run_https(std::shared_ptr<LabState> lab, tcp::socket socket,
                                lab::Service service) {
    SessionLimits limits = lab->limits;
    limits.max_line = 8 * 1024;
    limits.max_session_bytes = 64 * 1024;
    limits.idle = std::min(limits.idle, std::chrono::seconds(30));
    Transport transport(std::move(socket), limits, lab->delay_ms);
    ConnectionLog log(lab->protocol_log, "https");
    transport.set_log(&log);
    if (!co_await open_session(*lab, transport, service))
        co_return;
    auto request_line = co_await transport.read_line();
    if (!request_line)
        co_return;
    for (int headers = 0;; ++headers) {
        auto header = co_await transport.read_line();
        if (!header || headers > 100)
            co_return;
        if (header->empty())
            break;
    }
    std::string method = request_line->substr(0, request_line->find(' '));
    auto target_start = request_line->find(' ');
    auto target_end = request_line->rfind(' ');
    std::string target = target_start != std::string::npos && target_end > target_start
                             ? request_line->substr(target_start + 1, target_end - target_start - 1)
                             : std::string{};
    std::string path = target.substr(0, target.find('?'));
    std::string reply;
    const bool head = method == "HEAD";
    if (method != "GET" && !head) {
        reply = response(405, "Method Not Allowed", "text/plain", "GET only\n", false);
    } else if (lab->discoverable.load() &&
               (path == "/mail/config-v1.1.xml" ||
                path == "/.well-known/autoconfig/mail/config-v1.1.xml")) {
        std::string body = client_config(*lab);
        reply = response(200, "OK", "application/xml; charset=utf-8", body, head);
        lab->event(service, lab::EventKind::autoconfig_served, {}, path);
    } else {
        reply = response(404, "Not Found", "text/plain", "not found\n", head);
    }
    co_await transport.write(reply);
    transport.close();
}

} // namespace maillab::lab_detail
