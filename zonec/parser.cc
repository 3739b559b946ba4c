#include "parser.hh"

#include <climits>
#include <cstdlib>
#include <utility>

#include "dns/rdata.hh"
#include "name_checks.hh"
#include "rdata_hints.hh"
#include "source_file.hh"
#include "ttl.hh"

namespace lnsd::zonec {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = char(x - 32);
    if (y >= 'a' && y <= 'z') y = char(y - 32);
    if (x != y) return false;
  }
  return true;
}

// `t` equals the uppercase mnemonic `upper`, in any case.
bool is_mnemonic(std::string_view t, std::string_view upper) {
  if (t.size() != upper.size()) return false;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c >= 'a' && c <= 'z') c = char(c - 32);
    if (c != upper[i]) return false;
  }
  return true;
}

// The types nearly every record has, found without searching the registry.
std::optional<RRType> type_of(std::string_view t) {
  static constexpr std::pair<std::string_view, RRType> kCommon[] = {
      {"A", RRType::A},         {"NS", RRType::NS},       {"MX", RRType::MX},
      {"DS", RRType::DS},       {"TXT", RRType::TXT},     {"SOA", RRType::SOA},
      {"PTR", RRType::PTR},     {"SRV", RRType::SRV},     {"CAA", RRType::CAA},
      {"AAAA", RRType::AAAA},   {"NSEC", RRType::NSEC},   {"CNAME", RRType::CNAME},
      {"RRSIG", RRType::RRSIG}, {"NSEC3", RRType::NSEC3}, {"DNSKEY", RRType::DNSKEY},
  };
  if (t.size() <= 6) {
    for (const auto& [text, type] : kCommon) {
      if (is_mnemonic(t, text)) return type;
    }
  }
  return type_from_text(t);
}

// The common case, tested before the general class look-up.
bool is_class_in(std::string_view t) {
  return t.size() == 2 && (t[0] | 0x20) == 'i' && (t[1] | 0x20) == 'n';
}

constexpr const char* kTtlFix =
    "write seconds (3600) or a number with units s, m, h, d, w (1h, 2d, 1w2d3h4m5s), up to "
    "2147483647";

// No trailing dot, or one that is escaped ("a\\."): completed with the origin.
bool is_relative(std::string_view text) {
  if (text.empty() || text.back() != '.') return true;
  size_t backslashes = 0;
  for (size_t i = text.size() - 1; i > 0 && text[i - 1] == '\\'; --i) ++backslashes;
  return backslashes % 2 == 1;
}

std::string quote(std::string_view text) { return "'" + std::string(text) + "'"; }

// SOA rdata ends with serial, refresh, retry, expire, minimum (RFC 1035 §3.3.13).
uint32_t soa_minimum(std::span<const uint8_t> rdata) {
  size_t n = rdata.size();
  return uint32_t(rdata[n - 4]) << 24 | uint32_t(rdata[n - 3]) << 16 |
         uint32_t(rdata[n - 2]) << 8 | uint32_t(rdata[n - 1]);
}

}  // namespace

ZoneParser::ZoneParser(db::ZoneContent& content, Diagnostics& diags, ParseOptions options)
    : content_(content),
      feed_(content),
      diags_(diags),
      options_(std::move(options)),
      zone_origin_(content.origin()),
      origin_(content.origin()) {
  rdata_.reserve(65535);
}

void ZoneParser::error(TextPos pos, std::string check, std::string message, std::string fix) {
  TextPos p = at(pos);
  diags_.error(files_.empty() ? std::string() : files_.back().path, p.line, p.column,
               std::move(check), std::move(message), std::move(fix));
}

void ZoneParser::warning(TextPos pos, std::string check, std::string message, std::string fix) {
  TextPos p = at(pos);
  diags_.warning(files_.empty() ? std::string() : files_.back().path, p.line, p.column,
                 std::move(check), std::move(message), std::move(fix));
}

Expected<void, Error> ZoneParser::parse_file(const std::string& path) {
  auto file = MappedFile::open(path);
  if (!file) return unexpected(file.error());
  return read_top_source(path, real_path_of(path), file->text(), &*file);
}

void ZoneParser::parse_text(std::string_view text, const std::string& display_name) {
  (void)read_top_source(display_name, std::string(), text, nullptr);
}

Expected<void, Error> ZoneParser::read_top_source(const std::string& path,
                                                  std::string real_path,
                                                  std::string_view text,
                                                  const MappedFile* file) {
  content_.reserve_for_source(text.size());
  if (text.size() >= options_.feed_thread_min_bytes) feed_.start_thread();
  auto r = read_source(path, std::move(real_path), text, file);
  feed_.finish();
  return r;
}

Expected<void, Error> ZoneParser::read_source(const std::string& path, std::string real_path,
                                              std::string_view text, const MappedFile* file) {
  if (content_.sources().size() >= UINT16_MAX) {
    return unexpected(Error{"more than 65535 source files"});
  }
  auto index = uint16_t(content_.sources().size());
  content_.sources().push_back({path, {}});
  files_.push_back({path, file ? directory_of(path) : ".", std::move(real_path), index});
  SourceProgress progress(file);
  Lexer lexer(text);
  Entry entry;
  while (lexer.next(entry)) {
    if (!lexer.errors().empty()) {
      // The entry is damaged; one error for it is clearer than a cascade.
      for (const auto& e : lexer.errors()) error(e.pos, "syntax", e.message, e.fix);
      lexer.clear_errors();
      // Its owner is unknown, so lines that repeat it are skipped too.
      if (!entry.blank_owner) owner_state_ = OwnerState::Invalid;
      continue;
    }
    process_entry(entry);
    // Tokens of later entries lie after the current entry's end.
    progress.advance(size_t(entry.token(0).text.data() - text.data()));
  }
  for (const auto& e : lexer.errors()) error(e.pos, "syntax", e.message, e.fix);
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  content_.sources()[index].sha256 = file ? progress.finish() : sha256(bytes);
  files_.pop_back();
  return {};
}

void ZoneParser::process_entry(const Entry& entry) {
  const Token& first = entry.token(0);
  if (!entry.blank_owner && !first.quoted && first.text[0] == '$') {
    if (iequals(first.text, "$ORIGIN")) {
      directive_origin(entry);
    } else if (iequals(first.text, "$TTL")) {
      directive_ttl(entry);
    } else if (iequals(first.text, "$INCLUDE")) {
      directive_include(entry);
    } else if (iequals(first.text, "$GENERATE")) {
      directive_generate(entry);
    } else {
      error(entry.pos(0), "unknown-directive",
            "unknown directive " + quote(first.text),
            "use $ORIGIN, $TTL, $INCLUDE or $GENERATE; a name that begins with '$' is "
            "written \\$");
    }
    return;
  }
  process_record(entry);
}

bool ZoneParser::set_owner(const Token& token, TextPos pos) {
  if (owner_state_ == OwnerState::Valid && owner_generation_ == origin_generation_ &&
      token.text == owner_text_) {
    return true;  // the same owner as the previous entry, already interned
  }
  owner_state_ = OwnerState::Invalid;
  auto name = Name::from_text(token.text, &origin_);
  if (!name) {
    error(pos, "bad-name", "bad owner name " + quote(token.text) + ": " +
                               std::string(describe(name.error())),
          "write a domain name of labels up to 63 octets, 255 in all, escaping special "
          "characters as \\X or \\DDD");
    return false;
  }
  // A relative name is inside the zone when the origin is.
  bool inside = is_relative(token.text) ? origin_inside_zone_
                                        : name->is_subdomain_of(zone_origin_);
  if (!inside) {
    error(pos, "out-of-zone",
          "out of zone data: " + name->to_text() + " is outside the zone " +
              zone_origin_.to_text(),
          "write names inside " + zone_origin_.to_text() +
              " (a relative name gets the origin appended; an absolute name ends with a dot)");
    return false;
  }
  if (ends_in_doubled_origin(*name, zone_origin_)) {
    auto wire = name->wire();
    std::string key(wire.begin(), wire.end());
    for (char& c : key) {
      if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    }
    if (doubled_owners_.insert(std::move(key)).second) {
      auto finding = doubled_origin_finding("owner", *name, zone_origin_);
      warning(pos, "doubled-origin", std::move(finding.message), std::move(finding.fix));
    }
  }
  feed_.set_owner(*name);
  owner_state_ = OwnerState::Valid;
  owner_text_.assign(token.text);
  owner_generation_ = origin_generation_;
  return true;
}

std::optional<uint32_t> ZoneParser::checked_ttl(const Token& token, TextPos pos) {
  auto ttl = parse_ttl(token.text);
  if (!ttl) {
    error(pos, "bad-ttl", "bad TTL " + quote(token.text), kTtlFix);
    return std::nullopt;
  }
  if (*ttl > kMaxTtl) {
    warning(pos, "ttl-too-large",
            "TTL " + std::to_string(*ttl) +
                " is over 2^31-1 and is clamped to 2147483647 (RFC 2181 §8)",
            "use a TTL of at most 2147483647 seconds; a day (86400) is typical");
    ttl = kMaxTtl;
  }
  return ttl;
}

std::optional<uint32_t> ZoneParser::record_ttl(std::optional<uint32_t> explicit_ttl, RRType type,
                                               TextPos pos) {
  if (explicit_ttl) return explicit_ttl;
  if (default_ttl_) return default_ttl_;
  if (last_ttl_) {
    if (!warned_previous_ttl_) {
      warned_previous_ttl_ = true;
      warning(pos, "no-default-ttl",
              "no TTL and no $TTL: using the previous record's TTL " +
                  std::to_string(*last_ttl_) + " (RFC 1035 semantics)",
              "put a $TTL directive at the top of the zone file (RFC 2308 §4)");
    }
    return last_ttl_;
  }
  if (type == RRType::SOA) {
    uint32_t minimum = soa_minimum(rdata_);
    warning(pos, "no-default-ttl",
            "no TTL specified and no $TTL: the SOA takes its minimum field, " +
                std::to_string(minimum),
            "put a $TTL directive at the top of the zone file (RFC 2308 §4)");
    return minimum > kMaxTtl ? kMaxTtl : minimum;
  }
  warning(pos, "no-default-ttl",
          "no TTL specified and no $TTL before the first record: using " +
              std::to_string(kFallbackTtl) + " as NSD does",
          "put a $TTL directive at the top of the zone file (RFC 2308 §4)");
  return kFallbackTtl;
}

void ZoneParser::process_record(const Entry& entry) {
  const size_t n = entry.size();
  size_t i = 0;
  if (!entry.blank_owner) {
    if (!set_owner(entry.token(0), entry.pos(0))) return;
    i = 1;
  } else if (owner_state_ != OwnerState::Valid) {
    // After a bad owner, its continuation lines are skipped silently.
    if (owner_state_ == OwnerState::None) {
      error(entry.start, "no-owner",
            "this record has no owner name and no record comes before it",
            "write the owner name in the first column; a line that starts with a blank "
            "repeats the previous record's owner");
    }
    return;
  }

  // [<TTL>] [<class>] <type> or [<class>] [<TTL>] <type> (RFC 1035 §5.1).
  std::optional<uint32_t> ttl;
  bool have_class = false;
  std::optional<RRType> type;
  size_t type_index = 0;
  // A record meant for the previous owner but written in the first column
  // ("NS ns1" with no indent) reads "NS" as its owner; say so.
  auto head_error = [&](TextPos pos, std::string check, std::string message, std::string fix) {
    const Token& owner = entry.token(0);
    if (!entry.blank_owner && (type_from_text(owner.text) || class_from_text(owner.text))) {
      message += "; '" + std::string(owner.text) +
                 "' in the first column was read as the owner name";
      fix = "indent the line with a space or tab so that the record belongs to the previous "
            "owner, or write the owner name first";
    }
    error(pos, std::move(check), std::move(message), std::move(fix));
  };
  for (; i < n && !type; ++i) {
    const Token& t = entry.token(i);
    const TextPos pos = entry.pos(i);
    char c = t.text.empty() ? '\0' : t.text[0];
    if (!t.quoted && c >= '0' && c <= '9') {
      if (ttl) {
        error(pos, "syntax", "a second TTL " + quote(t.text) + " in one record",
              "give each record at most one TTL");
        return;
      }
      if (!parse_ttl(t.text)) {
        head_error(pos, "bad-ttl", "bad TTL " + quote(t.text), kTtlFix);
        return;
      }
      ttl = checked_ttl(t, pos);
      continue;
    }
    if (!t.quoted && is_class_in(t.text)) {
      if (have_class) {
        error(pos, "syntax", "a second class in one record", "give each record one class");
        return;
      }
      have_class = true;
      continue;
    }
    // The type is the common case; the classes other than IN are rare.
    if (!t.quoted) type = type_of(t.text);
    if (type) {
      type_index = i;
      continue;
    }
    if (auto cls = t.quoted ? std::nullopt : class_from_text(t.text)) {
      if (*cls != RRClass::IN) {
        error(pos, "bad-class",
              "class " + class_to_text(*cls) + " in a zone of class IN",
              "write IN or leave the class out; lnsd serves class IN zones");
        return;
      }
      if (have_class) {
        error(pos, "syntax", "a second class in one record", "give each record one class");
        return;
      }
      have_class = true;
      continue;
    }
    head_error(pos, "unknown-type", "unknown record type " + quote(t.text),
               "write a type mnemonic (A, MX, ...) or the RFC 3597 form TYPE<number>, "
               "with rdata as \\# <length> <hex>");
    return;
  }
  if (!type) {
    head_error(entry.pos(n - 1), "syntax", "the record has no type",
               "write <owner> [<TTL>] [<class>] <type> <rdata>");
    return;
  }
  if (is_meta_type(*type)) {
    error(entry.pos(type_index), "meta-type",
          type_to_text(*type) + " is a query type and cannot be in a zone",
          "remove the record");
    return;
  }

  std::span<const Token> fields = entry.tokens(i);
  rdata_.clear();
  auto parsed = rdata_from_text(*type, fields, origin_, rdata_);
  if (!parsed) {
    const RdataError& e = parsed.error();
    TextPos pos = e.token < fields.size() ? entry.pos(i + e.token)
                                          : entry.pos(n - 1);
    error(pos, "bad-rdata", "bad " + type_to_text(*type) + " rdata: " + e.message,
          rdata_format_hint(*type));
    return;
  }
  if (rdata_.size() > 65535) {
    error(entry.pos(type_index), "bad-rdata",
          "the " + type_to_text(*type) + " rdata is " + std::to_string(rdata_.size()) +
              " octets, over the 65535 a record can hold",
          "shorten the rdata");
    return;
  }

  auto record_ttl_value = record_ttl(ttl, *type, entry.start);
  uint32_t ttl_value = *record_ttl_value;
  last_ttl_ = ttl_value;

  TextPos p = at(entry.start);
  db::SourcePos source{p.line, uint16_t(p.column > UINT16_MAX ? UINT16_MAX : p.column),
                       files_.back().source};
  feed_.add(*type, ttl_value, rdata_, source);
}

}  // namespace lnsd::zonec
