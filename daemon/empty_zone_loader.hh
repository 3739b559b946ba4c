// The zone loader of a server that has no zones: every query is refused
// (RFC 1035 §4.1.1, RCODE 5), as an authoritative server answers a name
// outside its zones. lnsd runs with it until a configuration lists zones.
#pragma once

#include "zone_loader.hh"

namespace lnsd {

class EmptyZoneLoader final : public ZoneLoader {
 public:
  Expected<uint64_t, Error> load() override { return kGeneration; }
  Expected<uint64_t, Error> reload() override { return kGeneration; }
  Expected<std::unique_ptr<Answerer>, Error> open_answerer(uint64_t generation) override;

 private:
  static constexpr uint64_t kGeneration = 1;
};

// REFUSED with the question echoed; FORMERR when there is no readable
// question, NOTIMP for an opcode other than QUERY; nothing for a response.
AnswerResult refuse_query(std::span<const uint8_t> query, std::span<uint8_t> response);

}  // namespace lnsd
