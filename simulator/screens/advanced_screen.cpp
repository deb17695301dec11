// Account › Advanced: INCOMING SETTINGS (Use SSL, Authentication, IMAP Path Prefix, Server Port),
// Delete from server for POP, S/MIME. Edits the account screen's draft (saved with its Done).
#include "../app/app.hpp"
#include "screens.hpp"

namespace maillab::sim {
namespace {

using namespace ui;

class AdvancedScreen final : public Screen {
  public:
    explicit AdvancedScreen(Account* draft) : draft_(draft) {}

    std::string id() const override { return "advanced"; }
    NavBarSpec nav(const App&) const override { return {.title = "Advanced"}; }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        IncomingServer& in = draft_->incoming;
        const bool pop = in.protocol == IncomingProtocol::pop3;
        if (port_text_.empty() && in.server.port)
            port_text_ = std::to_string(in.server.port);
        ui.list_begin(scroll, viewport);
        if (pop) {
            ui.section("DELETED MESSAGES");
            ui.group_begin();
            const char* policy = in.pop_delete == PopDeletePolicy::never ? "Never"
                                 : in.pop_delete == PopDeletePolicy::after_seven_days ? "Seven days"
                                                                                      : "When removed from Inbox";
            if (ui.row("Delete from server", {.value = policy}))
                in.pop_delete = in.pop_delete == PopDeletePolicy::never ? PopDeletePolicy::after_seven_days
                                : in.pop_delete == PopDeletePolicy::after_seven_days
                                    ? PopDeletePolicy::when_removed_from_inbox
                                    : PopDeletePolicy::never;
            ui.group_end();
        }
        ui.section("INCOMING SETTINGS");
        ui.group_begin();
        bool ssl = in.server.security == Security::tls;
        if (ui.row_switch("Use SSL", ssl)) {
            in.server.security = ssl ? Security::tls : Security::starttls;
            in.server.port = default_port(in.protocol, in.server.security);
            port_text_ = std::to_string(in.server.port);
        }
        if (ui.row("Authentication", {.value = iphone_label(in.server.auth)}))
            app.nav().push(make_authentication_screen(&in.server.auth, false));
        if (!pop)
            ui.row_field("IMAP Path Prefix", in.imap_path_prefix, {.placeholder = "/"});
        if (ui.row_field("Server Port", port_text_, {.placeholder = "993", .numeric = true})) {
            const long port = port_text_.empty() || port_text_.size() > 5 ? 0 : std::stol(port_text_);
            in.server.port = static_cast<std::uint16_t>(port > 0 && port < 65536 ? port : 0);
        }
        ui.group_end();

        ui.section("S/MIME");
        ui.group_begin();
        ui.row_switch("Sign", sign_);
        ui.row_switch("Encrypt by Default", encrypt_);
        ui.group_end();
        ui.list_end();
    }

  private:
    Account* draft_;
    std::string port_text_;
    bool sign_ = false;
    bool encrypt_ = false;
};

} // namespace

std::unique_ptr<Screen> make_advanced_screen(Account* draft) { return std::make_unique<AdvancedScreen>(draft); }

} // namespace maillab::sim
