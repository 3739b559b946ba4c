// CHAOS class TXT queries about the server (RFC 4892 §2): id.server and
// hostname.bind give the identity, version.bind and version.server the
// version, each unless hidden. NSD answers these without AA, TTL 0, and
// refuses every other CHAOS question.
#include <array>
#include <cstring>

#include "answer_query.hh"

namespace lnsd::answer_detail {
namespace {

bool is_name(const Name& name, std::span<const uint8_t> wire) {
  if (name.wire_size() != wire.size()) return false;
  auto a = name.wire();
  for (size_t i = 0; i < wire.size(); ++i) {
    uint8_t c = a[i] >= 'A' && a[i] <= 'Z' ? uint8_t(a[i] + 32) : a[i];
    if (c != wire[i]) return false;
  }
  return true;
}

constexpr uint8_t kIdServer[] = "\002id\006server";
constexpr uint8_t kHostnameBind[] = "\010hostname\004bind";
constexpr uint8_t kVersionServer[] = "\007version\006server";
constexpr uint8_t kVersionBind[] = "\007version\004bind";

// The wire form, with its root label (the array's terminating zero).
template <size_t N>
std::span<const uint8_t> wire_of(const uint8_t (&literal)[N]) {
  return {literal, N};
}

}  // namespace

void answer_chaos(Query& q) {
  q.aa = false;
  if (q.qtype != RRType::TXT && q.qtype != RRType::ANY) {
    q.rcode = Rcode::Refused;
    q.ede = kEdeNotSupported;
    return;
  }
  const bool identity = is_name(q.qname, wire_of(kIdServer)) || is_name(q.qname, wire_of(kHostnameBind));
  const bool version = is_name(q.qname, wire_of(kVersionServer)) || is_name(q.qname, wire_of(kVersionBind));
  if (!identity && !version) {
    q.rcode = Rcode::Refused;
    q.ede = kEdeNotSupported;
    return;
  }
  if ((identity && q.config.hide_identity) || (version && q.config.hide_version)) {
    q.rcode = Rcode::Refused;
    q.ede = kEdeProhibited;
    return;
  }
  const std::string& text = identity ? q.config.identity : q.config.version;
  q.chaos_text = std::string_view(text).substr(0, 255);
  q.chaos_answer = true;
}

}  // namespace lnsd::answer_detail
