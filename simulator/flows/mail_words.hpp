// The phone's alerts for the Mail app: "Cannot Get Mail" and "Cannot Send Mail", in the words an
// iPhone uses (the engine's phone message, or the same words made from the outcome).
#pragma once

#include "maillab/verify/check_result.hpp"

#include <string>

namespace maillab::sim::flows {

struct MailAlert {
    std::string title;
    std::string message;
};

// The engine's words for a failed session, or words made from its outcome when it gave none.
std::string phone_words(const CheckResult& check);

MailAlert cannot_get_mail(const CheckResult& check);
// A failed password keeps the iPhone's short text; other failures say where the message went.
MailAlert cannot_send_mail(const CheckResult& check);

} // namespace maillab::sim::flows
