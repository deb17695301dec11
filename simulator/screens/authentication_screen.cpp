// Authentication: Password, MD5 Challenge-Response, NTLM, HTTP MD5 Digest (and None for SMTP).
#include "../app/app.hpp"
#include "screens.hpp"

namespace maillab::sim {
namespace {

using namespace ui;

class AuthenticationScreen final : public Screen {
  public:
    AuthenticationScreen(AuthMethod* method, bool allow_none) : method_(method), allow_none_(allow_none) {}

    std::string id() const override { return "authentication"; }
    NavBarSpec nav(const App&) const override { return {.title = "Authentication"}; }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        ui.list_begin(scroll, viewport);
        ui.section();
        ui.group_begin();
        std::vector<AuthMethod> methods{AuthMethod::password, AuthMethod::cram_md5, AuthMethod::ntlm,
                                        AuthMethod::http_md5_digest};
        if (allow_none_ || *method_ == AuthMethod::none)
            methods.push_back(AuthMethod::none);
        for (AuthMethod m : methods)
            if (ui.row_check(iphone_label(m), *method_ == m)) {
                *method_ = m;
                app.nav().pop();
            }
        ui.group_end();
        ui.list_end();
    }

  private:
    AuthMethod* method_;
    bool allow_none_;
};

} // namespace

std::unique_ptr<Screen> make_authentication_screen(AuthMethod* method, bool allow_none) {
    return std::make_unique<AuthenticationScreen>(method, allow_none);
}

} // namespace maillab::sim
