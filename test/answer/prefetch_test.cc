// Warming the cache for a receive batch (AnswerPrefetch) must leave every
// answer as answer() alone gives it, whatever the batch holds: names in and
// out of the zones, wildcards, referrals, malformed messages.
#include <catch2/catch.hpp>

#include <string>

#include "answer_prefetch.hh"
#include "answer_test_util.hh"

using namespace lnsd;
using namespace lnsd::test;

namespace {

// A zone whose database is larger than ZoneSet's cache-sized threshold, so
// that the prefetch pass runs.
std::string large_zone_text() {
  std::string text =
      "@ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
      "@ 3600 NS ns1\n"
      "@ 3600 NS ns2\n"
      "ns1 3600 A 192.0.2.1\n"
      "ns2 3600 A 192.0.2.2\n"
      "*.wild 3600 A 192.0.2.4\n"
      "deleg 3600 NS ns.deleg\n"
      "ns.deleg 3600 A 192.0.2.5\n";
  for (int i = 0; i < 60000; ++i) {
    const std::string n = std::to_string(i);
    text += "host" + n + " 3600 A 10.0." + std::to_string(i / 256 % 256) + "." + std::to_string(i % 256) + "\n";
    text += "host" + n + " 3600 TXT \"some text to make the database larger " + n + "\"\n";
  }
  return text;
}

}  // namespace

TEST_CASE("prefetch: a batch warmed first is answered as without it", "[answer][prefetch]") {
  AnswerFixture f;
  f.zone("big.example.", large_zone_text());
  f.zone("small.example.", "@ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ 3600 NS ns1\nns1 3600 A 192.0.2.9\n");
  REQUIRE(f.zones().has_large_zone());

  std::vector<std::vector<uint8_t>> queries;
  for (const char* n : {"host1.big.example.", "HOST59999.Big.Example.", "host60000.big.example.", "nx.big.example.",
                        "a.b.host7.big.example.", "x.wild.big.example.", "www.deleg.big.example.", "big.example.",
                        "ns1.small.example.", "www.elsewhere.", "."}) {
    for (RRType type : {RRType::A, RRType::TXT, RRType::NS}) queries.push_back(make_query({.name = n, .type = type}));
  }
  queries.push_back({0x12, 0x34});  // shorter than a header
  auto pointer = make_query({.name = "host1.big.example."});
  pointer[12] = 0xC0;  // a compression pointer as the question
  queries.push_back(pointer);
  auto cut = make_query({.name = "host2.big.example."});
  cut.resize(20);  // the name cut short
  queries.push_back(cut);

  std::vector<Reply> alone;
  for (const auto& q : queries) alone.push_back(f.ask_wire(q));

  // As a server answers a receive batch: warmed, then each query with its
  // hint, in order, also over IPv6, whose additional records differ.
  std::vector<std::span<const uint8_t>> batch(queries.begin(), queries.end());
  REQUIRE(batch.size() <= AnswerPrefetch::kBatch);
  AnswerPrefetch prefetch;
  std::vector<uint8_t> buffer(65535);
  size_t hinted = 0;
  for (const char* address : {"192.0.2.7", "2001:db8::7"}) {
    f.client = client_at(address, 5353);
    std::vector<Reply> expected;
    for (const auto& q : queries) expected.push_back(f.ask_wire(q));
    prefetch.warm(batch, f.zones());
    for (size_t i = 0; i < queries.size(); ++i) {
      const LookupHint* hint = prefetch.hint_for(queries[i]);
      hinted += hint != nullptr;
      AnswerResult r = answer(queries[i], f.zones(), f.config, f.client, buffer, hint);
      INFO(expected[i].text());
      REQUIRE(r.disposition == expected[i].result.disposition);
      CHECK(std::vector<uint8_t>(buffer.begin(), buffer.begin() + long(r.length)) == expected[i].wire);
    }
  }
  // Every query whose name is in a zone got a hint (11 names, 9 of them in
  // one, 3 types each, twice).
  CHECK(hinted == 2 * 9 * 3);

  // A hint is only taken for the query bytes it was made for.
  prefetch.warm(batch, f.zones());
  const LookupHint* first = prefetch.hint_for(queries[0]);
  REQUIRE(first);
  auto copy = queries[0];
  AnswerResult r = answer(copy, f.zones(), f.config, f.client, buffer, first);
  CHECK(std::vector<uint8_t>(buffer.begin(), buffer.begin() + long(r.length)) == f.ask_wire(copy).wire);
  CHECK_FALSE(prefetch.hint_for(queries[0]));  // already given out

  // Past one receive batch, the queries are left alone.
  std::vector<std::span<const uint8_t>> many;
  while (many.size() < 3 * AnswerPrefetch::kBatch) many.insert(many.end(), batch.begin(), batch.end());
  prefetch.warm(many, f.zones());
  size_t given = 0;
  for (std::span<const uint8_t> q : many) given += prefetch.hint_for(q) != nullptr;
  CHECK(given > 0);
  CHECK(given <= AnswerPrefetch::kBatch);
  prefetch.warm(batch, f.zones());
  prefetch.forget();
  CHECK(prefetch.hint_for(queries[0]) == nullptr);
}

TEST_CASE("prefetch: zone sets that fit in the cache are not warmed", "[answer][prefetch]") {
  AnswerFixture f;
  f.zone("small.example.", "@ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ 3600 NS ns1\nns1 3600 A 192.0.2.9\n");
  CHECK_FALSE(f.zones().has_large_zone());
}
