// libFuzzer target: any bytes as a zone file, compiled in memory as
// lnsd-zonec compiles a file. The zone's origin is the name on a first line
// "; origin: <name>" (the convention of test/zonec), else example.com.
//
// A zone the compiler accepts must go all the way: build_database succeeds,
// the image opens with ZoneDb::from_memory and passes verify(), every RRset
// of the content is found in it, every look-up agrees (zonedb_walk.hh), and
// the database's dump compiles again to the same content octets
// (lnsd-zonedb(5): compiling the dump gives the same database), unless
// some rdata has no exact text form (text_equivalent).
//
// $INCLUDE is disabled (the directive is renamed before parsing) so that
// the fuzzer cannot make the parser read the machine's files or block on a
// device; $GENERATE is capped at 32 records to keep runs fast.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "compile.hh"
#include "db/dump.hh"
#include "db/reader.hh"
#include "db/writer.hh"
#include "diagnostics.hh"
#include "fuzz_common.hh"
#include "rdata_round_trip.hh"
#include "zonedb_walk.hh"

namespace lnsd::fuzz {
namespace {

constexpr std::string_view kOriginLine = "; origin: ";

const zonec::LoadOptions& load_options() {
  static const zonec::LoadOptions options = [] {
    zonec::LoadOptions o;
    o.parse.max_generate = 32;
    o.parse.max_include_depth = 0;
    o.check.now = 1700000000;  // RRSIG windows are judged against a fixed time
    o.diagnostic_limit = 20;
    return o;
  }();
  return options;
}

Name zone_origin(std::string_view text) {
  static const Name kDefault = *Name::from_text("example.com.");
  if (text.substr(0, kOriginLine.size()) != kOriginLine) return kDefault;
  std::string_view rest = text.substr(kOriginLine.size());
  rest = rest.substr(0, rest.find('\n'));
  auto name = Name::from_text(rest);
  return name ? *name : kDefault;
}

// Renames every "$INCLUDE" (any case) to "$XNCLUDE", an unknown directive.
void disable_includes(std::string& text) {
  constexpr std::string_view kInclude = "$include";
  for (size_t i = 0; i + kInclude.size() <= text.size(); ++i) {
    if (text[i] != '$') continue;
    size_t k = 1;
    while (k < kInclude.size() && (text[i + k] | 0x20) == kInclude[k]) ++k;
    if (k == kInclude.size()) text[i + 1] = 'X';
  }
}

// Whether every rdata of the zone reads back from its text form unchanged
// (see text_equivalent: a LOC entered in the generic form may not).
bool text_is_exact(const db::ZoneContent& content) {
  for (const db::ZoneContent::Record& r : content.records()) {
    if (r.type != RRType::LOC) continue;
    const auto rdata = content.rdata(r);
    if (!std::ranges::equal(text_equivalent(r.type, rdata), rdata)) return false;
  }
  return true;
}

std::vector<uint8_t> build(const zonec::LoadedZone& zone, std::string_view what) {
  auto image = db::build_database(*zone.content);
  FUZZ_CHECK(image, std::string(what) + ": the writer refuses a compiled zone: " +
                        image.error().message);
  return std::move(*image);
}

void check_compiled(const Name& origin, const zonec::LoadedZone& zone) {
  const std::vector<uint8_t> image = build(zone, "zone");
  auto db = db::ZoneDb::from_memory(image);
  FUZZ_CHECK(db, "the written database does not open: " + db.error().message);
  auto verified = db->verify();
  FUZZ_CHECK(verified, "the written database fails verify(): " + verified.error().message);
  FUZZ_CHECK(db->origin() == origin && zone.serial() && db->serial().value() == *zone.serial(),
             "origin or serial");

  const db::ZoneContent& content = *zone.content;
  for (const db::ZoneContent::RRset& set : content.rrsets()) {
    const Name owner = content.owner_name(content.rrset_owner(set));
    auto node = db->find_exact(owner);
    FUZZ_CHECK(node, owner.to_text() + " is not in the database");
    auto found = set.type == RRType::RRSIG ? db->rrsigs(*node, set.covered)
                                           : db->rrset(*node, set.type);
    FUZZ_CHECK(found && found->count() == set.record_count && found->ttl() == set.ttl,
               owner.to_text() + " " + type_to_text(set.type) + " is not in the database");
  }
  walk_zonedb(*db, true);

  std::string dumped;
  auto ok = db::dump(*db, dumped);
  FUZZ_CHECK(ok, "dump: " + ok.error().message);
  auto again = zonec::load_zone_text(origin, dumped, "dump.zone", load_options());
  FUZZ_CHECK(again.ok(), "the dump does not compile:\n" + zonec::format_text(again.diags) +
                             "dump:\n" + dumped);
  const std::vector<uint8_t> image_again = build(again, "dump");
  auto db_again = db::ZoneDb::from_memory(image_again);
  FUZZ_CHECK(db_again, "the dump's database does not open");
  FUZZ_CHECK(!text_is_exact(content) || std::ranges::equal(db_again->content(), db->content()),
             "the dump compiles to other content:\n" + dumped);
}

}  // namespace
}  // namespace lnsd::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lnsd;
  using namespace lnsd::fuzz;
  std::string text(reinterpret_cast<const char*>(data), size);
  disable_includes(text);
  const Name origin = zone_origin(text);
  auto zone = zonec::load_zone_text(origin, text, "fuzz.zone", load_options());
  (void)zonec::format_json(zone.diags);
  if (zone.ok()) check_compiled(origin, zone);
  return 0;
}
