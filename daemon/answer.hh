// The answer path: query bytes in, response bytes out. A pure function of the
// query, the zones loaded and the client: no sockets, no allocation, no
// locks, no exceptions. The servers, the tests, the fuzz target and the
// benchmarks all call it (DESIGN.md, "The answer path").
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <span>

namespace lnsd {

class ZoneSet;        // the zones a server answers from (daemon/zone_set.hh)
struct AnswerConfig;  // server options that show on the wire (daemon/answer_config.hh)

enum class Transport : uint8_t { Udp, Tcp };

struct Client {
  sockaddr_storage address{};  // the peer; AF_INET or AF_INET6
  Transport transport = Transport::Udp;
};

// What to do with a query.
enum class Disposition : uint8_t {
  Send,  // send `length` bytes of the response buffer
  Drop,  // send nothing (a response, QR=1, or a message too short to answer)
};

// The zonestats group of a query no zone answered, or of a zone in none.
inline constexpr uint32_t kNoStatsGroup = UINT32_MAX;

struct AnswerResult {
  Disposition disposition = Disposition::Drop;
  size_t length = 0;
  // The zonestats group of the zone the question fell in (ZoneAccess).
  uint32_t stats_group = kNoStatsGroup;
};

struct LookupHint;  // what a batched look-up found for the query (answer_prefetch.hh)

// Builds the response to `query` in `response` (at least 65535 bytes for TCP;
// for UDP the function itself limits the size to what the client allows).
// A hint made for these query bytes and zones saves looking the question
// up again; the answer is the same with it or without.
AnswerResult answer(std::span<const uint8_t> query, const ZoneSet& zones, const AnswerConfig& config,
                    const Client& client, std::span<uint8_t> response, const LookupHint* hint = nullptr);

}  // namespace lnsd
