// The checks on single records' rdata: the names inside it, the targets of
// NS, MX and SRV, and the DNSSEC fields that go stale.
#include <ctime>

#include "check_context.hh"
#include "db/wire_name.hh"
#include "dns/rdata.hh"
#include "dns/serial.hh"
#include "name_checks.hh"

namespace lnsd::zonec {

namespace {

uint32_t load_u32(std::span<const uint8_t> d, size_t at) {
  return uint32_t(d[at]) << 24 | uint32_t(d[at + 1]) << 16 | uint32_t(d[at + 2]) << 8 |
         uint32_t(d[at + 3]);
}

// A 32-bit RRSIG time as a calendar time, taking the wrap-around value
// closest to `now` (RFC 4034 §3.1.5 compares them in serial arithmetic).
std::string signature_time_text(uint32_t t, std::time_t now) {
  auto delta = int32_t(t - uint32_t(now));
  std::time_t when = now + delta;
  std::tm tm{};
  gmtime_r(&when, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

std::string more_text(size_t count, std::string_view what) {
  if (count <= 1) return std::string();
  return "; " + std::to_string(count - 1) + " more " + std::string(what) + " in the zone";
}

// FNV-1a over the lowercased octets: the table only ever holds a zone's
// NS, MX and SRV targets, so a simple hash is enough.
uint64_t wire_hash(std::span<const uint8_t> wire) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (uint8_t c : wire) {
    h ^= db::ascii_lower(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

}  // namespace

std::span<const uint8_t> TargetTable::wire(uint32_t id) const {
  size_t begin = offsets_[id];
  size_t end = id + 1 < offsets_.size() ? offsets_[id + 1] : arena_.size();
  return {arena_.data() + begin, end - begin};
}

std::optional<uint32_t> TargetTable::find(std::span<const uint8_t> w, uint64_t hash) const {
  if (table_.empty()) return std::nullopt;
  size_t mask = table_.size() - 1;
  for (size_t slot = hash & mask; table_[slot] != 0; slot = (slot + 1) & mask) {
    uint32_t id = table_[slot] - 1;
    if (hashes_[id] == hash && db::names_equal_wire(wire(id), w)) return id;
  }
  return std::nullopt;
}

void TargetTable::grow() {
  size_t size = table_.empty() ? 64 : table_.size() * 2;
  table_.assign(size, 0);
  for (uint32_t id = 0; id < hashes_.size(); ++id) {
    size_t slot = hashes_[id] & (size - 1);
    while (table_[slot] != 0) slot = (slot + 1) & (size - 1);
    table_[slot] = id + 1;
  }
}

uint32_t TargetTable::add(std::span<const uint8_t> w) {
  uint64_t hash = wire_hash(w);
  if (auto id = find(w, hash)) return *id;
  if ((hashes_.size() + 1) * 2 > table_.size()) grow();
  auto id = uint32_t(offsets_.size());
  offsets_.push_back(uint32_t(arena_.size()));
  for (uint8_t c : w) arena_.push_back(db::ascii_lower(c));
  hashes_.push_back(hash);
  infos_.emplace_back();
  lengths_[w.size() / 64] |= uint64_t(1) << (w.size() % 64);
  size_t mask = table_.size() - 1;
  size_t slot = hash & mask;
  while (table_[slot] != 0) slot = (slot + 1) & mask;
  table_[slot] = id + 1;
  return id;
}

void TargetTable::resolve(const CheckContext& ctx) {
  const auto& content = ctx.content;
  auto nodes = content.nodes();
  for (uint32_t n = 0; n < nodes.size(); ++n) {
    auto w = content.owner_wire(nodes[n].name);
    // Most nodes are ruled out by their length alone, without hashing.
    if (!(lengths_[w.size() / 64] >> (w.size() % 64) & 1)) continue;
    auto id = find(w, wire_hash(w));
    if (!id) continue;
    Info& info = infos_[*id];
    info.exists = true;
    info.cname = ctx.find_rrset(n, RRType::CNAME) != nullptr;
    info.address = ctx.find_rrset(n, RRType::A) || ctx.find_rrset(n, RRType::AAAA);
  }
}

void RdataChecks::check(uint32_t record, bool occluded) {
  // Occluded records were reported once; what they point at does not matter.
  if (occluded) return;
  const auto& r = ctx_.content.records()[record];
  auto rdata = ctx_.content.rdata(r);
  RdataNames names;
  if (!rdata_check_wire(r.type, rdata, names)) return;
  for (uint8_t i = 0; i < names.count && i < RdataNames::kMax; ++i) {
    const auto& n = names.names[i];
    auto name = Name::from_wire(rdata.subspan(n.offset, n.length));
    if (!name) continue;
    if (ends_in_doubled_origin(*name, ctx_.origin)) {
      auto finding = doubled_origin_finding(type_to_text(r.type) + " target", *name, ctx_.origin);
      ctx_.report(Severity::Warning, record, "doubled-origin", std::move(finding.message),
                  std::move(finding.fix));
    }
    bool is_target = (r.type == RRType::NS && i == 0) || (r.type == RRType::MX && i == 0) ||
                     (r.type == RRType::SRV && i == 0);
    if (is_target) check_target(record, r.type, *name);
  }
  switch (r.type) {
    case RRType::RRSIG: check_rrsig(record); break;
    case RRType::NSEC3:
    case RRType::NSEC3PARAM: check_nsec3_iterations(record); break;
    default: break;
  }
}

void RdataChecks::check_target(uint32_t record, RRType type, const Name& target) {
  std::string kind = type_to_text(type);
  if (type == RRType::NS || type == RRType::MX) {
    if (auto address = address_written_as_name(target, ctx_.origin)) {
      ctx_.report(Severity::Warning, record, kind == "NS" ? "ns-address" : "mx-address",
                  kind + " target " + target.to_text() + " is the address " + *address +
                      " written as a name: " + kind + " records take a host name",
                  "name the server (e.g. " +
                      std::string(type == RRType::NS ? "ns1" : "mail") +
                      ".example.com.), point the " + kind +
                      " record at that name and give it an A or AAAA record for " + *address);
      return;
    }
  }
  // The root: "no service" for MX (RFC 7505) and SRV (RFC 2782).
  if (target.is_root()) return;
  if (!target.is_subdomain_of(ctx_.origin)) return;
  pending_.push_back({record, targets_.add(target.wire())});
}

void RdataChecks::report_target(uint32_t record, RRType type, const TargetTable::Info& info) {
  std::string kind = type_to_text(type);
  const auto& r = ctx_.content.records()[record];
  auto rdata = ctx_.content.rdata(r);
  size_t at = type == RRType::MX ? 2 : type == RRType::SRV ? 6 : 0;
  std::string target = Name::from_wire(rdata.subspan(at))->to_text();
  if (info.cname) {
    ctx_.report(Severity::Warning, record, "target-is-cname",
                kind + " target " + target +
                    " is a CNAME; it must be the canonical name of a host (RFC 2181 §10.3)",
                "point the " + kind + " record at the CNAME's target instead");
    return;
  }
  if (type != RRType::NS || info.address) return;
  ctx_.report(Severity::Warning, record, "ns-no-glue",
              "NS target " + target +
                  " is inside the zone but has no A or AAAA record, so no glue or address "
                  "can be given for it and resolvers cannot reach the server",
              "add an A or AAAA record for " + target);
}

void RdataChecks::check_rrsig(uint32_t record) {
  auto rdata = ctx_.content.rdata(ctx_.content.records()[record]);
  if (rdata.size() < 18) return;
  Serial now(uint32_t(ctx_.options.now));
  if (Serial(load_u32(rdata, 8)) < now) {
    if (!expired_.first) expired_.first = record;
    ++expired_.count;
  } else if (Serial(load_u32(rdata, 12)) > now) {
    if (!not_yet_valid_.first) not_yet_valid_.first = record;
    ++not_yet_valid_.count;
  }
}

void RdataChecks::check_nsec3_iterations(uint32_t record) {
  const auto& r = ctx_.content.records()[record];
  auto rdata = ctx_.content.rdata(r);
  if (rdata.size() < 4) return;
  unsigned iterations = unsigned(rdata[2]) << 8 | rdata[3];
  if (iterations == 0) return;
  if (r.type == RRType::NSEC3PARAM) {
    ctx_.report(Severity::Warning, record, "nsec3-iterations",
                "NSEC3PARAM asks for " + std::to_string(iterations) +
                    " additional hash iterations; RFC 9276 §3.1 says 0: more cost servers "
                    "and resolvers CPU and protect nothing, and resolvers may treat the zone "
                    "as insecure",
                "re-sign the zone with 0 iterations (ldns-signzone -t 0, dnssec-signzone -H 0)");
    return;
  }
  if (!nsec3_iterations_.first) nsec3_iterations_.first = record;
  ++nsec3_iterations_.count;
}

void RdataChecks::finish() {
  const auto& content = ctx_.content;
  if (!pending_.empty()) {
    targets_.resolve(ctx_);
    for (const auto& p : pending_) {
      report_target(p.record, content.records()[p.record].type, targets_.info(p.target));
    }
  }
  auto covered = [&](uint32_t record) {
    auto rdata = content.rdata(content.records()[record]);
    return type_to_text(RRType(uint16_t(rdata[0] << 8 | rdata[1])));
  };
  if (expired_.first) {
    uint32_t r = *expired_.first;
    auto rdata = content.rdata(content.records()[r]);
    ctx_.report(Severity::Warning, r, "rrsig-expired",
                "RRSIG over " + covered(r) + " at " +
                    ctx_.owner_text(content.records()[r].owner) + " expired on " +
                    signature_time_text(load_u32(rdata, 8), ctx_.options.now) +
                    more_text(expired_.count, "expired signatures") +
                    ": validating resolvers reject these answers (RFC 4035 §5.3.1)",
                "re-sign the zone, and re-sign it regularly before signatures expire");
  }
  if (not_yet_valid_.first) {
    uint32_t r = *not_yet_valid_.first;
    auto rdata = content.rdata(content.records()[r]);
    ctx_.report(Severity::Warning, r, "rrsig-not-yet-valid",
                "RRSIG over " + covered(r) + " at " +
                    ctx_.owner_text(content.records()[r].owner) + " is not valid before " +
                    signature_time_text(load_u32(rdata, 12), ctx_.options.now) +
                    more_text(not_yet_valid_.count, "signatures not yet valid") +
                    ": validating resolvers reject these answers (RFC 4035 §5.3.1)",
                "check the signer's clock, or re-sign with an inception time in the past");
  }
  if (nsec3_iterations_.first) {
    uint32_t r = *nsec3_iterations_.first;
    auto rdata = content.rdata(content.records()[r]);
    unsigned iterations = unsigned(rdata[2]) << 8 | rdata[3];
    ctx_.report(Severity::Warning, r, "nsec3-iterations",
                "NSEC3 record with " + std::to_string(iterations) +
                    " additional hash iterations" +
                    more_text(nsec3_iterations_.count, "NSEC3 records with iterations") +
                    "; RFC 9276 §3.1 says 0",
                "re-sign the zone with 0 iterations (ldns-signzone -t 0, dnssec-signzone -H 0)");
  }
}

}  // namespace lnsd::zonec
