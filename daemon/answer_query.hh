// The inside of the answer path: one query's state while answer() works on
// it. Lookup (answer_lookup.cc, answer_dnssec.cc) fills a plan of RRsets by
// section, as NSD's answer does; the response writer (response.cc) encodes
// the plan with NSD's truncation rules. Everything lives in one Query on the
// stack: arrays of fixed size whose elements are only built when used, so a
// query allocates nothing and touches little memory.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <span>
#include <string_view>

#include "answer.hh"
#include "answer_config.hh"
#include "db/reader.hh"
#include "dns/message.hh"
#include "dns/name.hh"
#include "zone_set.hh"

namespace lnsd::answer_detail {

// A CNAME chain is followed for at most this many CNAME and DNAME records.
inline constexpr int kMaxChain = 8;
// RRsets one response plans at most; further ones are left out, as NSD
// leaves out those past its per-packet limit.
inline constexpr size_t kMaxPlanned = 128;
// Names made while answering (CNAME targets, DNAME substitutions).
inline constexpr size_t kMaxNames = 2 * kMaxChain + 4;

// The sections in the order NSD encodes them: the optional authority (the
// zone's NS on positive answers) is dropped first, and additional A
// records go before all AAAA records.
enum class PlanSection : uint8_t {
  Answer,
  Authority,
  OptionalAuthority,
  AdditionalA,
  AdditionalAaaa,
  AdditionalOther,
};
inline constexpr size_t kPlanSections = 6;

enum class PlanKind : uint8_t {
  Stored,            // an RRset of the zone
  NegativeSoa,       // the apex SOA with the negative TTL (RFC 2308 §3)
  AllRrsigs,         // every RRSIG of a node, for QTYPE=RRSIG
  SynthesizedCname,  // the CNAME of a DNAME substitution (RFC 6672 §3.1)
};

enum class OwnerKind : uint8_t {
  Looked,  // a suffix of a name looked up: the question (written as a
           // pointer into it, so with the client's case) or a kept name
  Node,    // the node's own name, from the database
  Stored,  // a name inside stored rdata: the owners of additional records
};

inline constexpr uint8_t kQuestion = 0xFF;

struct Owner {
  OwnerKind kind;
  uint8_t name;    // Looked: kQuestion or the index of a kept name
  uint8_t labels;  // Looked: labels of the suffix
  StoredNameRef stored;

  static Owner looked(uint8_t name, uint8_t labels) { return {OwnerKind::Looked, name, labels, {}}; }
  static Owner node() { return {OwnerKind::Node, 0, 0, {}}; }
  static Owner stored_name(StoredNameRef ref) { return {OwnerKind::Stored, 0, 0, ref}; }
};

struct PlannedRRset {
  PlanSection section;
  PlanKind kind;
  uint8_t target_name;  // SynthesizedCname: the index of the kept target
  Owner owner;
  uint32_t ttl;         // NegativeSoa and SynthesizedCname
  const ZoneSet::Zone* zone;
  db::NodeRef node;
  RRType type;
  db::RRsetRef rrset;   // Stored and NegativeSoa
  // The rrset's rdatas decoded beforehand (the zone's apex data), or null.
  const std::vector<db::RdataRef>* rdatas;
};

// Storage for one planned RRset that is left unbuilt until used, so that
// the plan's array costs nothing per query.
struct PlanSlot {
  union {
    PlannedRRset item;
  };
  PlanSlot() {}
};

struct Query {
  Query(const ZoneSet& zones, const AnswerConfig& config, const Client& client, const Name& qname)
      : zones(zones), config(config), client(client), qname(qname) {}
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  const ZoneSet& zones;
  const AnswerConfig& config;
  const Client& client;
  bool tcp() const { return client.transport == Transport::Tcp; }
  bool ipv6() const { return client.address.ss_family == AF_INET6; }

  // The question as asked.
  std::span<const uint8_t> message;
  // What a batched look-up found for the question, or null.
  const LookupHint* hint = nullptr;
  uint16_t id = 0;
  uint16_t query_flags = 0;
  // The query name, as the question has it (the client's letter case).
  const Name& qname;
  size_t question_end = 0;  // offset after QCLASS
  RRType qtype{};
  RRClass qclass{};

  // EDNS of the query (RFC 6891).
  bool edns = false;
  bool dnssec_ok = false;
  uint16_t edns_payload = 0;
  bool nsid = false;
  bool cookie = false;
  std::array<uint8_t, 8> client_cookie{};
  bool keepalive = false;

  // The response being decided.
  Rcode rcode = Rcode::NoError;
  bool aa = false;
  int ede = -1;                 // RFC 8914 INFO-CODE, -1 for none
  std::string_view ede_text;
  int cname_count = 0;          // CNAME and DNAME records followed
  bool chaos_answer = false;    // answer with chaos_text (CHAOS TXT)
  std::string_view chaos_text;
  uint32_t stats_group = kNoStatsGroup;  // of the question's zone

  std::array<PlanSlot, kMaxPlanned> plan;
  PlannedRRset& planned(size_t i) { return plan[i].item; }
  const PlannedRRset& planned(size_t i) const { return plan[i].item; }
  size_t plan_size = 0;
  // Set when the answer ends in the apex tail of the question's zone: its
  // RRsets are then not in the plan, and encode_plan copies the tail, or
  // plans them (plan_apex_tail) when it does not fit whole.
  const ApexTail* apex_tail = nullptr;
  const ZoneSet::Zone* apex_tail_zone = nullptr;
  uint16_t apex_tail_origin_at = 0;  // where the question has the zone's origin
  // Names kept while answering, built in place when kept (a Name is a few
  // hundred octets: an array of them would cost that per query).
  alignas(Name) std::array<std::array<unsigned char, sizeof(Name)>, kMaxNames> name_storage;
  size_t name_count = 0;
  const Name& kept(uint8_t i) const { return *std::launder(reinterpret_cast<const Name*>(name_storage[i].data())); }

  // Adds an RRset to the plan unless it is there already; an RRset planned
  // for a later section moves to the earlier one. False when it was there
  // (which is how CNAME loops are found) or the plan is full.
  bool plan_rrset(const PlannedRRset& item);
  // Keeps a name for the rest of the query; nullopt when full.
  std::optional<uint8_t> keep_name(const Name& name);
  const Name& looked_up(uint8_t name) const { return name == kQuestion ? qname : kept(name); }
};

inline constexpr uint16_t kEdeOther = 0;
inline constexpr uint16_t kEdeNotReady = 14;
inline constexpr uint16_t kEdeProhibited = 18;
inline constexpr uint16_t kEdeNotAuthoritative = 20;
inline constexpr uint16_t kEdeNotSupported = 21;

// answer_lookup.cc: the RFC 1034 §4.3.2 algorithm over the zone set.
void answer_from_zones(Query& q);
// Plans the RRsets q.apex_tail stands for, as answer_from_zones would
// have, and clears it.
void plan_apex_tail(Query& q);
// Whether the client may query `zone` (allow-query, or provide-xfr for an
// apex SOA query, as NSD allows).
bool client_allowed(const Query& q, const ZoneSet::Zone& zone);
bool client_allowed(const Client& client, const conf::Acl& acl);

// answer_chaos.cc: CHAOS TXT id.server, hostname.bind, version.bind and
// version.server.
void answer_chaos(Query& q);

}  // namespace lnsd::answer_detail
