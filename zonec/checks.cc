#include "checks.hh"

#include "check_context.hh"
#include "db/wire_name.hh"
#include "dns/rdata.hh"

namespace lnsd::zonec {

using db::ZoneContent;

bool wire_is_subdomain(std::span<const uint8_t> name, std::span<const uint8_t> ancestor) {
  if (ancestor.size() > name.size()) return false;
  size_t pos = 0;
  while (name.size() - pos > ancestor.size()) pos += 1 + name[pos];
  return name.size() - pos == ancestor.size() && db::names_equal_wire(name.subspan(pos), ancestor);
}

bool written_before(const db::SourcePos& a, const db::SourcePos& b) {
  if (a.file != b.file) return a.file < b.file;
  if (a.line != b.line) return a.line < b.line;
  return a.column < b.column;
}

CheckContext::CheckContext(const ZoneContent& c, Diagnostics& diags, const CheckOptions& o)
    : content(c), options(o), origin(c.origin()), diags_(diags) {}

void CheckContext::report(Severity severity, uint32_t record, std::string check,
                          std::string message, std::string fix) {
  const auto pos = content.position(record);
  std::string file = pos.file < content.sources().size() ? content.sources()[pos.file].path
                                                         : std::string();
  diags_.add({severity, std::move(file), pos.line, pos.column, std::move(check),
              std::move(message), std::move(fix)});
}

void CheckContext::report_zone(Severity severity, std::string check, std::string message,
                               std::string fix) {
  std::string file = content.sources().empty() ? std::string() : content.sources()[0].path;
  diags_.add({severity, std::move(file), 1, 1, std::move(check), std::move(message),
              std::move(fix)});
}

const ZoneContent::RRset* CheckContext::find_rrset(uint32_t node, RRType type) const {
  const auto& n = content.nodes()[node];
  for (uint32_t i = 0; i < n.rrset_count; ++i) {
    const auto& rrset = content.rrsets()[n.first_rrset + i];
    if (rrset.type == type) return &rrset;
  }
  return nullptr;
}

std::string CheckContext::owner_text(uint32_t owner) const {
  return content.owner_name(owner).to_text();
}

std::string CheckContext::record_text(uint32_t record) const {
  const auto& r = content.records()[record];
  std::string out = owner_text(r.owner) + " " + std::to_string(r.ttl) + " " + type_to_text(r.type);
  std::string rdata;
  if (rdata_to_text(r.type, content.rdata(r), rdata)) out += " " + rdata;
  return out;
}

std::string CheckContext::where(uint32_t record) const {
  const auto pos = content.position(record);
  std::string file = pos.file < content.sources().size() ? content.sources()[pos.file].path
                                                         : std::string();
  return file + ":" + std::to_string(pos.line);
}

namespace {

// What the walk in canonical order knows about the cut above the current
// name: below a delegation only glue is served, below a DNAME nothing.
struct Cut {
  enum class Kind : uint8_t { Delegation, Dname } kind;
  std::span<const uint8_t> wire;  // the cut's owner, in the content's arena
  uint32_t record;                // the NS or DNAME record that makes the cut
  std::string name() const { return Name::from_wire(wire)->to_text(); }
};

// Types that belong at a delegation point: the NS RRset, the DS RRset and
// its NSEC/RRSIG (RFC 4035 §2.4), and addresses when the name server is
// named after the delegation itself.
bool served_at_delegation(RRType t) {
  return t == RRType::NS || t == RRType::DS || t == RRType::RRSIG || t == RRType::NSEC ||
         t == RRType::A || t == RRType::AAAA;
}

bool is_glue_type(RRType t) { return t == RRType::A || t == RRType::AAAA; }

class ZoneWalk {
 public:
  ZoneWalk(CheckContext& ctx) : ctx_(ctx), rdata_(ctx) {}
  void run();

 private:
  void check_node(uint32_t node_index);
  void check_cname(const ZoneContent::Node& node, const ZoneContent::RRset& cname);
  void check_soa(const ZoneContent::RRset& soa, bool at_apex);
  void check_occluded(const ZoneContent::Node& node, bool delegation_point);
  uint32_t earliest(const ZoneContent::RRset& rrset) const;

  CheckContext& ctx_;
  RdataChecks rdata_;
  std::optional<Cut> cut_;
  size_t soa_records_ = 0;
  bool apex_has_ns_ = false;
  std::optional<uint32_t> apex_soa_;
};

uint32_t ZoneWalk::earliest(const ZoneContent::RRset& rrset) const {
  auto records = ctx_.content.records();
  uint32_t best = rrset.first_record;
  for (uint32_t i = 1; i < rrset.record_count; ++i) {
    uint32_t r = rrset.first_record + i;
    if (written_before(ctx_.content.position(r), ctx_.content.position(best))) best = r;
  }
  return best;
}

void ZoneWalk::run() {
  auto nodes = ctx_.content.nodes();
  for (uint32_t i = 0; i < nodes.size(); ++i) check_node(i);
  if (soa_records_ == 0) {
    ctx_.report_zone(Severity::Error, "no-soa",
                     "the zone " + ctx_.origin.to_text() + " has no SOA record",
                     "add an SOA record at the apex: @ SOA <primary server> <contact> "
                     "<serial> <refresh> <retry> <expire> <minimum>");
  }
  if (!apex_has_ns_) {
    std::string message = "the apex " + ctx_.origin.to_text() +
                          " has no NS records: secondaries and resolvers cannot find the "
                          "zone's servers";
    std::string fix = "add NS records at the apex, e.g. @ NS ns1.example.com.";
    if (apex_soa_) {
      ctx_.report(Severity::Warning, *apex_soa_, "apex-no-ns", message, fix);
    } else {
      ctx_.report_zone(Severity::Warning, "apex-no-ns", message, fix);
    }
  }
  rdata_.finish();
}

void ZoneWalk::check_node(uint32_t node_index) {
  const auto& content = ctx_.content;
  const auto& node = content.nodes()[node_index];
  // Canonical order puts a name's descendants right after it, so one cut
  // at a time is enough, and comparing wire forms avoids building a Name
  // for each of a million nodes.
  auto wire = content.owner_wire(node.name);
  bool at_apex = node_index == 0 && db::names_equal_wire(wire, ctx_.origin.wire());
  if (cut_ && !wire_is_subdomain(wire, cut_->wire)) cut_.reset();

  bool occluded_below = cut_.has_value();
  const ZoneContent::RRset* ns = ctx_.find_rrset(node_index, RRType::NS);
  const ZoneContent::RRset* dname = ctx_.find_rrset(node_index, RRType::DNAME);
  bool delegation_point = !at_apex && !occluded_below && ns;
  if (at_apex) {
    apex_has_ns_ = ns != nullptr;
    if (const auto* soa = ctx_.find_rrset(node_index, RRType::SOA)) apex_soa_ = earliest(*soa);
  }

  if (occluded_below || delegation_point) check_occluded(node, delegation_point);

  for (uint32_t i = 0; i < node.rrset_count; ++i) {
    const auto& rrset = content.rrsets()[node.first_rrset + i];
    if (rrset.type == RRType::SOA) check_soa(rrset, at_apex);
    if (rrset.type == RRType::CNAME) check_cname(node, rrset);
    bool occluded = (occluded_below && (cut_->kind == Cut::Kind::Dname ||
                                        !is_glue_type(rrset.type))) ||
                    (delegation_point && !served_at_delegation(rrset.type));
    for (uint32_t r = 0; r < rrset.record_count; ++r) {
      rdata_.check(rrset.first_record + r, occluded);
    }
  }

  if (!occluded_below) {
    if (delegation_point) {
      cut_ = Cut{Cut::Kind::Delegation, wire, earliest(*ns)};
    } else if (dname) {
      cut_ = Cut{Cut::Kind::Dname, wire, earliest(*dname)};
    }
  }
}

void ZoneWalk::check_occluded(const ZoneContent::Node& node, bool delegation_point) {
  const auto& content = ctx_.content;
  std::string name;  // built when a finding needs it
  auto owner = [&]() -> const std::string& {
    if (name.empty()) name = ctx_.owner_text(node.name);
    return name;
  };
  for (uint32_t i = 0; i < node.rrset_count; ++i) {
    const auto& rrset = content.rrsets()[node.first_rrset + i];
    std::string type = type_to_text(rrset.type);
    if (delegation_point) {
      if (served_at_delegation(rrset.type)) continue;
      ctx_.report(Severity::Warning, earliest(rrset), "occluded",
                  type + " at " + owner() +
                      " is never served: the name is delegated by its NS records, so "
                      "queries get a referral (RFC 1034 §4.3.2)",
                  "move the " + type + " records into the child zone, or remove the "
                  "delegation");
      continue;
    }
    if (cut_->kind == Cut::Kind::Delegation) {
      if (is_glue_type(rrset.type)) continue;
      ctx_.report(Severity::Warning, earliest(rrset), "occluded",
                  type + " at " + owner() + " is below the delegation " +
                      cut_->name() + " (" + ctx_.where(cut_->record) +
                      ") and is never served; only A and AAAA glue is used there",
                  "move the record into the child zone " + cut_->name() +
                      ", or remove it");
    } else {
      ctx_.report(Severity::Warning, earliest(rrset), "occluded",
                  type + " at " + owner() + " is below the DNAME at " +
                      cut_->name() + " (" + ctx_.where(cut_->record) +
                      ") and is never served: queries there are redirected (RFC 6672 §2.3)",
                  "remove the record, or the DNAME");
    }
  }
}

void ZoneWalk::check_soa(const ZoneContent::RRset& soa, bool at_apex) {
  auto records = ctx_.content.records();
  if (!at_apex) {
    for (uint32_t i = 0; i < soa.record_count; ++i) {
      uint32_t r = soa.first_record + i;
      ctx_.report(Severity::Error, r, "soa-not-at-apex",
                  "SOA record at " + ctx_.owner_text(records[r].owner) +
                      ", which is not the zone apex " + ctx_.origin.to_text(),
                  "put the SOA at the apex (owner @), or make " +
                      ctx_.owner_text(records[r].owner) + " a zone of its own");
    }
    soa_records_ += soa.record_count;
    return;
  }
  soa_records_ += soa.record_count;
  if (soa.record_count > 1) {
    // Report every SOA written after the first.
    uint32_t first = earliest(soa);
    for (uint32_t i = 0; i < soa.record_count; ++i) {
      uint32_t r = soa.first_record + i;
      if (r == first) continue;
      ctx_.report(Severity::Error, r, "multiple-soa",
                  "a second SOA record at the apex; the first is at " + ctx_.where(first),
                  "keep one SOA record and remove the others");
    }
  }
}

void ZoneWalk::check_cname(const ZoneContent::Node& node, const ZoneContent::RRset& cname) {
  const auto& content = ctx_.content;
  auto records = content.records();
  uint32_t first_cname = earliest(cname);
  std::string owner = ctx_.owner_text(node.name);
  if (cname.record_count > 1) {
    for (uint32_t i = 0; i < cname.record_count; ++i) {
      uint32_t r = cname.first_record + i;
      if (r == first_cname) continue;
      ctx_.report(Severity::Error, r, "multiple-cname",
                  "a second CNAME at " + owner + "; the first is at " + ctx_.where(first_cname) +
                      " (a name has at most one canonical name, RFC 2181 §10.1)",
                  "keep one CNAME record and remove the others");
    }
  }
  // RFC 1034 §3.6.2 and RFC 2181 §10.1; RRSIG and NSEC may accompany a
  // CNAME (RFC 4035 §2.5).
  std::string others;
  std::optional<uint32_t> first_other;
  for (uint32_t i = 0; i < node.rrset_count; ++i) {
    const auto& rrset = content.rrsets()[node.first_rrset + i];
    if (rrset.type == RRType::CNAME || is_dnssec_type(rrset.type)) continue;
    if (!others.empty()) others += ", ";
    others += type_to_text(rrset.type);
    uint32_t r = earliest(rrset);
    if (!first_other || written_before(content.position(r), content.position(*first_other))) first_other = r;
  }
  if (!first_other) return;
  // At the later of the two, where the operator added the conflicting record.
  bool cname_later = written_before(content.position(*first_other), content.position(first_cname));
  uint32_t at = cname_later ? first_cname : *first_other;
  uint32_t other = cname_later ? *first_other : first_cname;
  ctx_.report(Severity::Error, at, "cname-and-other-data",
              "CNAME and other data at " + owner + ": a CNAME cannot share its name with " +
                  others + " (RFC 1034 §3.6.2); see also " + ctx_.where(other),
              "remove the CNAME and give " + owner + " its records directly, or move the " +
                  others + " records to the CNAME's target");
}

void report_merges(CheckContext& ctx, std::span<const ZoneContent::MergeEvent> merges) {
  for (const auto& m : merges) {
    const auto& later = ctx.content.records()[m.record];
    const auto& first = ctx.content.records()[m.first];
    std::string what = ctx.owner_text(later.owner) + " " + type_to_text(later.type);
    if (m.kind == ZoneContent::MergeEvent::Kind::DuplicateRecord) {
      ctx.report(Severity::Warning, m.record, "duplicate-record",
                 "duplicate record " + ctx.record_text(m.record) + ", already at " +
                     ctx.where(m.first) + "; the two are merged into one",
                 "remove one of the two records");
    } else {
      ctx.report(Severity::Warning, m.record, "ttl-mismatch",
                 "TTL " + std::to_string(later.ttl) + " of this " + what +
                     " record differs from the TTL " + std::to_string(first.ttl) +
                     " of its RRset (" + ctx.where(m.first) +
                     "); the RRset is served with " + std::to_string(first.ttl) +
                     " (RFC 2181 §5.2)",
                 "give every record of the " + what + " RRset the same TTL");
    }
  }
}

}  // namespace

void check_zone(const ZoneContent& content, std::span<const ZoneContent::MergeEvent> merges,
                const CheckOptions& options, Diagnostics& diags) {
  CheckContext ctx(content, diags, options);
  ZoneWalk walk(ctx);
  walk.run();
  report_merges(ctx, merges);
}

}  // namespace lnsd::zonec
