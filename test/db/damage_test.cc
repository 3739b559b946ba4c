// A damaged database is refused with an error that says what is wrong:
// open() checks the header (magic, version, header checksums, size) and the
// section bounds; verify() checks the whole file. A damaged body that
// open() cannot see must still never make a look-up read out of bounds
// (ASan and UBSan runs of this test check that).
#include <catch2/catch.hpp>

#include <cstring>

#include "db/bytes.hh"
#include "db/descent_batch.hh"
#include "db/dump.hh"
#include "db/format.hh"
#include "db/hash64.hh"
#include "db/reader.hh"
#include "zone_builder.hh"

using namespace lnsd;
using db::DbErrorKind;
using lnsd::test::name;
namespace fmt = lnsd::db::format;

namespace {

std::vector<uint8_t> sample_image() {
  test::ZoneBuilder z("example.com.");
  z.add_lines(R"(
    @ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 300
    @ 3600 NS ns1
    @ 3600 MX 10 mail
    ns1 3600 A 192.0.2.53
    mail 3600 A 192.0.2.25
    mail 3600 AAAA 2001:db8::25
    www 300 CNAME example.com.
    *.wild 3600 TXT "wild"
    a.b.c 3600 TXT "deep"
    sub 3600 NS ns.sub
    ns.sub 3600 A 192.0.2.77
  )");
  z.content().sources().push_back({"zones/example.com", {}});
  return z.build();
}

DbErrorKind open_error(const std::vector<uint8_t>& image) {
  auto db = db::ZoneDb::from_memory(image);
  REQUIRE_FALSE(db.has_value());
  return db.error().kind;
}

// Exercises every look-up on a database that opened, whatever it holds.
size_t touch_everything(const db::ZoneDb& db) {
  size_t seen = 0;
  static const char* const kNames[] = {"example.com.", "www.example.com.", "a.b.c.example.com.",
                                       "x.wild.example.com.", "zz.example.com.", "ns.sub.example.com."};
  std::vector<Name> names;
  db::DescentBatch descent;
  for (const char* n : kNames) names.push_back(name(n));
  for (const Name& q : names) descent.add(db, q);
  seen += descent.run(db::DescentBatch::Last::Check);
  for (const char* n : kNames) {
    Name q = name(n);
    seen += db.find_exact(q).has_value();
    if (auto e = db.closest_encloser(q)) seen += e->labels;
    seen += db.predecessor(q).has_value();
    seen += db.nsec_cover(q).has_value();
  }
  std::vector<uint8_t> wire;
  for (uint32_t i = 0; i < db.node_count(); ++i) {
    db::NodeRef node{i};
    seen += db.flags(node) + db.label(node).size + db.name(node).wire_size();
    seen += db.parent(node).has_value();
    for (const auto& set : db.rrsets(node)) {
      for (const auto& rdata : set) {
        wire.clear();
        rdata.append_wire(wire);
        seen += wire.size();
      }
    }
    seen += db.rrset(node, RRType::A).has_value() + db.rrsigs(node, RRType::A).has_value();
  }
  std::string text;
  (void)db::dump(db, text);
  return seen + text.size();
}

}  // namespace

TEST_CASE("damage: the undamaged sample opens and verifies", "[db][damage]") {
  auto image = sample_image();
  auto db = db::ZoneDb::from_memory(image);
  REQUIRE(db.has_value());
  CHECK(db->verify().has_value());
  CHECK(touch_everything(*db) > 0);
}

TEST_CASE("damage: wrong magic", "[db][damage]") {
  auto image = sample_image();
  image[0] = 'X';
  CHECK(open_error(image) == DbErrorKind::BadMagic);
  auto text = std::vector<uint8_t>{'$', 'O', 'R', 'I', 'G', 'I', 'N', ' ', 'x', '.', '\n'};
  CHECK(open_error(text) == DbErrorKind::BadMagic);
  CHECK(open_error({'L', 'N', 'X'}) == DbErrorKind::BadMagic);
}

TEST_CASE("damage: unknown version", "[db][damage]") {
  auto image = sample_image();
  // A database from an lnsd of format 1 (its hash index had buckets and
  // entries): refused, with the fix.
  db::store_le<uint32_t>(image.data() + fmt::field::kVersion, 1);
  auto db = db::ZoneDb::from_memory(image);
  REQUIRE_FALSE(db);
  CHECK(db.error().kind == DbErrorKind::UnsupportedVersion);
  CHECK(db.error().message.find("version 1, this lnsd reads version 2; recompile") != std::string::npos);
  for (uint32_t version : {0u, 3u}) {
    db::store_le<uint32_t>(image.data() + fmt::field::kVersion, version);
    CHECK(open_error(image) == DbErrorKind::UnsupportedVersion);
  }
}

TEST_CASE("damage: truncation anywhere is refused as truncated", "[db][damage]") {
  auto image = sample_image();
  for (size_t size = 0; size < image.size(); size += (size < 200 ? 1 : 7)) {
    INFO("truncated to " << size << " of " << image.size());
    std::vector<uint8_t> cut(image.begin(), image.begin() + size);
    CHECK(open_error(cut) == DbErrorKind::Truncated);
  }
}

TEST_CASE("damage: trailing octets are refused", "[db][damage]") {
  auto image = sample_image();
  image.push_back(0);
  CHECK(open_error(image) == DbErrorKind::Malformed);
}

TEST_CASE("damage: a bit flip in the header is refused by open()", "[db][damage]") {
  auto image = sample_image();
  auto db = db::ZoneDb::from_memory(image);
  REQUIRE(db);
  const size_t header_size = db->header().header_size;
  for (size_t at = 0; at < header_size; ++at) {
    for (int bit = 0; bit < 8; ++bit) {
      auto damaged = image;
      damaged[at] ^= uint8_t(1 << bit);
      INFO("octet " << at << " bit " << bit);
      DbErrorKind kind = open_error(damaged);
      if (at < fmt::field::kVersion) {
        CHECK(kind == DbErrorKind::BadMagic);
      } else if (at < fmt::field::kVersion + 4) {
        CHECK(kind == DbErrorKind::UnsupportedVersion);
      } else {
        CHECK(kind == DbErrorKind::HeaderChecksum);
      }
    }
  }
}

TEST_CASE("damage: a bit flip in the body is found by verify(), and look-ups stay in bounds",
          "[db][damage]") {
  auto image = sample_image();
  auto db = db::ZoneDb::from_memory(image);
  REQUIRE(db);
  const size_t header_size = db->header().header_size;
  size_t flips = 0;
  for (size_t at = header_size; at < image.size(); ++at) {
    for (int bit = 0; bit < 8; bit += 3) {
      auto damaged = image;
      damaged[at] ^= uint8_t(1 << bit);
      INFO("octet " << at << " bit " << bit);
      auto opened = db::ZoneDb::from_memory(damaged);
      REQUIRE(opened.has_value());  // open() does not read the body
      auto verified = opened->verify();
      REQUIRE_FALSE(verified);
      CHECK(verified.error().kind == DbErrorKind::FileChecksum);
      (void)touch_everything(*opened);
      ++flips;
    }
  }
  CHECK(flips > 1000);
}

TEST_CASE("damage: a consistent but wrong body is malformed", "[db][damage]") {
  // Damage that a writer could make, with the checksums recomputed: verify()
  // walks the structure and names the node.
  auto image = sample_image();
  auto db = db::ZoneDb::from_memory(image);
  REQUIRE(db);
  const auto& h = db->header();
  uint64_t data_offset = 0, offsets = 0;
  for (const auto& s : h.sections) {
    if (s.id == uint32_t(fmt::SectionId::NodeData)) data_offset = s.offset;
    if (s.id == uint32_t(fmt::SectionId::NodeOffset)) offsets = s.offset;
  }
  // Node 1's flags octet: set an unknown flag.
  uint32_t node1 = db::load_le<uint32_t>(image.data() + offsets + 4);
  image[data_offset + node1] |= 0x80;
  std::span<const uint8_t> file(image);
  db::store_le<uint64_t>(image.data() + fmt::field::kContentHash, db::hash64(file.subspan(h.header_size)));
  db::store_le<uint64_t>(image.data() + fmt::field::kFileChecksum,
                         db::hash64(file.subspan(fmt::kFixedHeaderSize)));
  db::store_le<uint64_t>(image.data() + fmt::field::kFixedChecksum,
                         fmt::fixed_header_checksum(file.first(fmt::kFixedHeaderSize)));
  auto damaged = db::ZoneDb::from_memory(image);
  REQUIRE(damaged);
  auto verified = damaged->verify();
  REQUIRE_FALSE(verified);
  CHECK(verified.error().kind == DbErrorKind::Malformed);
  CHECK(verified.error().message.find("node 1") != std::string::npos);
}

namespace {

// The checksums of an image whose body was changed on purpose.
void reseal(std::vector<uint8_t>& image, uint32_t header_size) {
  std::span<const uint8_t> file(image);
  db::store_le<uint64_t>(image.data() + fmt::field::kContentHash, db::hash64(file.subspan(header_size)));
  db::store_le<uint64_t>(image.data() + fmt::field::kFileChecksum,
                         db::hash64(file.subspan(fmt::kFixedHeaderSize)));
  db::store_le<uint64_t>(image.data() + fmt::field::kFixedChecksum,
                         fmt::fixed_header_checksum(file.first(fmt::kFixedHeaderSize)));
}

std::string verify_error(const std::vector<uint8_t>& image) {
  auto db = db::ZoneDb::from_memory(image);
  REQUIRE(db);
  touch_everything(*db);  // look-ups stay in bounds, found or not
  auto verified = db->verify();
  REQUIRE_FALSE(verified);
  CHECK(verified.error().kind == DbErrorKind::Malformed);
  return verified.error().message;
}

}  // namespace

TEST_CASE("damage: a hash index a look-up would not find its way through is malformed", "[db][damage]") {
  // Slots that a writer could get wrong, with the checksums recomputed.
  const auto image = sample_image();
  auto db = db::ZoneDb::from_memory(image);
  REQUIRE(db);
  REQUIRE(db->verify());
  const auto& h = db->header();
  fmt::SectionEntry slots{}, data{};
  for (const auto& s : h.sections) {
    if (s.id == uint32_t(fmt::SectionId::HashSlots)) slots = s;
    if (s.id == uint32_t(fmt::SectionId::NodeData)) data = s;
  }
  REQUIRE(slots.offset % 64 == 0);  // each bucket one cache line
  const fmt::SlotLayout layout(h.node_count, data.size);
  const size_t slot_count = slots.size / 8;
  // The first node of the index, and the first empty slot of a bucket
  // after its own (the table is at most 3/4 full, so neither is full).
  size_t first = slot_count, empty = slot_count;
  for (size_t k = 0; k < slot_count; ++k) {
    const uint64_t slot = db::load_le<uint64_t>(image.data() + slots.offset + k * 8);
    if (slot != 0 && first == slot_count) first = k;
    if (slot == 0 && empty == slot_count && first < slot_count &&
        k / fmt::kSlotsPerBucket > first / fmt::kSlotsPerBucket) {
      empty = k;
    }
  }
  REQUIRE(first < slot_count);
  REQUIRE(empty < slot_count);
  const uint64_t slot = db::load_le<uint64_t>(image.data() + slots.offset + first * 8);
  const uint32_t node = layout.index(slot);

  SECTION("a slot that gives the node's neighbour's offset") {
    auto damaged = image;
    const uint64_t wrong = layout.make(slot, node, layout.offset(slot) + 1, layout.group_delta(slot) + 1);
    db::store_le<uint64_t>(damaged.data() + slots.offset + first * 8, wrong);
    reseal(damaged, h.header_size);
    CHECK(verify_error(damaged).find("wrong tag, offset or group delta") != std::string::npos);
  }
  SECTION("a slot that puts the node's label group elsewhere") {
    auto damaged = image;
    REQUIRE(layout.group_delta(slot) != layout.no_delta());
    const uint64_t wrong = layout.make(slot, node, layout.offset(slot), layout.group_delta(slot) + 3);
    db::store_le<uint64_t>(damaged.data() + slots.offset + first * 8, wrong);
    reseal(damaged, h.header_size);
    CHECK(verify_error(damaged).find("wrong tag, offset or group delta") != std::string::npos);
  }
  SECTION("a slot with another key's tag") {
    auto damaged = image;
    db::store_le<uint64_t>(damaged.data() + slots.offset + first * 8, slot ^ (uint64_t(1) << 63));
    reseal(damaged, h.header_size);
    CHECK(verify_error(damaged).find("wrong tag, offset or group delta") != std::string::npos);
  }
  SECTION("a node moved to a bucket a look-up never reaches") {
    auto damaged = image;
    // Out of its bucket, which then has room (the slots after it move up,
    // as a writer would leave them), and into a later one.
    const size_t bucket_end = (first / fmt::kSlotsPerBucket + 1) * fmt::kSlotsPerBucket;
    for (size_t k = first; k + 1 < bucket_end; ++k) {
      std::memcpy(damaged.data() + slots.offset + k * 8, image.data() + slots.offset + (k + 1) * 8, 8);
    }
    db::store_le<uint64_t>(damaged.data() + slots.offset + (bucket_end - 1) * 8, 0);
    db::store_le<uint64_t>(damaged.data() + slots.offset + empty * 8, slot);
    reseal(damaged, h.header_size);
    auto moved = db::ZoneDb::from_memory(damaged);
    REQUIRE(moved);
    CHECK_FALSE(moved->find_exact(db->name(db::NodeRef{node})));
    CHECK(verify_error(damaged).find("past a bucket with room") != std::string::npos);
  }
  SECTION("a node left out") {
    auto damaged = image;
    db::store_le<uint64_t>(damaged.data() + slots.offset + first * 8, 0);
    reseal(damaged, h.header_size);
    CHECK(verify_error(damaged).find("hash") != std::string::npos);
  }
}

TEST_CASE("damage: open() of a file names the file and the cause", "[db][damage]") {
  test::TempDir dir;
  auto image = sample_image();
  std::string path = dir.path() + "/example.com.zdb";
  image.resize(image.size() / 2);
  test::write_file(path, image);
  auto db = db::ZoneDb::open(path);
  REQUIRE_FALSE(db);
  CHECK(db.error().kind == DbErrorKind::Truncated);
  CHECK(db.error().message.find(path) != std::string::npos);
  CHECK(db::describe(db.error().kind) == "truncated");

  auto missing = db::ZoneDb::open(dir.path() + "/nothere.zdb");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == DbErrorKind::Io);
  test::write_file(path, {});
  CHECK(db::ZoneDb::open(path).error().kind == DbErrorKind::Truncated);
}
