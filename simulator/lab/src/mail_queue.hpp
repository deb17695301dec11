// The lab's outgoing queue: a message accepted for a lab recipient while the domain's MX does
// not lead to the lab's mail server waits here, as in a real MTA's deferred queue, until a
// change of the MX lets it through.
#pragma once

#include "maillab/lab/lab.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace maillab::lab_detail {

struct LabState;
struct MailUser;

struct QueuedMessage {
    std::string recipient; // a lab user's address
    std::string raw;       // the copy for that recipient, headers added
    std::int64_t internal_date = 0;
    std::string subject;
    lab::Service service = lab::Service::smtp_starttls; // where it was submitted
};

// Guarded by the store's lock (MailStore::lock()).
class MailQueue {
  public:
    static constexpr std::size_t max_messages = 1000;
    static constexpr std::size_t max_bytes = 64 * 1024 * 1024;

    bool has_room_for(std::size_t size) const {
        return messages_.size() < max_messages && bytes_ + size <= max_bytes;
    }
    void add(QueuedMessage message);
    std::vector<QueuedMessage> take_all();
    std::size_t size() const { return messages_.size(); }

  private:
    std::vector<QueuedMessage> messages_;
    std::size_t bytes_ = 0;
};

// With the store's lock held: into the user's INBOX (message_delivered) when the domain's MX
// leads to the lab, else into the queue (delivery_deferred, naming the MX). Events are recorded
// under the lock, so that they come in the order things happened.
void deliver_or_queue(LabState& lab, MailUser& user, QueuedMessage message);
// Takes the store's lock: delivers everything queued if the MX now leads to the lab.
void retry_queue(LabState& lab);

} // namespace maillab::lab_detail
