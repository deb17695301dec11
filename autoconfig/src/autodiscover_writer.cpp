// Autodiscover POX writers: the request a client POSTs and a response document with given
// settings. pugixml does the escaping.
#include "maillab/autoconfig/autodiscover.hpp"
#include "maillab/autoconfig/placeholders.hpp"
#include "xml_support.hpp"

#include <algorithm>
#include <array>
#include <pugixml.hpp>

namespace maillab::autoconfig {

namespace {

constexpr const char* request_namespace =
    "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
constexpr const char* response_namespace =
    "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
constexpr const char* outlook_response_namespace =
    "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

void add_element(pugi::xml_node parent, const char* name, const std::string& text) {
    parent.append_child(name).append_child(pugi::node_pcdata).set_value(text.c_str());
}

// Methods the reader maps from <SPA>on</SPA>: Secure Password Authentication is NTLM/Kerberos.
bool uses_spa(const ServerEntry& server) {
    constexpr std::array<std::string_view, 4> spa{"password-encrypted", "NTLM", "GSSAPI", "secure"};
    return !server.authentication.empty() &&
           std::ranges::find(spa, server.authentication.front()) != spa.end();
}

void add_protocol(pugi::xml_node account, const ServerEntry& server, const AddressParts& address,
                  bool expand) {
    const auto concrete = [&](const std::string& text) {
        return expand ? expand_placeholders(text, address) : text;
    };
    std::string type = server.type;
    std::ranges::transform(type, type.begin(), [](char c) {
        return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    });

    pugi::xml_node protocol = account.append_child("Protocol");
    add_element(protocol, "Type", type);
    add_element(protocol, "Server", concrete(server.hostname));
    add_element(protocol, "Port", std::to_string(server.port));
    add_element(protocol, "DomainRequired", "off");
    // No <LoginName> means "the email address" to the reader, so that placeholder stays one.
    if (!server.username.empty() && server.username != "%EMAILADDRESS%") {
        add_element(protocol, "LoginName", concrete(server.username));
    }
    add_element(protocol, "SPA", uses_spa(server) ? "on" : "off");
    // <SSL> for readers of the 2006a schema; <Encryption> (which wins where it is understood)
    // says which kind of TLS is meant.
    const bool tls = server.socket_type != SocketType::plain;
    add_element(protocol, "SSL", tls ? "on" : "off");
    add_element(protocol, "Encryption",
                server.socket_type == SocketType::plain ? "None"
                : server.socket_type == SocketType::ssl ? "SSL"
                                                        : "TLS");
    const bool no_authentication =
        !server.authentication.empty() && server.authentication.front() == "none";
    add_element(protocol, "AuthRequired", no_authentication ? "off" : "on");
}

} // namespace

std::string write_autodiscover_request(std::string_view email_address) {
    pugi::xml_document document = detail::new_document("utf-8");
    pugi::xml_node root = document.append_child("Autodiscover");
    root.append_attribute("xmlns") = request_namespace;
    pugi::xml_node request = root.append_child("Request");
    add_element(request, "EMailAddress", std::string(email_address));
    add_element(request, "AcceptableResponseSchema", outlook_response_namespace);
    return detail::save_document(document);
}

std::string write_autodiscover_response(const ProviderConfig& config,
                                        std::string_view email_address) {
    // A response is for one user: placeholders are replaced with that user's address parts.
    AddressParts address{email_address, {}, {}};
    const std::size_t at = email_address.rfind('@');
    const bool expand = at != std::string_view::npos;
    if (expand) {
        address.local_part = email_address.substr(0, at);
        address.domain = email_address.substr(at + 1);
    }

    pugi::xml_document document = detail::new_document("utf-8");
    pugi::xml_node root = document.append_child("Autodiscover");
    root.append_attribute("xmlns") = response_namespace;
    pugi::xml_node response = root.append_child("Response");
    response.append_attribute("xmlns") = outlook_response_namespace;
    if (!email_address.empty()) {
        add_element(response.append_child("User"), "AutoDiscoverSMTPAddress",
                    std::string(email_address));
    }
    pugi::xml_node account = response.append_child("Account");
    add_element(account, "AccountType", "email");
    add_element(account, "Action", "settings");
    for (const ServerEntry& server : config.incoming) {
        add_protocol(account, server, address, expand);
    }
    for (const ServerEntry& server : config.outgoing) {
        add_protocol(account, server, address, expand);
    }
    return detail::save_document(document);
}

} // namespace maillab::autoconfig
