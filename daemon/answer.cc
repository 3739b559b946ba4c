// The answer path's entry: the checks of the message (RFC 1035 §4.1, RFC
// 6891, RFC 8945), in NSD's order and with NSD's error responses, then the
// answer and the response's assembly.
#include "answer.hh"

#include <algorithm>

#include "answer_edns.hh"
#include "answer_prefetch.hh"
#include "answer_query.hh"
#include "response.hh"

namespace lnsd {

using namespace answer_detail;

namespace {

constexpr size_t kUdpDefaultSize = 512;  // RFC 1035 §4.2.1
constexpr size_t kTcpMaxSize = 65535;
constexpr uint16_t kOpcodeMask = 0x7800;
constexpr size_t kMinTcpQuery = Header::kSize + 1 + 4;

uint16_t with_rcode(uint16_t flags, Rcode rcode) { return uint16_t((flags & ~0xF) | (uint16_t(rcode) & 0xF)); }

// A response of the header alone, the question not echoed (NSD's
// query_error).
AnswerResult header_only(std::span<uint8_t> response, uint16_t id, uint16_t flags) {
  ResponseWriter w(response);
  w.write_header(id, flags);
  return {Disposition::Send, w.size()};
}

// FORMERR keeps only RD and the opcode of the query (RFC 1035 §4.1.1).
AnswerResult format_error(std::span<uint8_t> response, const Header& h, bool keep_rd) {
  uint16_t flags = uint16_t(Header::kQR | (h.flags & kOpcodeMask) | (keep_rd ? h.flags & Header::kRD : 0));
  return header_only(response, h.id, with_rcode(flags, Rcode::FormErr));
}

uint16_t read_u16(std::span<const uint8_t> m, size_t at) { return uint16_t(m[at] << 8 | m[at + 1]); }

// The first question as NSD reads it: a name of plain labels (a pointer
// here is FORMERR), at most 255 octets, then type and class.
struct QuestionFields {
  RRType qtype{};
  RRClass qclass{};
  size_t name_end = 0;  // offset after the name's root label
  size_t end = 0;       // offset after QCLASS
};

bool read_question(std::span<const uint8_t> m, QuestionFields& fields) {
  size_t at = Header::kSize;
  while (true) {
    if (at >= m.size()) return false;
    const size_t length = m[at];
    if (length == 0) break;
    if ((length & 0xC0) || at + length + 2 > m.size() || at - Header::kSize + length + 2 > Name::kMaxWire) {
      return false;
    }
    at += length + 1;
  }
  ++at;
  if (at - Header::kSize > Name::kMaxWire || at + 4 > m.size()) return false;
  fields.qtype = RRType(read_u16(m, at));
  fields.qclass = RRClass(read_u16(m, at + 2));
  fields.name_end = at;
  fields.end = at + 4;
  return true;
}

// Steps over a resource record (a name that may end in a pointer, the
// fixed fields, the rdata); false when it runs past the message.
bool skip_record(std::span<const uint8_t> m, size_t& at, uint16_t* type = nullptr) {
  while (true) {
    if (at >= m.size()) return false;
    const uint8_t length = m[at];
    if (length == 0) {
      ++at;
      break;
    }
    if (length & 0xC0) {
      if (at + 2 > m.size()) return false;
      at += 2;
      break;
    }
    if (at + 1 + length > m.size()) return false;
    at += 1 + length;
  }
  if (at + 10 > m.size()) return false;
  if (type) *type = read_u16(m, at);
  const size_t rdlength = read_u16(m, at + 8);
  if (at + 10 + rdlength > m.size()) return false;
  at += 10 + rdlength;
  return true;
}

// Answers that are only the header, the question and the OPT record.
AnswerResult finish(Query& q, std::span<uint8_t> response, uint16_t flags, bool echo_question) {
  ResponseWriter w(response);
  if (echo_question && !w.write_question(q.qname, q.qtype, q.qclass)) return {};
  if (q.edns) write_opt(q, w, false);
  w.write_header(q.id, flags);
  return {Disposition::Send, w.size()};
}

// RFC 8945 §5.2.2: a TSIG with a key the server does not have is NOTAUTH
// with a TSIG of error BADKEY and no MAC. The answer path holds no keys,
// so every signed query is answered so.
AnswerResult tsig_bad_key(Query& q, std::span<uint8_t> response, const Header& h, size_t tsig_at) {
  std::span<const uint8_t> m = q.message;
  size_t at = tsig_at;
  // The key name (uncompressed, as RFC 8945 §4.2 requires).
  size_t name_start = at;
  while (at < m.size() && m[at] != 0) {
    if (m[at] & 0xC0) return format_error(response, h, true);
    at += size_t(m[at]) + 1;
  }
  if (at >= m.size()) return format_error(response, h, true);
  ++at;
  auto key = Name::from_wire(m.subspan(name_start, at - name_start));
  if (!key || at + 10 > m.size()) return format_error(response, h, true);
  const size_t rdata = at + 10;
  const size_t rdlength = read_u16(m, at + 8);
  if (rdata + rdlength > m.size()) return format_error(response, h, true);
  std::span<const uint8_t> rd = m.subspan(rdata, rdlength);
  // Algorithm name, time signed (6), fudge (2), MAC size (2), MAC, ...
  size_t p = 0;
  while (p < rd.size() && rd[p] != 0 && !(rd[p] & 0xC0)) p += size_t(rd[p]) + 1;
  if (p >= rd.size() || rd[p] != 0) return format_error(response, h, true);
  const size_t algorithm_end = p + 1;
  if (algorithm_end + 10 > rd.size()) return format_error(response, h, true);
  const size_t mac_size = read_u16(rd, algorithm_end + 8);
  if (algorithm_end + 10 + mac_size + 6 > rd.size()) return format_error(response, h, true);

  std::array<uint8_t, Name::kMaxWire + 32> tsig;
  size_t n = 0;
  std::copy_n(rd.data(), algorithm_end + 8, tsig.data());  // algorithm, time signed, fudge
  n = algorithm_end + 8;
  tsig[n++] = 0;  // MAC size 0
  tsig[n++] = 0;
  tsig[n++] = uint8_t(q.id >> 8);  // original ID
  tsig[n++] = uint8_t(q.id);
  tsig[n++] = 0;  // error 17, BADKEY
  tsig[n++] = 17;
  tsig[n++] = 0;  // no other data
  tsig[n++] = 0;

  ResponseWriter w(response);
  if (q.edns) write_opt(q, w, false);
  uint16_t owner_at = 0;
  w.set_limit(response.size());
  w.add_opaque(Section::Additional, ResponseWriter::Owner{0, &*key, {}, {}}, RRType::TSIG, RRClass::ANY, 0,
               {tsig.data(), n}, owner_at);
  uint16_t flags = uint16_t((h.flags | Header::kQR) & ~Header::kAD);
  w.write_header(q.id, with_rcode(flags, Rcode::NotAuth));
  return {Disposition::Send, w.size()};
}

// NOTIFY (RFC 1996) is for the transfer process; the answer path gives what
// NSD gives when no allow-notify: element lets it through: NXDOMAIN for a
// zone not served, REFUSED otherwise.
AnswerResult answer_notify(Query& q, std::span<uint8_t> response, const Header& h) {
  uint16_t flags = uint16_t((h.flags | Header::kQR) & ~Header::kAD);
  Rcode rcode = q.zones.find_exact(q.qname) ? Rcode::Refused : Rcode::NXDomain;
  return header_only(response, h.id, with_rcode(flags, rcode));
}

// AXFR and IXFR: refused unless provide-xfr: allows the client. Over UDP,
// AXFR is not implemented (RFC 5936 §4.2 puts it on TCP) and IXFR gets the
// current SOA, which RFC 1995 §2 allows when the increments do not fit.
bool answer_transfer(Query& q, uint16_t& flags) {
  const ZoneSet::Zone* zone = q.zones.find_exact(q.qname);
  if (q.qtype == RRType::AXFR && !q.tcp()) {
    q.rcode = Rcode::NotImp;
    return true;
  }
  if (!zone || !client_allowed(q.client, zone->access().provide_xfr)) {
    q.rcode = Rcode::Refused;
    q.ede = kEdeProhibited;
    return true;
  }
  if (q.tcp() || !zone->db()) {
    // Zone transfers out are the transfer process's work, not the answer
    // path's.
    q.rcode = Rcode::NotImp;
    return true;
  }
  const db::ZoneDb& db = *zone->db();
  auto soa = db.rrset(db.apex(), RRType::SOA);
  if (!soa) return false;
  PlannedRRset item;
  item.section = PlanSection::Answer;
  item.kind = PlanKind::Stored;
  item.owner = Owner::looked(kQuestion, uint8_t(q.qname.label_count()));
  item.target_name = 0;
  item.ttl = 0;
  item.zone = zone;
  item.node = db.apex();
  item.type = RRType::SOA;
  item.rrset = *soa;
  item.rdatas = nullptr;
  q.plan_rrset(item);
  flags |= Header::kAA;
  return false;
}

}  // namespace

AnswerResult answer(std::span<const uint8_t> query, const ZoneSet& zones, const AnswerConfig& config,
                    const Client& client, std::span<uint8_t> response, const LookupHint* hint) {
  if (query.size() < Header::kSize || response.size() < Header::kSize) return {};
  // Over TCP NSD drops a message too short to hold a question (a header, a
  // root name, type and class) without an answer, and closes the
  // connection; over UDP it answers FORMERR.
  if (client.transport == Transport::Tcp && query.size() < kMinTcpQuery) return {};
  auto parsed = Header::parse(query);
  if (!parsed) return {};
  const Header& h = *parsed;
  if (h.qr()) return {};  // a response: never answer one

  const std::span<const uint8_t> message = query.first(std::min(query.size(), kTcpMaxSize));
  const Opcode opcode = h.opcode();
  if (opcode != Opcode::Query && opcode != Opcode::Notify) {
    if (config.drop_updates && opcode == Opcode::Update) return {};
    return header_only(response, h.id, with_rcode(uint16_t((h.flags | Header::kQR) & ~Header::kAD), Rcode::NotImp));
  }
  if (h.rcode() != Rcode::NoError) return format_error(response, h, true);
  QuestionFields question;
  if (!read_question(message, question)) return format_error(response, h, true);
  // A hint made for these bytes holds the question's name, read the same
  // way from the same octets.
  if (hint && (hint->query != query.data() || hint->query_size != query.size() || hint->zones != &zones)) {
    hint = nullptr;
  }
  size_t name_at = Header::kSize;
  const Expected<Name, NameError> read_name = hint ? Expected<Name, NameError>(unexpected(NameError::Empty))
                                                   : Name::from_wire_at(message.first(question.name_end), name_at);
  if (!hint && !read_name) return format_error(response, h, true);
  Query q(zones, config, client, hint ? *hint->qname : *read_name);
  q.message = message;
  q.id = h.id;
  q.query_flags = h.flags;
  q.qtype = question.qtype;
  q.qclass = question.qclass;
  q.question_end = question.end;
  q.hint = hint;
  if (opcode == Opcode::Notify) return answer_notify(q, response, h);

  const uint16_t qdcount = h.count(Section::Question);
  const uint16_t ancount = h.count(Section::Answer);
  const uint16_t nscount = h.count(Section::Authority);
  uint16_t arcount = h.count(Section::Additional);
  if (qdcount != 1) {
    // A bare OPT record without a question: NSD answers its EDNS.
    if (qdcount == 0 && ancount == 0 && nscount == 0 && arcount == 1) {
      size_t at = Header::kSize;
      if (read_opt(q, at) == OptStatus::Ok) {
        uint16_t flags = uint16_t(Header::kQR | (h.flags & (kOpcodeMask | Header::kRD)));
        return finish(q, response, flags, false);
      }
    }
    return format_error(response, h, false);
  }
  if (ancount != 0 || (q.qtype != RRType::IXFR && nscount != 0)) return format_error(response, h, true);
  size_t at = q.question_end;
  if (nscount > 0) {
    // The SOA of an IXFR query (RFC 1995 §3), and at most a few more.
    if (nscount > 64) return format_error(response, h, true);
    for (uint16_t i = 0; i < nscount; ++i) {
      if (!skip_record(q.message, at)) return format_error(response, h, true);
    }
  }
  OptStatus opt = OptStatus::Absent;
  if (arcount > 0) {
    opt = read_opt(q, at);
    if (opt == OptStatus::Malformed) return format_error(response, h, true);
    if (opt != OptStatus::Absent) --arcount;
  }
  size_t tsig_at = 0;
  if (arcount > 0) {
    // RFC 8945 §5.1: a TSIG is the last record; any other record is FORMERR.
    size_t record = at;
    uint16_t type = 0;
    if (!skip_record(q.message, at, &type) || type != uint16_t(RRType::TSIG)) return format_error(response, h, true);
    tsig_at = record;
    --arcount;
  }
  if (arcount > 0) return format_error(response, h, true);
  if (tsig_at != 0) return tsig_bad_key(q, response, h, tsig_at);

  if (opt == OptStatus::BadVersion) {
    // RFC 6891 §6.1.3: BADVERS, with the question and the flags of the query.
    ResponseWriter w(response);
    if (!w.write_question(q.qname, q.qtype, q.qclass)) return {};
    write_opt(q, w, true);
    w.write_header(q.id, with_rcode(uint16_t((h.flags | Header::kQR) & ~Header::kAD), Rcode::NoError));
    return {Disposition::Send, w.size()};
  }

  // The size allowed: 512 without EDNS (RFC 1035 §4.2.1), the requestor's
  // payload capped by ours with it (RFC 6891 §6.2.5), 65535 over TCP.
  size_t limit = kTcpMaxSize;
  if (!q.tcp()) {
    limit = kUdpDefaultSize;
    const size_t ours = q.ipv6() ? config.ipv6_edns_size : config.ipv4_edns_size;
    if (q.edns && q.edns_payload > kUdpDefaultSize) limit = std::min<size_t>(q.edns_payload, ours);
  }
  limit = std::min(limit, response.size());

  // RD is copied (RFC 1035 §4.1.1); CD and AD are cleared in authoritative
  // answers as NSD clears them.
  uint16_t flags = uint16_t(Header::kQR | (h.flags & Header::kRD));
  if (q.qclass != RRClass::IN && q.qclass != RRClass::ANY) {
    if (q.qclass != RRClass::CH) {
      q.ede = kEdeNotSupported;
      return finish(q, response, with_rcode(flags, Rcode::Refused), false);
    }
    answer_chaos(q);
  } else if (q.qtype == RRType::AXFR || q.qtype == RRType::IXFR) {
    answer_transfer(q, flags);
  } else if (q.qtype == RRType::ANY && config.refuse_any && !q.tcp()) {
    // RFC 8482 §4.4: ANY over UDP is sent to TCP with an empty TC answer.
    return finish(q, response, uint16_t(flags | Header::kTC), false);
  } else {
    answer_from_zones(q);
  }

  ResponseWriter w(response);
  if (!w.write_question(q.qname, q.qtype, q.qclass)) return {};
  const size_t reserved = opt_reserved_size(q);
  w.set_limit(limit > reserved ? limit - reserved : 0);
  bool truncated = false;
  if (q.chaos_answer) {
    std::array<uint8_t, 256> txt;
    txt[0] = uint8_t(q.chaos_text.size());
    std::copy(q.chaos_text.begin(), q.chaos_text.end(), txt.begin() + 1);
    uint16_t owner_at = 0;
    w.set_limit(response.size());
    w.add_opaque(Section::Answer, ResponseWriter::Owner{Header::kSize, nullptr, {}, {}}, RRType::TXT, RRClass::CH, 0,
                 {txt.data(), q.chaos_text.size() + 1}, owner_at);
  } else {
    encode_plan(q, w, truncated);
  }
  if (q.aa) flags |= Header::kAA;
  if (truncated) flags |= Header::kTC;
  if (q.edns) write_opt(q, w, false);
  w.write_header(q.id, with_rcode(flags, q.rcode));
  return {Disposition::Send, w.size(), q.stats_group};
}

}  // namespace lnsd
