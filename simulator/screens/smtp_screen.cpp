// Account › SMTP: PRIMARY SERVER (host, On/Off), OTHER SMTP SERVERS, Add Server….
#include "../app/app.hpp"
#include "screens.hpp"

namespace maillab::sim {
namespace {

using namespace ui;

class SmtpScreen final : public Screen {
  public:
    explicit SmtpScreen(std::size_t index) : index_(index) {}

    std::string id() const override { return "smtp"; }
    NavBarSpec nav(const App&) const override { return {.title = "SMTP"}; }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        ui.list_begin(scroll, viewport);
        const auto& accounts = app.device().device().accounts;
        if (index_ < accounts.size()) {
            const Account& a = accounts[index_];
            ui.section("PRIMARY SERVER");
            ui.group_begin();
            const std::string host = a.primary_smtp.server.host.empty() ? "Not Configured" : a.primary_smtp.server.host;
            if (ui.row(host, {.value = a.primary_smtp.enabled ? "On" : "Off", .id = "primary-server"}))
                app.nav().push(make_smtp_server_screen(index_, -1));
            ui.group_end();

            ui.section("OTHER SMTP SERVERS");
            ui.group_begin();
            for (std::size_t i = 0; i < a.other_smtp.size(); ++i) {
                const auto& s = a.other_smtp[i];
                if (ui.row(s.server.host, {.value = s.enabled ? "On" : "Off"}))
                    app.nav().push(make_smtp_server_screen(index_, static_cast<int>(i)));
            }
            if (ui.row("Add Server\u2026"))
                app.nav().push(make_smtp_server_screen(index_, new_smtp_server));
            ui.group_end();
            ui.footer("If Mail is unsuccessful using the primary server, it will try the other SMTP "
                      "servers in succession.");
        }
        ui.list_end();
    }

  private:
    std::size_t index_;
};

} // namespace

std::unique_ptr<Screen> make_smtp_screen(std::size_t account) { return std::make_unique<SmtpScreen>(account); }

} // namespace maillab::sim
