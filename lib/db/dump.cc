#include "db/dump.hh"

#include <vector>

#include "dns/rdata.hh"

namespace lnsd::db {
namespace {

Expected<void, Error> dump_rrset(const ZoneDb& db, const Name& owner, const RRsetRef& set,
                                 std::vector<uint8_t>& wire, std::string& out) {
  const std::string cls = class_to_text(db.rr_class());
  size_t dumped = 0;
  for (const RdataRef& rdata : set) {
    owner.append_text(out);
    out += '\t';
    out += std::to_string(set.ttl());
    out += '\t';
    out += cls;
    out += '\t';
    append_type_text(set.type(), out);
    out += '\t';
    wire.clear();
    rdata.append_wire(wire);
    if (auto ok = rdata_to_text(set.type(), wire, out); !ok) {
      return unexpected(Error{owner.to_text() + " " + type_to_text(set.type()) + ": " + ok.error().message});
    }
    out += '\n';
    ++dumped;
  }
  if (dumped != set.count()) {
    return unexpected(Error{owner.to_text() + " " + type_to_text(set.type()) + ": damaged rdata"});
  }
  return {};
}

}  // namespace

Expected<void, Error> dump(const ZoneDb& db, std::string& out) {
  std::vector<uint8_t> wire;
  const Name& origin = db.origin();
  auto soa = db.rrset(db.apex(), RRType::SOA);
  if (!soa) return unexpected(Error{"no SOA at the apex"});
  if (auto ok = dump_rrset(db, origin, *soa, wire, out); !ok) return ok;
  for (uint32_t i = 0; i < db.node_count(); ++i) {
    NodeRef node{i};
    Name owner = i == 0 ? origin : db.name(node);
    auto sets = db.rrsets(node);
    auto it = sets.begin();
    for (; it != std::default_sentinel; ++it) {
      if (i == 0 && it->type() == RRType::SOA) continue;
      if (auto ok = dump_rrset(db, owner, *it, wire, out); !ok) return ok;
    }
    if (!it.ok()) return unexpected(Error{owner.to_text() + ": damaged RRsets"});
  }
  return {};
}

}  // namespace lnsd::db
