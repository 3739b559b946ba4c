#include "stats.hh"

#include "dns/wire.hh"

namespace lnsd {
namespace {

constexpr size_t kHeaderSize = 12;

// The QTYPE of the first question, or -1 when the question cannot be read.
// Queries carry no compression in their question (nothing precedes it), so
// a pointer ends the walk as a malformed name would.
int first_qtype(std::span<const uint8_t> query) {
  WireReader reader(query);
  reader.skip(4);
  uint16_t qdcount = reader.u16();
  if (!reader.ok() || qdcount == 0) return -1;
  reader.skip(kHeaderSize - 6);
  for (int labels = 0; labels < 128; ++labels) {
    uint8_t length = reader.u8();
    if (!reader.ok() || length > 63) return -1;
    if (length == 0) {
      uint16_t qtype = reader.u16();
      return reader.ok() ? int(qtype) : -1;
    }
    reader.skip(length);
  }
  return -1;
}

template <class Stats>
void count_transport(Stats& stats, const Client& client) {
  bool v6 = client.address.ss_family == AF_INET6;
  if (client.transport == Transport::Udp) {
    bump(v6 ? stats.udp6 : stats.udp4);
  } else {
    bump(v6 ? stats.tcp6 : stats.tcp4);
  }
}

template <class Stats>
void count_response(Stats& stats, const AnswerResult& result, std::span<const uint8_t> response) {
  if (result.disposition != Disposition::Send || result.length < 4 || result.length > response.size()) {
    bump(stats.dropped);
    return;
  }
  bump(stats.rcode[response[3] & 0x0F]);
  if (response[2] & 0x02) bump(stats.truncated);
}

// What ServerStats and ZoneStats both count: rcodes, transports,
// truncated and dropped answers.
template <class Totals, class Stats>
void add_response_counters(Totals& totals, const Stats& stats) {
  for (size_t i = 0; i < 16; ++i) totals.rcode[i] += value_of(stats.rcode[i]);
  totals.udp4 += value_of(stats.udp4);
  totals.udp6 += value_of(stats.udp6);
  totals.tcp4 += value_of(stats.tcp4);
  totals.tcp6 += value_of(stats.tcp6);
  totals.truncated += value_of(stats.truncated);
  totals.dropped += value_of(stats.dropped);
}

}  // namespace

void count_query(ServerStats& stats, std::span<const uint8_t> query, const Client& client,
                 const AnswerResult& result, std::span<const uint8_t> response) {
  bump(stats.queries);
  count_transport(stats, client);
  if (query.size() >= 3) bump(stats.opcode[(query[2] >> 3) & 0x0F]);
  int qtype = first_qtype(query);
  if (qtype < 0) {
    bump(stats.malformed);
  } else if (qtype < 256) {
    bump(stats.qtype[qtype]);
  } else {
    bump(stats.qtype_high);
  }
  count_response(stats, result, response);
}

void count_zone_query(ZoneStats& stats, const Client& client, const AnswerResult& result,
                      std::span<const uint8_t> response) {
  bump(stats.queries);
  count_transport(stats, client);
  count_response(stats, result, response);
}

void add_to(StatsTotals& totals, const ServerStats& stats) {
  totals.queries += value_of(stats.queries);
  for (size_t i = 0; i < 256; ++i) totals.qtype[i] += value_of(stats.qtype[i]);
  totals.qtype_high += value_of(stats.qtype_high);
  totals.malformed += value_of(stats.malformed);
  for (size_t i = 0; i < 16; ++i) totals.opcode[i] += value_of(stats.opcode[i]);
  add_response_counters(totals, stats);
  totals.send_failed += value_of(stats.send_failed);
  totals.tcp_accepted += value_of(stats.tcp_accepted);
  totals.tcp_closed_idle += value_of(stats.tcp_closed_idle);
  totals.tcp_evicted += value_of(stats.tcp_evicted);
  totals.tcp_refused += value_of(stats.tcp_refused);
  totals.reloads += value_of(stats.reloads);
}

void add_to(ZoneStatsTotals& totals, const ZoneStats& stats) {
  totals.queries += value_of(stats.queries);
  add_response_counters(totals, stats);
}

}  // namespace lnsd
