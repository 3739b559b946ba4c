// A zone's apex tail (zone_set.hh), encoded once when the zone is loaded by
// the same writer and in the same order as encode_plan would encode those
// records: the NS RRset, then the address RRsets as Lookup plans them for
// the apex name servers (each (node, type) once, A before AAAA over IPv4 and
// after over IPv6).
//
// The scratch message holds only the origin as its question, so every name
// is compressed against the origin or against the tail itself. In a real
// answer the question holds the origin too (the tail is only used in the
// question's zone), and earlier records may offer more, so the general
// encoding is never longer than the tail: whenever the tail fits, so would
// each of its RRsets, and the same records go out.
#include "response.hh"

namespace lnsd::answer_detail {

namespace {

// The compression pointers of the tail's records (owners, and the names in
// NS rdata; A and AAAA rdata hold none), as offsets relative to `base`.
bool find_pointers(std::span<const uint8_t> m, size_t base, size_t origin_size, ApexTail& tail) {
  auto walk_name = [&](size_t& at) {
    while (at < m.size()) {
      const uint8_t length = m[at];
      if (length == 0) {
        ++at;
        return true;
      }
      if ((length & 0xC0) == 0xC0) {
        if (at + 2 > m.size()) return false;
        const size_t target = size_t(length & 0x3F) << 8 | m[at + 1];
        ApexTail::Pointer p{uint16_t(at - base), 0, false};
        if (target >= Header::kSize && target < Header::kSize + origin_size) {
          p.target = uint16_t(target - Header::kSize);
          p.into_origin = true;
        } else if (target >= base && target < m.size()) {
          p.target = uint16_t(target - base);
          tail.reach = std::max(tail.reach, p.target);
        } else {
          return false;
        }
        tail.pointers.push_back(p);
        at += 2;
        return true;
      }
      at += size_t(length) + 1;
    }
    return false;
  };
  size_t at = base;
  while (at < m.size()) {
    if (!walk_name(at) || at + 10 > m.size()) return false;
    const uint16_t type = uint16_t(m[at] << 8 | m[at + 1]);
    const size_t rdlength = size_t(m[at + 8]) << 8 | m[at + 9];
    at += 10;
    const size_t end = at + rdlength;
    if (end > m.size()) return false;
    if (RRType(type) == RRType::NS && (!walk_name(at) || at != end)) return false;
    at = end;
  }
  return true;
}

}  // namespace

ApexTail encode_apex_tail(const ZoneSet::Zone& zone, bool aaaa_first) {
  const db::ZoneDb* db = zone.db();
  // The root zone is left to the general encoding: its owner is the root
  // label itself, never a pointer.
  if (!db || !zone.apex_ns() || zone.origin().is_root()) return {};
  std::vector<uint8_t> scratch(65535);
  ResponseWriter w(scratch);
  if (!w.write_question(zone.origin(), RRType::NS, RRClass::IN)) return {};
  const size_t base = w.size();
  const RRClass cls = db->rr_class();
  const std::span<const uint8_t> origin = db->origin().wire();

  // The NS RRset, its owner the origin in the question (RRsetEncoder's
  // owner for the apex of the question's zone).
  uint16_t owner_at = Header::kSize;
  for (const db::RdataRef& rdata : zone.apex_ns_rdatas()) {
    uint16_t at = 0;
    if (!w.add_stored(Section::Authority, {owner_at, nullptr, {}, {}}, RRType::NS, cls, zone.apex_ns()->ttl(), rdata,
                      origin, at)) {
      return {};
    }
  }

  // The address RRsets, by section then in the order of the NS records.
  ApexTail tail;
  tail.rrsets.push_back({db->apex(), RRType::NS});
  const RRType first = aaaa_first ? RRType::AAAA : RRType::A;
  const RRType second = aaaa_first ? RRType::A : RRType::AAAA;
  for (RRType type : {first, second}) {
    for (const ZoneSet::Zone::NsAddresses& a : zone.apex_ns_addresses()) {
      const auto& rrset = type == RRType::A ? a.a : a.aaaa;
      const auto& rdatas = type == RRType::A ? a.a_rdatas : a.aaaa_rdatas;
      if (!rrset) continue;
      bool seen = false;
      for (const ApexTail::RRsetKey& k : tail.rrsets) seen = seen || (k.node == a.node && k.type == type);
      if (seen) continue;
      tail.rrsets.push_back({a.node, type});
      ResponseWriter::Owner owner = ResponseWriter::stored_owner(a.owner, origin);
      for (const db::RdataRef& rdata : rdatas) {
        uint16_t at = 0;
        if (!w.add_stored(Section::Additional, owner, type, cls, rrset->ttl(), rdata, origin, at)) return {};
        if (at <= 0x3FFF) owner = ResponseWriter::Owner{at, nullptr, {}, {}};
      }
    }
  }
  const auto counts = w.mark().counts;
  tail.authority = counts[size_t(Section::Authority)];
  tail.additional = counts[size_t(Section::Additional)];
  const std::span<const uint8_t> message(scratch.data(), w.size());
  if (!find_pointers(message, base, origin.size(), tail)) return {};
  tail.wire.assign(message.begin() + base, message.end());
  return tail;
}

}  // namespace lnsd::answer_detail
