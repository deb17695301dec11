// The phone's words for a server that failed its check after an edit.
#include "../app/app.hpp"
#include "maillab/verify/check_result.hpp"
#include "screens.hpp"

namespace maillab::sim {

void alert_for_failed_check(App& app, const CheckResult& check, bool incoming,
                            std::function<void(App&)> save_anyway) {
    const std::string title = incoming ? "Cannot Get Mail" : "Cannot Send Mail";
    const std::string host = "\u201c" + check.host + "\u201d";
    if (check.outcome == Outcome::auth_failed && check.credentials_sent) {
        app.alert({title,
                   "The user name or password for " + host + " is incorrect.",
                   {"OK"},
                   {{true, false}},
                   {}});
        return;
    }
    std::string message =
        check.message.empty() ? "The server " + host + " is not responding." : check.message;
    app.alert({title,
               message,
               {"Cancel", "Save"},
               {{false, false}, {true, false}},
               [save_anyway](App& a, const std::string& button) {
                   if (button == "Save" && save_anyway)
                       save_anyway(a);
               }});
}

void finish_save_check(App& app, bool& verifying, bool incoming, std::function<void(App&)> commit) {
    if (!verifying)
        return;
    if (auto result = app.server_check().take_result()) {
        verifying = false;
        if (result->ok())
            commit(app);
        else
            alert_for_failed_check(app, *result, incoming, std::move(commit));
    }
}

} // namespace maillab::sim
