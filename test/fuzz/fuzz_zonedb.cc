// libFuzzer target: any bytes as a zone database image (lnsd-zonedb(5)).
// ZoneDb::from_memory must refuse or accept them without reading outside
// the image, and every look-up on what it accepts must stay in bounds,
// however damaged the body (zonedb_walk.hh), and so must the dump.
//
// The checksums would stop nearly every mutation at the header, so each
// input runs twice: as it is, and with its checksums recomputed, which lets
// damaged structure reach the reader and verify(). A database that verify()
// accepts must then answer its look-ups consistently.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "db/bytes.hh"
#include "db/dump.hh"
#include "db/format.hh"
#include "db/hash64.hh"
#include "db/reader.hh"
#include "fuzz_common.hh"
#include "zonedb_walk.hh"

namespace lnsd::fuzz {
namespace {

// Fills in the checksum fields over what the image holds, as the writer
// does: the variable header's and the file's, the content hash, and last
// the fixed header's, which covers the others.
void recompute_checksums(std::vector<uint8_t>& image) {
  using namespace db::format;
  if (image.size() < kFixedHeaderSize) return;
  const std::span<const uint8_t> all(image);
  const uint32_t header_size = db::load_le<uint32_t>(image.data() + field::kHeaderSize);
  if (header_size >= kFixedHeaderSize && header_size <= image.size()) {
    db::store_le<uint64_t>(image.data() + field::kHeaderChecksum,
                           db::hash64(all.subspan(kFixedHeaderSize, header_size - kFixedHeaderSize)));
    db::store_le<uint64_t>(image.data() + field::kContentHash, db::hash64(all.subspan(header_size)));
  }
  db::store_le<uint64_t>(image.data() + field::kFileChecksum,
                         db::hash64(all.subspan(kFixedHeaderSize)));
  db::store_le<uint64_t>(image.data() + field::kFixedChecksum,
                         fixed_header_checksum(all.first(kFixedHeaderSize)));
}

void check_image(std::span<const uint8_t> image) {
  auto db = db::ZoneDb::from_memory(image);
  if (!db) return;
  FUZZ_CHECK(db->image().data() == image.data() && db->image().size() == image.size(), "image");
  const bool verified = db->verify().has_value();
  walk_zonedb(*db, verified);
  // lnsd-zonec --dump: a damaged database may fail, a verified one may not
  // (every rdata it holds is well formed, so every rdata prints).
  std::string text;
  auto dumped = db::dump(*db, text);
  FUZZ_CHECK(!verified || dumped || !db->rrset(db->apex(), RRType::SOA),
             "a verified database does not dump: " + dumped.error().message);
}

}  // namespace
}  // namespace lnsd::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lnsd::fuzz;
  check_image({data, size});
  std::vector<uint8_t> repaired(data, data + size);
  recompute_checksums(repaired);
  check_image(repaired);
  return 0;
}
