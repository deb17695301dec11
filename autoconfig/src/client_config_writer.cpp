// Thunderbird clientConfig v1.1 writer; pugixml does the escaping.
#include "maillab/autoconfig/client_config.hpp"
#include "xml_support.hpp"

#include <pugixml.hpp>

namespace maillab::autoconfig {

namespace {

pugi::xml_node add_element(pugi::xml_node parent, const char* name, const std::string& text) {
    pugi::xml_node element = parent.append_child(name);
    if (text.empty())
        return element;
    // Text of white space only (a password of spaces) would be dropped by a reader as
    // formatting; a CDATA section keeps it. A CR is written as "&#13;" in text, which keeps
    // the text (and the CR, which a CDATA section would turn into LF).
    const bool dropped_as_formatting =
        detail::trim_xml_space(text).empty() && text.find('\r') == std::string::npos;
    element.append_child(dropped_as_formatting ? pugi::node_cdata : pugi::node_pcdata)
        .set_value(text.c_str());
    return element;
}

void add_optional(pugi::xml_node parent, const char* name, const std::string& text) {
    if (!text.empty()) {
        add_element(parent, name, text);
    }
}

const char* bool_text(bool value) {
    return value ? "true" : "false";
}

void add_localized(pugi::xml_node parent, const char* name,
                   const std::vector<LocalizedText>& texts) {
    for (const LocalizedText& text : texts) {
        pugi::xml_node element = add_element(parent, name, text.text);
        if (!text.lang.empty()) {
            element.append_attribute("lang") = text.lang.c_str();
        }
    }
}

void add_server(pugi::xml_node provider, const ServerEntry& server, bool incoming) {
    pugi::xml_node node = provider.append_child(incoming ? "incomingServer" : "outgoingServer");
    node.append_attribute("type") = server.type.c_str();
    add_element(node, "hostname", server.hostname);
    add_element(node, "port", std::to_string(server.port));
    add_element(node, "socketType", std::string(to_string(server.socket_type)));
    for (const std::string& authentication : server.authentication) {
        add_element(node, "authentication", authentication);
    }
    add_optional(node, "username", server.username);
    if (server.password) {
        add_element(node, "password", *server.password);
    }
    if (incoming) {
        const Pop3Options& pop3 = server.pop3;
        if (pop3 != Pop3Options{}) {
            pugi::xml_node options = node.append_child("pop3");
            if (pop3.leave_messages_on_server) {
                add_element(options, "leaveMessagesOnServer",
                            bool_text(*pop3.leave_messages_on_server));
            }
            if (pop3.download_on_biff) {
                add_element(options, "downloadOnBiff", bool_text(*pop3.download_on_biff));
            }
            if (pop3.days_to_leave_messages_on_server) {
                add_element(options, "daysToLeaveMessagesOnServer",
                            std::to_string(*pop3.days_to_leave_messages_on_server));
            }
            if (pop3.check_interval_minutes) {
                options.append_child("checkInterval").append_attribute("minutes") =
                    std::to_string(*pop3.check_interval_minutes).c_str();
            }
        }
    } else {
        if (server.add_this_server) {
            add_element(node, "addThisServer", bool_text(*server.add_this_server));
        }
        if (server.use_global_preferred_server) {
            add_element(node, "useGlobalPreferredServer",
                        bool_text(*server.use_global_preferred_server));
        }
    }
}

} // namespace

std::string write_client_config(const ProviderConfig& config) {
    pugi::xml_document document = detail::new_document("UTF-8");

    pugi::xml_node root = document.append_child("clientConfig");
    root.append_attribute("version") = "1.1";
    pugi::xml_node provider = root.append_child("emailProvider");
    provider.append_attribute("id") = config.id.c_str();
    for (const std::string& domain : config.domains) {
        add_element(provider, "domain", domain);
    }
    add_optional(provider, "displayName", config.display_name);
    add_optional(provider, "displayShortName", config.display_short_name);
    for (const ServerEntry& server : config.incoming) {
        add_server(provider, server, true);
    }
    for (const ServerEntry& server : config.outgoing) {
        add_server(provider, server, false);
    }
    for (const Documentation& documentation : config.documentation) {
        pugi::xml_node node = provider.append_child("documentation");
        node.append_attribute("url") = documentation.url.c_str();
        add_localized(node, "descr", documentation.descriptions);
    }
    for (const EnableInstruction& enable : config.enable) {
        pugi::xml_node node = provider.append_child("enable");
        node.append_attribute("visiturl") = enable.visit_url.c_str();
        add_localized(node, "instruction", enable.instructions);
    }
    if (config.oauth2) {
        // Where the ISPDB puts it: a sibling of <emailProvider>.
        pugi::xml_node node = root.append_child("oAuth2");
        add_element(node, "issuer", config.oauth2->issuer);
        add_element(node, "scope", config.oauth2->scope);
        add_element(node, "authURL", config.oauth2->auth_url);
        add_element(node, "tokenURL", config.oauth2->token_url);
    }

    return detail::save_document(document);
}

} // namespace maillab::autoconfig
