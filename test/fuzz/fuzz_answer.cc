// The answer path over the zones of the differential test (plain, NSEC,
// NSEC3 and NSEC3 opt-out), fed arbitrary bytes. The first octet chooses
// the transport, the client's address family and the server options that
// change answers; the rest is the query. Every response must fit its buffer
// and the transport's limit and parse as a DNS message whose question is
// the query's.
#include <arpa/inet.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "answer.hh"
#include "answer_config.hh"
#include "compile.hh"
#include "db/writer.hh"
#include "dns/parsed_message.hh"
#include "fuzz_common.hh"
#include "zone_set.hh"

#ifndef LNSD_ANSWER_ZONES
#error "LNSD_ANSWER_ZONES: the directory of the differential test's zones"
#endif

namespace {

struct Zones {
  std::vector<std::unique_ptr<std::vector<uint8_t>>> images;
  lnsd::ZoneSet set;
};

Zones* load_zones() {
  auto* zones = new Zones;
  const std::pair<const char*, const char*> files[] = {
      {"diff.test.", "diff.test.zone"},       {"child.diff.test.", "child.diff.test.zone"},
      {"nsec.test.", "nsec.test.zone"},       {"nsec3.test.", "nsec3.test.zone"},
      {"nsec3o.test.", "nsec3o.test.zone"},
  };
  for (const auto& [origin, file] : files) {
    auto name = lnsd::Name::from_text(origin);
    auto loaded = lnsd::zonec::load_zone_file(*name, std::string(LNSD_ANSWER_ZONES) + "/" + file);
    FUZZ_CHECK(loaded.ok() && loaded.content, std::string("zone did not compile: ") + file);
    auto image = lnsd::db::build_database(*loaded.content);
    FUZZ_CHECK(image.has_value(), std::string("no database for ") + file);
    zones->images.push_back(std::make_unique<std::vector<uint8_t>>(std::move(*image)));
    auto db = lnsd::db::ZoneDb::from_memory(*zones->images.back());
    FUZZ_CHECK(db.has_value(), std::string("database does not open: ") + file);
    zones->set.add(std::move(*db));
  }
  // A zone that is configured but failed to load.
  zones->set.add_broken(*lnsd::Name::from_text("broken.test."));
  return zones;
}

uint32_t fixed_clock() { return 1559731985; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Zones* zones = load_zones();
  if (size < 1) return 0;
  const uint8_t choice = data[0];
  std::span<const uint8_t> query(data + 1, size - 1);

  lnsd::AnswerConfig config;
  config.identity = "fuzz";
  config.version = "fuzz";
  config.clock = fixed_clock;
  config.minimal_responses = choice & 0x04;
  config.refuse_any = choice & 0x08;
  config.round_robin = choice & 0x10;
  config.answer_cookie = choice & 0x20;
  if (choice & 0x40) config.nsid = {'f', 'u', 'z', 'z'};
  config.hide_version = choice & 0x80;

  lnsd::Client client;
  client.transport = (choice & 0x01) ? lnsd::Transport::Tcp : lnsd::Transport::Udp;
  if (choice & 0x02) {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&client.address);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_addr.s6_addr[15] = 1;
  } else {
    auto* sin = reinterpret_cast<sockaddr_in*>(&client.address);
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = htonl(0x7F000001);
  }

  std::vector<uint8_t> response(65535);
  lnsd::AnswerResult r = lnsd::answer(query, zones->set, config, client, response);
  if (r.disposition == lnsd::Disposition::Drop) return 0;
  FUZZ_CHECK(r.length >= 12 && r.length <= response.size(), lnsd::fuzz::hex(query));
  // Over UDP: within 512 octets, or the EDNS size plus the options kept
  // room for (NSID, cookie); never more than the largest EDNS size.
  if (client.transport == lnsd::Transport::Udp) {
    FUZZ_CHECK(r.length <= 1232 + 4 + 4 + 28 + 64, lnsd::fuzz::hex(query));
  }
  auto parsed = lnsd::parse_message({response.data(), r.length});
  FUZZ_CHECK(parsed.has_value(), "unparseable response to " + lnsd::fuzz::hex(query));
  FUZZ_CHECK(parsed->header.qr(), lnsd::fuzz::hex(query));
  FUZZ_CHECK(parsed->header.id == uint16_t(query[0] << 8 | query[1]), lnsd::fuzz::hex(query));
  if (!parsed->questions.empty()) {
    FUZZ_CHECK(parsed->questions.size() == 1, lnsd::fuzz::hex(query));
    FUZZ_CHECK(std::equal(response.begin() + 12, response.begin() + 12 + long(parsed->questions[0].name.wire_size()),
                          query.begin() + 12),
               "question not echoed: " + lnsd::fuzz::hex(query));
  }
  return 0;
}
