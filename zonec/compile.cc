#include "compile.hh"

#include <thread>

namespace lnsd::zonec {

namespace {

template <class ParseFn>
LoadedZone load(const Name& origin, const LoadOptions& options, ParseFn parse) {
  LoadedZone zone{std::make_unique<db::ZoneContent>(origin), Diagnostics(options.diagnostic_limit),
                  std::nullopt, std::nullopt};
  zone.diags.set_warnings_are_errors(options.warnings_are_errors);
  ZoneParser parser(*zone.content, zone.diags, options.parse);
  if (auto r = parse(parser); !r) {
    zone.io_error = r.error();
    return zone;
  }
  auto merges = zone.content->finalize();
  CheckOptions check = options.check;
  if (check.now == 0) check.now = std::time(nullptr);
  std::jthread alongside;  // joined before `zone` is returned, even on a throw
  if (options.alongside_checks && zone.diags.error_count() == 0) {
    const db::ZoneContent& content = *zone.content;
    alongside = std::jthread([&options, &content] { options.alongside_checks(content); });
  }
  check_zone(*zone.content, merges, check, zone.diags);
  if (auto soa = zone.soa_record()) zone.soa_position = zone.content->position(*soa);
  zone.content->release_positions();
  if (alongside.joinable()) alongside.join();
  return zone;
}

}  // namespace

std::optional<uint32_t> LoadedZone::soa_record() const {
  if (!content || !content->finalized()) return std::nullopt;
  const auto& c = *content;
  if (c.nodes().empty()) return std::nullopt;
  const auto& apex = c.nodes()[0];
  if (!(c.owner_name(apex.name) == c.origin())) return std::nullopt;
  for (uint32_t i = 0; i < apex.rrset_count; ++i) {
    const auto& rrset = c.rrsets()[apex.first_rrset + i];
    if (rrset.type == RRType::SOA && rrset.record_count == 1) return rrset.first_record;
  }
  return std::nullopt;
}

std::optional<uint32_t> LoadedZone::serial() const {
  auto soa = soa_record();
  if (!soa) return std::nullopt;
  auto rdata = content->rdata(content->records()[*soa]);
  // serial, refresh, retry, expire, minimum end the rdata (RFC 1035 §3.3.13)
  size_t at = rdata.size() - 20;
  return uint32_t(rdata[at]) << 24 | uint32_t(rdata[at + 1]) << 16 |
         uint32_t(rdata[at + 2]) << 8 | uint32_t(rdata[at + 3]);
}

LoadedZone load_zone_file(const Name& origin, const std::string& path,
                          const LoadOptions& options) {
  return load(origin, options, [&](ZoneParser& p) { return p.parse_file(path); });
}

LoadedZone load_zone_text(const Name& origin, std::string_view text,
                          const std::string& display_name, const LoadOptions& options) {
  return load(origin, options, [&](ZoneParser& p) {
    p.parse_text(text, display_name);
    return Expected<void, Error>();
  });
}

}  // namespace lnsd::zonec
