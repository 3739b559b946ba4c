// Helpers for the zone compiler's tests: compile zone text in memory and
// look at what came out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compile.hh"
#include "dns/rdata.hh"

namespace lnsd::zonec::test {

// 2024-06-01 00:00:00 UTC: a fixed "now" for RRSIG validity tests.
inline constexpr std::time_t kTestNow = 1717200000;

inline Name name(std::string_view text) { return *Name::from_text(text); }

inline LoadedZone compile(std::string_view text, std::string_view origin = "example.com.",
                          LoadOptions options = {}) {
  if (options.check.now == 0) options.check.now = kTestNow;
  return load_zone_text(name(origin), text, "test.zone", options);
}

// The SOA and NS every test zone needs, so each test shows only what it is about.
inline constexpr std::string_view kHead =
    "$TTL 3600\n"
    "@ SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300\n"
    "  NS ns1.example.com.\n"
    "ns1 A 192.0.2.1\n";

inline std::string with_head(std::string_view rest) { return std::string(kHead) + std::string(rest); }

// Every record of `owner` and `type`, as presentation rdata, in canonical order.
inline std::vector<std::string> rdatas(const LoadedZone& z, std::string_view owner, RRType type) {
  std::vector<std::string> out;
  const auto& c = *z.content;
  Name want = name(owner);
  for (const auto& rrset : c.rrsets()) {
    if (rrset.type != type || !(c.owner_name(c.rrset_owner(rrset)) == want)) continue;
    for (uint32_t i = 0; i < rrset.record_count; ++i) {
      std::string text;
      auto ok = rdata_to_text(type, c.rdata(c.records()[rrset.first_record + i]), text);
      out.push_back(ok ? text : "<malformed>");
    }
  }
  return out;
}

// The TTL of the RRset, or -1 when there is none.
inline int64_t ttl_of(const LoadedZone& z, std::string_view owner, RRType type) {
  const auto& c = *z.content;
  Name want = name(owner);
  for (const auto& rrset : c.rrsets()) {
    if (rrset.type == type && c.owner_name(c.rrset_owner(rrset)) == want) return rrset.ttl;
  }
  return -1;
}

inline size_t count(const LoadedZone& z, std::string_view check) {
  size_t n = 0;
  for (const auto& d : z.diags.items()) n += d.check == check;
  return n;
}

inline const Diagnostic* find(const LoadedZone& z, std::string_view check) {
  for (const auto& d : z.diags.items()) {
    if (d.check == check) return &d;
  }
  return nullptr;
}

// All diagnostics as text, for failure messages.
inline std::string dump(const LoadedZone& z) { return format_text(z.diags); }

}  // namespace lnsd::zonec::test
