// The command channel between main and each child: a SOCK_SEQPACKET socket
// pair carrying fixed-size messages. Message boundaries are kept by the
// kernel, so a reader never sees half a command. A child that reads end of
// file knows main is gone and exits: no orphan keeps serving stale data.
#pragma once

#include <cstdint>
#include <utility>

#include "unique_fd.hh"
#include "util/expected.hh"

namespace lnsd {

enum class ChannelCommand : uint32_t {
  Publish = 1,    // value: the zone generation to switch to
  ReopenLog = 2,  // SIGHUP: reopen the log file
  Shutdown = 3,   // stop serving and exit (tests; main uses SIGTERM)
};

struct ChannelMessage {
  ChannelCommand command{};
  uint32_t reserved = 0;
  uint64_t value = 0;
};

struct ChannelPair {
  UniqueFd main_end;
  UniqueFd child_end;
};

Expected<ChannelPair, Error> make_channel();

// Never blocks: a child that does not read its channel must not stall main.
bool send_message(int fd, const ChannelMessage& message);

enum class ReceiveStatus : uint8_t { Message, Empty, Closed };
ReceiveStatus receive_message(int fd, ChannelMessage& message);

}  // namespace lnsd
