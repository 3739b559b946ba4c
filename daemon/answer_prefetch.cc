#include "answer_prefetch.hh"

#include "dns/message.hh"
#include "zone_set.hh"

namespace lnsd {

void AnswerPrefetch::warm(std::span<const std::span<const uint8_t>> queries, const ZoneSet& zones) {
  if (!zones.has_large_zone()) return;
  for (std::span<const uint8_t> query : queries) {
    // The question name, read as answer() reads it: uncompressed, checked
    // against the message's end. Anything else is left to answer().
    size_t offset = Header::kSize;
    if (query.size() <= offset) continue;
    auto name = Name::from_wire_at(query, offset);
    if (!name) continue;
    const ZoneSet::Zone* zone = zones.find(*name);
    if (!zone || !zone->db()) continue;
    names_[descent_.size()] = *name;
    descent_.add(*zone->db(), names_[descent_.size()]);
    if (descent_.size() == kBatch) descent_.run();
  }
  descent_.run();
}

}  // namespace lnsd
