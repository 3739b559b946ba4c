// Internal to the checks: the finalized zone, the diagnostics, and the
// look-ups the checks share (a name's node, a node's types).
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "checks.hh"
#include "dns/name.hh"

namespace lnsd::zonec {

class CheckContext {
 public:
  CheckContext(const db::ZoneContent& content, Diagnostics& diags, const CheckOptions& options);

  const db::ZoneContent& content;
  const CheckOptions& options;
  const Name& origin;

  // A finding about one record, at the place it was written.
  void report(Severity severity, uint32_t record, std::string check, std::string message,
              std::string fix);
  // A finding about the whole zone, at the top of the zone file.
  void report_zone(Severity severity, std::string check, std::string message, std::string fix);

  // The RRset of `type` at `node`, if any.
  const db::ZoneContent::RRset* find_rrset(uint32_t node, RRType type) const;

  std::string owner_text(uint32_t owner) const;
  // "www.example.com. 3600 A 192.0.2.1", for messages.
  std::string record_text(uint32_t record) const;
  // "zone.db:12" for messages that point at a second place.
  std::string where(uint32_t record) const;

 private:
  Diagnostics& diags_;
};

// Source order of two records' positions (file, then line, then column).
bool written_before(const db::SourcePos& a, const db::SourcePos& b);

// True when the wire name `name` is `ancestor` or below it (any case).
bool wire_is_subdomain(std::span<const uint8_t> name, std::span<const uint8_t> ancestor);

// The in-zone names that NS, MX and SRV records point at, and what the zone
// has at each. The targets are collected first and looked up in one pass
// over the nodes, so a zone pays for the look-ups with one hash per node,
// and not at all when no target is inside it.
class TargetTable {
 public:
  struct Info {
    bool exists = false;
    bool cname = false;
    bool address = false;  // A or AAAA
  };

  uint32_t add(std::span<const uint8_t> wire);
  bool empty() const { return offsets_.empty(); }
  // Fills the Info of every target from the zone's nodes.
  void resolve(const CheckContext& context);
  const Info& info(uint32_t id) const { return infos_[id]; }

 private:
  std::optional<uint32_t> find(std::span<const uint8_t> wire, uint64_t hash) const;
  std::span<const uint8_t> wire(uint32_t id) const;
  void grow();

  std::vector<uint8_t> arena_;       // lowercased wire forms
  std::vector<uint32_t> offsets_;
  std::vector<uint64_t> hashes_;
  std::vector<uint32_t> table_;      // id + 1, 0 = empty
  std::vector<Info> infos_;
  std::array<uint64_t, 4> lengths_{};  // bitset of the targets' wire lengths
};

// Checks on the rdata of single records: names, targets, DNSSEC fields.
// Findings that tend to come by the thousand (expired signatures, NSEC3
// iterations) are reported once, with a count, by finish().
class RdataChecks {
 public:
  explicit RdataChecks(CheckContext& context) : ctx_(context) {}
  void check(uint32_t record, bool occluded);
  void finish();

 private:
  void check_target(uint32_t record, RRType type, const Name& target);
  void report_target(uint32_t record, RRType type, const TargetTable::Info& info);
  void check_rrsig(uint32_t record);
  void check_nsec3_iterations(uint32_t record);

  CheckContext& ctx_;
  struct PendingTarget {
    uint32_t record;
    uint32_t target;  // in targets_
  };
  TargetTable targets_;
  std::vector<PendingTarget> pending_;
  struct Aggregate {
    std::optional<uint32_t> first;
    size_t count = 0;
  };
  Aggregate expired_;
  Aggregate not_yet_valid_;
  Aggregate nsec3_iterations_;
};

}  // namespace lnsd::zonec
