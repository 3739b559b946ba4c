#include "db/format.hh"

#include <cstring>

#include "db/bytes.hh"
#include "db/hash64.hh"

namespace lnsd::db::format {

uint64_t fixed_header_checksum(std::span<const uint8_t> fixed) {
  std::array<uint8_t, kFixedHeaderSize> copy{};
  std::memcpy(copy.data(), fixed.data(), kFixedHeaderSize);
  store_le<uint64_t>(copy.data() + field::kFixedChecksum, 0);
  return hash64(copy);
}

std::vector<uint8_t> encode_header(const Header& h) {
  std::vector<uint8_t> out(kFixedHeaderSize, 0);
  for (const SectionEntry& s : h.sections) {
    append_le<uint32_t>(out, s.id);
    append_le<uint32_t>(out, 0);
    append_le<uint64_t>(out, s.offset);
    append_le<uint64_t>(out, s.size);
  }
  out.push_back(uint8_t(h.origin.size()));
  out.insert(out.end(), h.origin.begin(), h.origin.end());
  append_le<uint16_t>(out, uint16_t(h.sources.size()));
  for (const SourceEntry& src : h.sources) {
    append_le<uint16_t>(out, uint16_t(src.path.size()));
    out.insert(out.end(), src.path.begin(), src.path.end());
    out.insert(out.end(), src.sha256.begin(), src.sha256.end());
  }
  // Padded to a cache line, so that the first section (the hash slots)
  // starts on one whatever the length of the source paths.
  out.resize((out.size() + kHeaderAlignment - 1) / kHeaderAlignment * kHeaderAlignment, 0);

  uint8_t* f = out.data();
  std::memcpy(f + field::kMagic, kMagic.data(), kMagic.size());
  store_le<uint32_t>(f + field::kVersion, h.version);
  store_le<uint32_t>(f + field::kFixedSize, uint32_t(kFixedHeaderSize));
  store_le<uint64_t>(f + field::kFileSize, h.file_size);
  store_le<uint64_t>(f + field::kFileChecksum, h.file_checksum);
  store_le<uint64_t>(f + field::kContentHash, h.content_hash);
  store_le<uint32_t>(f + field::kHeaderSize, uint32_t(out.size()));
  store_le<uint32_t>(f + field::kSectionCount, uint32_t(h.sections.size()));
  store_le<uint32_t>(f + field::kNodeCount, h.node_count);
  store_le<uint32_t>(f + field::kSerial, h.serial);
  store_le<uint16_t>(f + field::kClass, h.rr_class);
  store_le<uint16_t>(f + field::kZoneFlags, h.zone_flags);
  store_le<uint64_t>(f + field::kHeaderChecksum,
                     hash64(std::span<const uint8_t>(out).subspan(kFixedHeaderSize)));
  store_le<uint64_t>(f + field::kFixedChecksum,
                     fixed_header_checksum(std::span<const uint8_t>(out).first(kFixedHeaderSize)));
  return out;
}

void decode_fixed_header(std::span<const uint8_t> fixed, Header& h) {
  const uint8_t* f = fixed.data();
  h.version = load_le<uint32_t>(f + field::kVersion);
  h.file_size = load_le<uint64_t>(f + field::kFileSize);
  h.fixed_checksum = load_le<uint64_t>(f + field::kFixedChecksum);
  h.header_checksum = load_le<uint64_t>(f + field::kHeaderChecksum);
  h.file_checksum = load_le<uint64_t>(f + field::kFileChecksum);
  h.content_hash = load_le<uint64_t>(f + field::kContentHash);
  h.header_size = load_le<uint32_t>(f + field::kHeaderSize);
  h.node_count = load_le<uint32_t>(f + field::kNodeCount);
  h.serial = load_le<uint32_t>(f + field::kSerial);
  h.rr_class = load_le<uint16_t>(f + field::kClass);
  h.zone_flags = load_le<uint16_t>(f + field::kZoneFlags);
}

bool decode_variable_header(std::span<const uint8_t> var, size_t section_count, Header& h) {
  ByteCursor c(var);
  h.sections.clear();
  for (size_t i = 0; i < section_count && c.ok(); ++i) {
    SectionEntry s;
    s.id = c.le<uint32_t>();
    c.le<uint32_t>();
    s.offset = c.le<uint64_t>();
    s.size = c.le<uint64_t>();
    h.sections.push_back(s);
  }
  auto origin = c.bytes(c.u8());
  h.origin.assign(origin.begin(), origin.end());
  size_t sources = c.le<uint16_t>();
  h.sources.clear();
  for (size_t i = 0; i < sources && c.ok(); ++i) {
    SourceEntry src;
    auto path = c.bytes(c.le<uint16_t>());
    src.path.assign(path.begin(), path.end());
    auto digest = c.bytes(32);
    if (c.ok()) std::memcpy(src.sha256.data(), digest.data(), 32);
    h.sources.push_back(std::move(src));
  }
  return c.ok();
}

}  // namespace lnsd::db::format
