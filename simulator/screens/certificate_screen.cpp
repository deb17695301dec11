// "Cannot Verify Server Identity" → Details: the phone's Certificate sheet (the certificate's
// name, issuer, "Not Trusted" in red, expiry, More Details) with Cancel and Trust, and the More
// Details list (subject, issuer, validity, names, SHA-256 fingerprint, what is wrong). Trust pins
// exactly this certificate (its fingerprint) for this host; the engine decides, the sheet asks.
#include "../app/app.hpp"
#include "screens.hpp"

namespace maillab::sim {
namespace {

using namespace ui;

// "CN=mail.example.com,O=Example" → "mail.example.com" (the whole name when there is no CN).
std::string common_name(const std::string& distinguished_name) {
    const auto at = distinguished_name.find("CN=");
    if (at == std::string::npos)
        return distinguished_name;
    const auto start = at + 3;
    const auto end = distinguished_name.find_first_of(",/", start);
    return distinguished_name.substr(start, end == std::string::npos ? end : end - start);
}

// "2026-03-02T09:15:00Z" → "2026-03-02 09:15 UTC".
std::string readable_time(const std::string& iso) {
    if (iso.size() < 16 || iso[10] != 'T')
        return iso;
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

std::string trust_problem(const CertificateDetails& c) {
    if (c.expired)
        return "Expired";
    if (c.not_yet_valid)
        return "Not Yet Valid";
    return "Not Trusted";
}

std::string problem_sentence(const CertificateDetails& c, const std::string& host) {
    if (c.name_mismatch)
        return "This certificate was issued for other names: it does not name \u201c" + host +
               "\u201d.";
    if (c.expired)
        return "This certificate expired on " + readable_time(c.not_after) + ".";
    if (c.self_signed)
        return "This certificate is self-signed: no authority the phone trusts vouches for it.";
    if (!c.verify_error.empty())
        return "The phone cannot trust this certificate: " + c.verify_error + ".";
    return "The phone cannot trust this certificate.";
}

void draw_certificate_icon(Ui& ui, float cx, float top) {
    const Rect paper{cx - 34, top, 68, 52};
    ui.fill(paper, color::rgb(0xF7, 0xF7, 0xF9), 6);
    ui.stroke(paper, color::rgb(0xBD, 0xBD, 0xC2), 6, 1.0f);
    for (int i = 0; i < 3; ++i)
        ui.line(paper.x + 10, paper.y + 13 + 9.0f * static_cast<float>(i),
                paper.right() - (i == 2 ? 34 : 10), paper.y + 13 + 9.0f * static_cast<float>(i),
                color::rgb(0xC7, 0xC7, 0xCC), 2.0f);
    ui.circle(paper.right() - 16, paper.bottom() - 14, 10, color::orange);
    ui.circle(paper.right() - 16, paper.bottom() - 14, 6, color::rgb(0xFF, 0xB3, 0x40));
}

class CertificateDetailsScreen final : public Screen {
  public:
    CertificateDetailsScreen(std::string host, CertificateDetails certificate)
        : host_(std::move(host)), certificate_(std::move(certificate)) {}
    std::string id() const override { return "certificate-details"; }
    NavBarSpec nav(const App&) const override {
        NavBarSpec s;
        s.title = common_name(certificate_.subject);
        return s;
    }

    void body(Ui& ui, App&, const Rect& viewport) override {
        const auto& c = certificate_;
        ui.list_begin(scroll, viewport);
        ui.section("SUBJECT NAME");
        ui.group_begin();
        ui.row("Common Name", {.value = common_name(c.subject), .chevron = false});
        ui.group_end();
        ui.section("ISSUER NAME");
        ui.group_begin();
        ui.row("Common Name",
               {.value = common_name(c.issuer), .chevron = false, .id = "issuer/Common Name"});
        ui.group_end();
        ui.section("VALIDITY");
        ui.group_begin();
        ui.row("Not Valid Before", {.value = readable_time(c.not_before), .chevron = false});
        ui.row("Not Valid After", {.value = readable_time(c.not_after), .chevron = false});
        ui.group_end();
        if (!c.subject_alt_names.empty()) {
            ui.section("SUBJECT ALTERNATIVE NAMES");
            ui.group_begin();
            for (const auto& name : c.subject_alt_names)
                ui.row(name, {.chevron = false});
            ui.group_end();
        }
        ui.section("SHA-256 FINGERPRINT");
        ui.footer(c.sha256_fingerprint, color::label);
        ui.section("TRUST");
        ui.footer(problem_sentence(c, host_), color::red);
        ui.list_end();
    }

  private:
    std::string host_;
    CertificateDetails certificate_;
};

class CertificateSheet final : public Screen {
  public:
    CertificateSheet(std::string host, std::optional<CertificateDetails> certificate)
        : host_(std::move(host)), certificate_(std::move(certificate)) {}
    std::string id() const override { return "certificate"; }
    Presentation presentation() const override { return Presentation::sheet; }
    NavBarSpec nav(const App&) const override {
        NavBarSpec s;
        s.title = "Certificate";
        s.left = {"Cancel", false, true};
        s.right = {"Trust", true, certificate_.has_value()};
        return s;
    }

    void on_nav_button(App& app, bool right) override {
        app.nav().pop();
        app.add_account().press(right ? "Trust" : "Back");
    }

    bool on_escape(App& app) override {
        on_nav_button(app, false);
        return true;
    }

    void body(Ui& ui, App& app, const Rect& viewport) override {
        ui.list_begin(scroll, viewport);
        ui.section();
        ui.group_begin();
        Rect card;
        ui.row_custom("certificate-summary", 190, card);
        const float cx = card.x + card.w / 2;
        draw_certificate_icon(ui, cx, card.y + 18);
        if (certificate_) {
            const auto& c = *certificate_;
            ui.text_centered(Font::body_semibold, cx, card.y + 94, color::label,
                             common_name(c.subject));
            ui.text_centered(Font::footnote, cx, card.y + 118, color::secondary_label,
                             "Issued by " + common_name(c.issuer));
            ui.text_centered(Font::footnote_semibold, cx, card.y + 142, color::red,
                             trust_problem(c));
            ui.text_centered(Font::footnote, cx, card.y + 164, color::secondary_label,
                             (c.expired ? "Expired " : "Expires ") + readable_time(c.not_after));
        } else {
            ui.text_centered(Font::body_semibold, cx, card.y + 100, color::label, host_);
            ui.text_centered(Font::footnote, cx, card.y + 130, color::secondary_label,
                             "The server sent no certificate details");
        }
        if (certificate_ && ui.row("More Details"))
            app.nav().push(std::make_unique<CertificateDetailsScreen>(host_, *certificate_));
        ui.group_end();
        if (certificate_)
            ui.footer(problem_sentence(*certificate_, host_) +
                      " Trust it only when you know this is your provider's certificate: someone "
                      "in the middle of the connection would present one like it.");
        ui.list_end();
    }

  private:
    std::string host_;
    std::optional<CertificateDetails> certificate_;
};

} // namespace

std::unique_ptr<Screen>
make_certificate_sheet(const std::string& host,
                       const std::optional<CertificateDetails>& certificate) {
    return std::make_unique<CertificateSheet>(host, certificate);
}

} // namespace maillab::sim
