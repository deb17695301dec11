#include "mail_queue.hpp"

#include "lab_state.hpp"

#include <utility>

namespace maillab::lab_detail {

void MailQueue::add(QueuedMessage message) {
    bytes_ += message.raw.size();
    messages_.push_back(std::move(message));
}

std::vector<QueuedMessage> MailQueue::take_all() {
    bytes_ = 0;
    return std::exchange(messages_, {});
}

void deliver_or_queue(LabState& lab, MailUser& user, QueuedMessage message) {
    const std::string reason = lab.zone.undeliverable_reason();
    if (!reason.empty()) {
        lab.event(message.service, lab::EventKind::delivery_deferred, user.address,
                  reason + "; kept in the queue");
        lab.queue.add(std::move(message));
        return;
    }
    user.mailbox("INBOX")->add(std::move(message.raw), message.internal_date, {});
    lab.event(message.service, lab::EventKind::message_delivered, user.address, message.subject);
}

void retry_queue(LabState& lab) {
    auto lock = lab.store.lock();
    if (lab.queue.size() == 0 || !lab.zone.undeliverable_reason().empty())
        return;
    for (auto& message : lab.queue.take_all()) {
        if (auto* user = lab.store.user(message.recipient))
            deliver_or_queue(lab, *user, std::move(message));
    }
}

} // namespace maillab::lab_detail
