#include "answer_prefetch.hh"

#include "dns/message.hh"

namespace lnsd {

void AnswerPrefetch::warm(std::span<const std::span<const uint8_t>> queries, const ZoneSet& zones) {
  forget();
  if (!zones.has_large_zone()) return;
  size_t count = 0;
  for (std::span<const uint8_t> query : queries.first(std::min(queries.size(), kBatch))) {
    // The question name, read as answer() reads it: uncompressed, checked
    // against the message's end. Anything else is left to answer().
    size_t offset = Header::kSize;
    if (query.size() <= offset) continue;
    auto name = Name::from_wire_at(query, offset);
    if (!name) continue;
    const ZoneSet::Zone* zone = zones.find(*name);
    if (!zone || !zone->db()) continue;
    names_[count] = *name;
    if (!descent_.add(*zone->db(), names_[count])) continue;
    hints_[count] = LookupHint{query.data(), query.size(), &zones, zone, &names_[count], {}};
    ++count;
  }
  descent_.run(db::DescentBatch::Last::Check);
  for (size_t i = 0; i < count; ++i) hints_[i].encloser = descent_.result(i);
  descent_.clear();
  hint_count_ = count;
}

const LookupHint* AnswerPrefetch::hint_for(std::span<const uint8_t> query) {
  for (size_t i = next_hint_; i < hint_count_; ++i) {
    if (hints_[i].query == query.data() && hints_[i].query_size == query.size()) {
      next_hint_ = i + 1;
      return &hints_[i];
    }
  }
  return nullptr;
}

}  // namespace lnsd
