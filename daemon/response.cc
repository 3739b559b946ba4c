#include "response.hh"

#include <algorithm>
#include <cstring>

namespace lnsd::answer_detail {
namespace {

constexpr size_t kMaxPointerTarget = 0x3FFF;  // 14 bits (RFC 1035 §4.1.4)

uint8_t ascii_lower(uint8_t c) { return c >= 'A' && c <= 'Z' ? uint8_t(c + 32) : c; }

// NSD stops adding optional records to a UDP response once it is larger
// than these (the EDNS buffer sizes of DNS flag day 2020).
constexpr size_t kMinimalResponseV4 = 1232;
constexpr size_t kMinimalResponseV6 = 1220;

size_t minimal_response_size(const Query& q) { return q.ipv6() ? kMinimalResponseV6 : kMinimalResponseV4; }

Section wire_section(PlanSection s) {
  switch (s) {
    case PlanSection::Answer: return Section::Answer;
    case PlanSection::Authority:
    case PlanSection::OptionalAuthority: return Section::Authority;
    default: return Section::Additional;
  }
}

}  // namespace

void ResponseWriter::write_header(uint16_t id, uint16_t flags) {
  Header h;
  h.id = id;
  h.flags = flags;
  h.counts = counts_;
  h.write(buffer_);
}

bool ResponseWriter::write_question(const Name& qname, RRType qtype, RRClass qclass) {
  // The first name of the message: no compression to look for, every
  // label becomes a target (RFC 1035 §4.1.4), the shortest suffix first.
  std::span<const uint8_t> wire = qname.wire();
  if (size_ + wire.size() + 4 > buffer_.size()) return false;
  const size_t start = size_;
  put_bytes(wire);
  put_u16(uint16_t(qtype));
  put_u16(uint16_t(qclass));
  counts_[size_t(Section::Question)] = 1;
  const size_t labels = qname.label_count();
  std::array<uint8_t, Name::kMaxLabels> starts;
  size_t at = 0;
  for (size_t k = 0; k < labels; ++k) {
    starts[k] = uint8_t(at);
    at += size_t(wire[at]) + 1;
  }
  uint16_t next = kRoot;
  for (size_t k = labels; k-- > 0 && entry_count_ < entries_.size();) {
    entries_[entry_count_] = Entry{uint16_t(start + starts[k]), next};
    next = uint16_t(entry_count_++);
  }
  return true;
}

uint16_t ResponseWriter::find_label(uint16_t parent, const uint8_t* label) const {
  const size_t length = label[0];
  for (size_t i = 0; i < entry_count_; ++i) {
    const Entry& e = entries_[i];
    if (e.parent != parent) continue;
    const uint8_t* at = buffer_.data() + e.offset;
    if (at[0] != length) continue;
    // Names mostly come in the case they were written before; fall back to
    // comparing without case (RFC 4343) when the octets differ.
    if (std::memcmp(at + 1, label + 1, length) == 0) return uint16_t(i);
    size_t k = 1;
    while (k <= length && ascii_lower(at[k]) == ascii_lower(label[k])) ++k;
    if (k > length) return uint16_t(i);
  }
  return kRoot;
}

uint16_t ResponseWriter::write_name(std::span<const uint8_t> head, std::span<const uint8_t> tail, bool compress,
                                    bool stable_tail) {
  if (compress && stable_tail && !head.empty()) {
    for (size_t i = source_count_; i-- > 0;) {
      if (sources_[i].labels != head.data()) continue;
      if (!room(2)) return 0;
      put_u16(uint16_t(0xC000 | sources_[i].offset));
      return sources_[i].offset;
    }
    const size_t before = size_;
    uint16_t at = write_name_labels(head, tail, compress, stable_tail);
    // Only a name that starts with its own labels here can be pointed to
    // by its address from now on.
    if (at == before && at <= kMaxPointerTarget && source_count_ < sources_.size()) {
      sources_[source_count_++] = Source{head.data(), at};
    }
    return at;
  }
  return write_name_labels(head, tail, compress, stable_tail);
}

uint16_t ResponseWriter::write_name_labels(std::span<const uint8_t> head, std::span<const uint8_t> tail,
                                           bool compress, bool stable_tail) {
  // The labels of head then tail, by where they start in that concatenation.
  std::array<uint8_t, Name::kMaxLabels> starts;
  size_t count = 0;
  size_t at = 0;
  while (at < head.size() && count < starts.size()) {
    starts[count++] = uint8_t(at);
    at += size_t(head[at]) + 1;
  }
  if (at != head.size()) return 0;
  const size_t head_labels = count;
  size_t root = 0;
  while (root < tail.size() && tail[root] != 0 && count < starts.size()) {
    starts[count++] = uint8_t(head.size() + root);
    root += size_t(tail[root]) + 1;
  }
  if (root + 1 != tail.size() || head.size() + tail.size() > Name::kMaxWire) return 0;
  auto label_at = [&](size_t k) -> const uint8_t* {
    return starts[k] < head.size() ? head.data() + starts[k] : tail.data() + (starts[k] - head.size());
  };

  // The longest suffix written before, matched label by label from the
  // root. The tail (a zone's origin, most often) is matched once per
  // response and remembered.
  uint16_t suffix = kRoot;
  size_t matched = 0;
  if (compress) {
    const size_t tail_labels = count - head_labels;
    if (stable_tail && tail_labels > 0 && tail.data() == cached_tail_ && cached_tail_entry_ < entry_count_) {
      suffix = cached_tail_entry_;
      matched = tail_labels;
    }
    while (matched < count) {
      uint16_t e = find_label(suffix, label_at(count - 1 - matched));
      if (e == kRoot) break;
      suffix = e;
      ++matched;
      if (stable_tail && matched == tail_labels) {
        cached_tail_ = tail.data();
        cached_tail_entry_ = e;
      }
    }
  }
  const size_t literal_labels = count - matched;
  const size_t literal_size = literal_labels < count ? starts[literal_labels] : head.size() + root;
  if (!room(literal_size + (matched ? 2 : 1))) return 0;
  const size_t start = size_;
  const size_t from_head = std::min(literal_size, head.size());
  put_bytes(head.first(from_head));
  put_bytes(tail.first(literal_size - from_head));
  if (matched) {
    put_u16(uint16_t(0xC000 | entries_[suffix].offset));
  } else {
    buffer_[size_++] = 0;
  }
  if (compress) {
    uint16_t next = suffix;
    for (size_t k = literal_labels; k-- > 0;) {
      size_t offset = start + starts[k];
      if (offset > kMaxPointerTarget || entry_count_ == entries_.size()) break;
      entries_[entry_count_] = Entry{uint16_t(offset), next};
      next = uint16_t(entry_count_++);
    }
  }
  if (literal_labels == 0) return matched ? entries_[suffix].offset : uint16_t(start);
  return uint16_t(start);
}

bool ResponseWriter::write_owner(const Owner& owner, uint16_t& owner_at) {
  if (owner.pointer != 0) {
    if (!room(2)) return false;
    put_u16(uint16_t(0xC000 | owner.pointer));
    owner_at = owner.pointer;
    return true;
  }
  owner_at = owner.name ? write_name({}, owner.name->wire(), true)
                        : write_name(owner.head, owner.wire, true, !owner.head.empty());
  return owner_at != 0;
}

bool ResponseWriter::write_fixed(RRType type, RRClass cls, uint32_t ttl) {
  if (!room(10)) return false;
  put_fixed(type, cls, ttl, 0);  // RDLENGTH, filled in by finish_rdata
  return true;
}

void ResponseWriter::finish_rdata(size_t rdlength_at) {
  size_t rdlength = size_ - rdlength_at - 2;
  buffer_[rdlength_at] = uint8_t(rdlength >> 8);
  buffer_[rdlength_at + 1] = uint8_t(rdlength);
}

bool ResponseWriter::add_stored(Section section, const Owner& owner, RRType type, RRClass cls,
                                uint32_t ttl, const db::RdataRef& rdata, std::span<const uint8_t> origin,
                                uint16_t& owner_at) {
  if (rdata.name_count() == 0 && owner.pointer != 0) {
    // The common record: owner already written, rdata without names.
    std::span<const uint8_t> stored = rdata.stored();
    if (!room(12 + stored.size())) return false;
    put_u16(uint16_t(0xC000 | owner.pointer));
    owner_at = owner.pointer;
    put_fixed(type, cls, ttl, uint16_t(stored.size()));
    put_bytes(stored);
    count(section);
    return true;
  }
  const Mark before = mark();
  if (!write_owner(owner, owner_at) || !write_fixed(type, cls, ttl)) {
    rollback(before);
    return false;
  }
  const size_t rdlength_at = size_ - 2;
  std::span<const uint8_t> stored = rdata.stored();
  size_t pos = 0;
  for (size_t k = 0; k < rdata.name_count(); ++k) {
    const db::StoredName& nm = rdata.name(k);
    if (nm.offset < pos || size_t(nm.offset) + nm.length > stored.size()) {
      rollback(before);
      return false;
    }
    std::span<const uint8_t> before_name = stored.subspan(pos, nm.offset - pos);
    if (!room(before_name.size())) {
      rollback(before);
      return false;
    }
    put_bytes(before_name);
    std::span<const uint8_t> labels = stored.subspan(nm.offset, nm.length - (nm.origin_ref ? 2 : 0));
    bool ok;
    if (nm.kind == RdataNameKind::Compressible) {
      ok = (nm.origin_ref ? write_name(labels, origin, true, true) : write_name({}, labels, true)) != 0;
    } else {
      ok = room(labels.size() + (nm.origin_ref ? origin.size() : 0));
      if (ok) {
        put_bytes(labels);
        if (nm.origin_ref) put_bytes(origin);
      }
    }
    if (!ok) {
      rollback(before);
      return false;
    }
    pos = size_t(nm.offset) + nm.length;
  }
  std::span<const uint8_t> rest = stored.subspan(pos);
  if (!room(rest.size()) || size_ - rdlength_at - 2 + rest.size() > 0xFFFF) {
    rollback(before);
    return false;
  }
  put_bytes(rest);
  finish_rdata(rdlength_at);
  count(section);
  return true;
}

bool ResponseWriter::add_name_rdata(Section section, const Owner& owner, RRType type, RRClass cls,
                                    uint32_t ttl, const Name& target, uint16_t& owner_at) {
  const Mark before = mark();
  if (!write_owner(owner, owner_at) || !write_fixed(type, cls, ttl)) {
    rollback(before);
    return false;
  }
  const size_t rdlength_at = size_ - 2;
  if (write_name({}, target.wire(), true) == 0) {
    rollback(before);
    return false;
  }
  finish_rdata(rdlength_at);
  count(section);
  return true;
}

bool ResponseWriter::add_opaque(Section section, const Owner& owner, RRType type, RRClass cls,
                                uint32_t ttl, std::span<const uint8_t> rdata, uint16_t& owner_at) {
  const Mark before = mark();
  if (!write_owner(owner, owner_at) || !write_fixed(type, cls, ttl) || !room(rdata.size())) {
    rollback(before);
    return false;
  }
  const size_t rdlength_at = size_ - 2;
  put_bytes(rdata);
  finish_rdata(rdlength_at);
  count(section);
  return true;
}

bool ResponseWriter::append_apex_tail(const ApexTail& tail, uint16_t origin_at) {
  const size_t n = tail.wire.size();
  if (!room(n) || size_ + tail.reach > kMaxPointerTarget) return false;
  uint8_t* p = buffer_.data() + size_;
  std::memcpy(p, tail.wire.data(), n);
  for (const ApexTail::Pointer& ptr : tail.pointers) {
    const size_t target = ptr.into_origin ? size_t(origin_at) + ptr.target : size_ + ptr.target;
    p[ptr.at] = uint8_t(0xC0 | target >> 8);
    p[ptr.at + 1] = uint8_t(target);
  }
  size_ += n;
  counts_[size_t(Section::Authority)] += tail.authority;
  counts_[size_t(Section::Additional)] += tail.additional;
  return true;
}

bool ResponseWriter::append_raw(std::span<const uint8_t> bytes) {
  if (size_ + bytes.size() > buffer_.size()) return false;
  put_bytes(bytes);
  return true;
}

}  // namespace lnsd::answer_detail

namespace lnsd::answer_detail {
namespace {

// Encodes one planned RRset as NSD's packet_encode_rrset does; returns the
// records added.
class RRsetEncoder {
 public:
  RRsetEncoder(Query& q, ResponseWriter& w, const PlannedRRset& item, PlanSection section)
      : q_(q), w_(w), item_(item), section_(wire_section(section)) {}

  // Writes the RRset's records, in rotated order when round-robin asks for
  // it; false when one did not fit.
  bool write_records() {
    switch (item_.kind) {
      case PlanKind::Stored:
      case PlanKind::NegativeSoa: return write_stored();
      case PlanKind::AllRrsigs: return write_all_rrsigs();
      case PlanKind::SynthesizedCname: {
        uint16_t at = 0;
        if (!w_.add_name_rdata(section_, owner(), RRType::CNAME, RRClass::IN, item_.ttl,
                               q_.kept(item_.target_name), at)) {
          return false;
        }
        remember_owner(at);
        ++added_;
        return true;
      }
    }
    return false;
  }

  // The RRSIGs over the RRset, from its node (the wildcard's for a
  // wildcard expansion), when the client asked for DNSSEC (RFC 4035 §3.1.1).
  bool write_signatures() {
    if (!q_.dnssec_ok || !item_.zone->secure() || item_.type == RRType::RRSIG) return true;
    if (item_.kind != PlanKind::Stored && item_.kind != PlanKind::NegativeSoa) return true;
    const db::ZoneDb& db = *item_.zone->db();
    auto sigs = db.rrsigs(item_.node, item_.type);
    if (!sigs) return true;
    // NSD gives the signatures of a SOA the SOA's own TTL, so those of the
    // negative SOA carry the negative TTL.
    const uint32_t ttl = item_.type == RRType::SOA ? soa_ttl() : sigs->ttl();
    for (const db::RdataRef& rdata : *sigs) {
      uint16_t at = 0;
      if (!w_.add_stored(section_, owner(), RRType::RRSIG, db.rr_class(), ttl, rdata, db.origin().wire(), at)) {
        return false;
      }
      remember_owner(at);
      ++added_;
    }
    return true;
  }

  size_t added() const { return added_; }

 private:
  uint32_t soa_ttl() const { return item_.kind == PlanKind::NegativeSoa ? item_.ttl : item_.rrset.ttl(); }

  ResponseWriter::Owner owner() {
    if (owner_at_ != 0) return {owner_at_, nullptr, {}, {}};
    const Owner& o = item_.owner;
    switch (o.kind) {
      case OwnerKind::Looked: {
        const Name& name = q_.looked_up(o.name);
        std::span<const uint8_t> wire = name.wire();
        // Skip the labels left of the suffix.
        size_t at = 0;
        for (size_t k = name.label_count(); k > o.labels && at < wire.size(); --k) at += size_t(wire[at]) + 1;
        // The question's suffixes are pointers into it; the root is not.
        if (o.name == kQuestion && o.labels > 0) return {uint16_t(Header::kSize + at), nullptr, {}, {}};
        return {0, nullptr, wire.subspan(at), {}};
      }
      case OwnerKind::Stored: return ResponseWriter::stored_owner(o.stored, item_.zone->db()->origin().wire());
      case OwnerKind::Node: break;
    }
    const db::ZoneDb& db = *item_.zone->db();
    if (item_.node == db.apex()) return {0, &db.origin(), {}, {}};
    if (!node_name_) node_name_.emplace(db.name(item_.node));
    return {0, &*node_name_, {}, {}};
  }

  void remember_owner(uint16_t at) {
    if (at <= kMaxPointerTarget) owner_at_ = at;
  }

  bool write_stored() {
    const db::ZoneDb& db = *item_.zone->db();
    const db::RRsetRef& rrset = item_.rrset;
    const uint32_t count = item_.kind == PlanKind::NegativeSoa ? 1 : rrset.count();
    const uint32_t ttl = item_.kind == PlanKind::NegativeSoa ? item_.ttl : rrset.ttl();
    const RRClass cls = db.rr_class();
    const std::span<const uint8_t> origin = db.origin().wire();
    // Round-robin starts each answer RRset at a record chosen by the query
    // ID: the rotation varies from query to query without any state.
    uint32_t start = 0;
    if (q_.config.round_robin && section_ == Section::Answer && count > 1) start = q_.id % count;
    ResponseWriter::Owner o = owner();
    auto write = [&](const db::RdataRef& rdata) {
      uint16_t at = 0;
      if (!w_.add_stored(section_, o, rrset.type(), cls, ttl, rdata, origin, at)) return false;
      remember_owner(at);
      if (owner_at_ != 0) o = ResponseWriter::Owner{owner_at_, nullptr, {}, {}};
      ++added_;
      return true;
    };
    if (item_.rdatas) {
      const std::vector<db::RdataRef>& rdatas = *item_.rdatas;
      const size_t n = std::min<size_t>(count, rdatas.size());
      size_t index = n == 0 ? 0 : start % n;
      for (size_t k = 0; k < n; ++k) {
        if (!write(rdatas[index])) return false;
        if (++index == n) index = 0;
      }
      return true;
    }
    if (!rrset.has_names() && start == 0) {
      // Rdata without names is stored as on the wire: copied as it is.
      db::ByteCursor c(rrset.body());
      for (uint32_t k = 0; k < count; ++k) {
        const size_t length = c.varint(16);
        std::span<const uint8_t> stored = c.bytes(length);
        if (!c.ok()) return true;  // damaged: the records before it stand
        uint16_t at = 0;
        if (!w_.add_plain(section_, o, rrset.type(), cls, ttl, stored, at)) return false;
        remember_owner(at);
        if (owner_at_ != 0) o = ResponseWriter::Owner{owner_at_, nullptr, {}, {}};
        ++added_;
      }
      return true;
    }
    for (int pass = 0; pass < 2; ++pass) {
      uint32_t index = 0;
      for (const db::RdataRef& rdata : rrset) {
        if (index >= count) break;
        bool in_pass = pass == 0 ? index >= start : index < start;
        ++index;
        if (!in_pass) continue;
        if (!write(rdata)) return false;
      }
      if (start == 0) break;
    }
    return true;
  }

  bool write_all_rrsigs() {
    const db::ZoneDb& db = *item_.zone->db();
    for (const db::RRsetRef& set : db.rrsets(item_.node)) {
      if (set.type() != RRType::RRSIG) continue;
      for (const db::RdataRef& rdata : set) {
        uint16_t at = 0;
        if (!w_.add_stored(section_, owner(), RRType::RRSIG, db.rr_class(), set.ttl(), rdata, db.origin().wire(), at)) {
          return false;
        }
        remember_owner(at);
        ++added_;
      }
    }
    return true;
  }

  Query& q_;
  ResponseWriter& w_;
  const PlannedRRset& item_;
  Section section_;
  uint16_t owner_at_ = 0;
  size_t added_ = 0;
  std::optional<Name> node_name_;
};

}  // namespace

namespace {

// Encodes the planned RRsets of sections [first, last] as NSD does; true
// when an optional RRset did not fit, which ends the response's records.
bool encode_sections(Query& q, ResponseWriter& w, bool& truncated, PlanSection first, PlanSection last) {
  const size_t minimal_size = minimal_response_size(q);
  // The plan's RRsets by section, in the order they were planned.
  std::array<uint8_t, kPlanSections> in_section{};
  for (size_t i = 0; i < q.plan_size; ++i) ++in_section[size_t(q.planned(i).section)];
  bool done = false;
  for (size_t s = size_t(first); s <= size_t(last) && !truncated; ++s) {
    if (in_section[s] == 0) continue;
    const PlanSection section = PlanSection(s);
    // The optional authority and the additional records are left out of a
    // UDP response rather than truncate it; the rest must fit or set TC.
    const bool optional = section >= PlanSection::OptionalAuthority;
    const bool required = section == PlanSection::Answer || section == PlanSection::Authority;
    size_t left = in_section[s];
    for (size_t i = 0; i < q.plan_size && left > 0 && !truncated; ++i) {
      const PlannedRRset& item = q.planned(i);
      if (item.section != section) continue;
      --left;
      const ResponseWriter::Mark before = w.mark();
      RRsetEncoder encoder(q, w, item, section);
      bool all = encoder.write_records() && encoder.write_signatures();
      if ((!all || w.size() > minimal_size) && !q.tcp() && optional) {
        w.rollback(before);
        done = true;
      } else if (!all && required) {
        w.rollback(before);
        truncated = true;
      }
    }
    if (done) return true;
  }
  return false;
}

}  // namespace

void encode_plan(Query& q, ResponseWriter& w, bool& truncated) {
  if (!q.apex_tail) {
    encode_sections(q, w, truncated, PlanSection::Answer, PlanSection::AdditionalOther);
    return;
  }
  // Nothing is planned past the answer: the rest is the apex tail, copied
  // whole when all of it fits, where each of its RRsets would have fitted
  // in turn; else its RRsets are planned and encoded one by one.
  if (encode_sections(q, w, truncated, PlanSection::Answer, PlanSection::Authority) || truncated) return;
  const size_t minimal_size = minimal_response_size(q);
  if ((q.tcp() || w.size() + q.apex_tail->wire.size() <= minimal_size) &&
      w.append_apex_tail(*q.apex_tail, q.apex_tail_origin_at)) {
    return;
  }
  plan_apex_tail(q);
  encode_sections(q, w, truncated, PlanSection::OptionalAuthority, PlanSection::AdditionalOther);
}

}  // namespace lnsd::answer_detail
