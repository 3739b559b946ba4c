// libFuzzer target: any bytes as a DNS message. Every reader of the message
// layer runs over them (the header, the forward-only MessageReader, name
// decompression, OPT and its options, parse_message into owning values, the
// rdata codecs for every record found), and what one reader accepts must
// hold up in the others:
//  - a name decoded from a message prints and reads back to the same octets;
//  - rdata that rdata_check_wire accepts in place expands unchanged;
//  - rdata that rdata_from_message expands is well formed for its type,
//    prints with rdata_to_text and reads back with rdata_from_text to the
//    same octets;
//  - a message parse_message accepts builds again with MessageBuilder and
//    parses back to the same questions and records.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dns/edns.hh"
#include "dns/message.hh"
#include "dns/message_builder.hh"
#include "dns/name.hh"
#include "dns/parsed_message.hh"
#include "dns/rdata.hh"
#include "fuzz_common.hh"
#include "rdata_round_trip.hh"

namespace lnsd::fuzz {
namespace {

// Names are decoded at this many offsets of the message at most, to keep
// long inputs fast; the records' own names are always checked.
constexpr size_t kNameOffsets = 512;

void check_name(const Name& name) {
  FUZZ_CHECK(name.wire_size() >= 1 && name.wire_size() <= Name::kMaxWire, hex(name.wire()));
  const std::string text = name.to_text();
  auto again = Name::from_text(text);
  FUZZ_CHECK(again, text + ": " + std::string(describe(again.error())));
  FUZZ_CHECK(std::ranges::equal(again->wire(), name.wire()),
             hex(name.wire()) + " printed as " + text + " reads back as " + hex(again->wire()));
  FUZZ_CHECK(again->label_count() == name.label_count(), text);
  auto wire = Name::from_wire(name.wire());
  FUZZ_CHECK(wire && std::ranges::equal(wire->wire(), name.wire()), hex(name.wire()));
  FUZZ_CHECK(name.canonical_compare(name.lowercased()) == 0 && name == name.lowercased(), text);
}

// Name::from_message at `offset`; its end must be where skip_name ends.
// The name's text form is checked for the names of records only (the
// names at every offset would make that most of the run time).
void check_name_at(std::span<const uint8_t> message, size_t offset, bool check_text) {
  size_t end = offset;
  auto name = Name::from_message(message, end);
  if (!name) {
    FUZZ_CHECK(end == offset, "offset moved on failure");
    return;
  }
  FUZZ_CHECK(end > offset && end <= message.size(), std::to_string(offset));
  if (check_text) check_name(*name);
  size_t skipped = offset;
  FUZZ_CHECK(skip_name(message, skipped) && skipped == end,
             "skip_name disagrees at offset " + std::to_string(offset));
}

void check_rdata(std::span<const uint8_t> message, const RecordView& rr) {
  const auto raw = rr.rdata(message);
  RdataNames names;
  const bool in_place = rdata_check_wire(rr.type, raw, names);
  if (in_place) {
    FUZZ_CHECK(names.count <= RdataNames::kMax, type_to_text(rr.type));
    for (size_t i = 0; i < names.count; ++i) {
      const RdataName& n = names.names[i];
      FUZZ_CHECK(size_t(n.offset) + n.length <= raw.size(), type_to_text(rr.type) + " " + hex(raw));
      FUZZ_CHECK(Name::from_wire(raw.subspan(n.offset, n.length)),
                 type_to_text(rr.type) + " " + hex(raw) + " name " + std::to_string(i));
    }
  }
  std::vector<uint8_t> expanded;
  const bool ok = rdata_from_message(rr.type, message, rr.rdata_offset, rr.rdlength, expanded);
  if (in_place) {
    FUZZ_CHECK(ok && expanded.size() == raw.size() && std::ranges::equal(expanded, raw),
               type_to_text(rr.type) + " " + hex(raw) + " is well formed in place but expands to " +
                   (ok ? hex(expanded) : std::string("an error")));
  }
  if (!ok) return;
  RdataNames expanded_names;
  FUZZ_CHECK(rdata_check_wire(rr.type, expanded, expanded_names),
             type_to_text(rr.type) + " expanded to malformed " + hex(expanded));
  check_text_round_trip(rr.type, expanded);
  std::vector<uint8_t> canonical = expanded;
  rdata_canonicalize(rr.type, canonical);
  FUZZ_CHECK(rdata_check_wire(rr.type, canonical, expanded_names),
             type_to_text(rr.type) + " canonical form malformed " + hex(canonical));
}

// The reader's walk; true when it read everything the header announces.
bool walk(std::span<const uint8_t> message) {
  MessageReader reader(message);
  Question q;
  while (reader.next_question(q)) {
    size_t offset = q.name_offset;
    auto name = Name::from_message(message, offset);
    FUZZ_CHECK(name && *name == q.name, "question name at " + std::to_string(q.name_offset));
    check_name(q.name);
  }
  RecordView rr;
  while (reader.next_record(rr)) {
    FUZZ_CHECK(rr.end() <= message.size() && rr.rdata_offset > rr.owner_offset,
               "record at " + std::to_string(rr.owner_offset));
    check_name_at(message, rr.owner_offset, true);
    if (auto owner = rr.owner(message)) check_name(*owner);
    check_rdata(message, rr);
  }
  FUZZ_CHECK(reader.done() != reader.error().has_value(), "neither done nor failed");
  return reader.done();
}

void check_opt(std::span<const uint8_t> message) {
  MessageReader reader(message);
  auto meta = find_meta_records(reader);
  if (!meta || !meta->opt) return;
  auto opt = parse_opt(message, *meta->opt);
  if (!opt) return;
  const auto options = opt->options;
  EdnsOptionReader options_reader(options);
  EdnsOption option;
  std::string text;
  while (options_reader.next(option)) {
    FUZZ_CHECK(option.data.data() >= options.data() &&
                   option.data.data() + option.data.size() <= options.data() + options.size(),
               "option outside the OPT rdata");
    text += edns_option_name(option.code);
    append_option_text(option, text);
  }
  FUZZ_CHECK(!options_reader.failed(), "parse_opt accepted options the reader refuses");
  (void)full_rcode(reader.header(), opt->edns);
  auto query = parse_query_options(options);
  if (!query) return;
  FUZZ_CHECK(query->client_cookie.empty() ||
                 query->client_cookie.size() == EdnsQueryOptions::kClientCookieSize,
             "client cookie size");
  FUZZ_CHECK(query->server_cookie.empty() ||
                 (query->server_cookie.size() >= EdnsQueryOptions::kMinServerCookieSize &&
                  query->server_cookie.size() <= EdnsQueryOptions::kMaxServerCookieSize),
             "server cookie size");
}

std::vector<uint8_t> canonical(const ParsedRecord& r) {
  std::vector<uint8_t> rdata = r.rdata;
  if (r.type != RRType::OPT) rdata_canonicalize(r.type, rdata);
  return rdata;
}

bool same_record(const ParsedRecord& a, const ParsedRecord& b) {
  return a.owner == b.owner && a.type == b.type && a.cls == b.cls && a.ttl == b.ttl &&
         canonical(a) == canonical(b);
}

void check_parse(std::span<const uint8_t> message, bool walked) {
  auto parsed = parse_message(message);
  if (!parsed) return;
  FUZZ_CHECK(walked, "parse_message accepts what the reader refuses");
  const ParsedMessage& m = *parsed;
  FUZZ_CHECK(m.questions.size() == m.header.count(Section::Question) &&
                 m.answer.size() == m.header.count(Section::Answer) &&
                 m.authority.size() == m.header.count(Section::Authority) &&
                 m.additional.size() == m.header.count(Section::Additional),
             "counts differ from the header");
  (void)message_to_text(m);

  static std::array<uint8_t, MessageBuilder::kMaxSize> buffer;
  MessageBuilder builder(buffer);
  if (!build_message(m, builder)) return;
  const auto rebuilt = builder.finish();
  auto again = parse_message(rebuilt);
  FUZZ_CHECK(again, "rebuilt message " + hex(rebuilt) + " does not parse: " +
                        std::string(describe(again.error())));
  FUZZ_CHECK(again->header.id == m.header.id && again->header.flags == m.header.flags &&
                 again->header.counts == m.header.counts && again->trailing_size == 0,
             "rebuilt header " + hex(rebuilt));
  for (size_t i = 0; i < m.questions.size(); ++i) {
    const ParsedQuestion& a = m.questions[i];
    const ParsedQuestion& b = again->questions[i];
    FUZZ_CHECK(a.name == b.name && a.type == b.type && a.cls == b.cls,
               "rebuilt question " + std::to_string(i));
  }
  for (Section s : {Section::Answer, Section::Authority, Section::Additional}) {
    const auto& before = m.records(s);
    const auto& after = again->records(s);
    for (size_t i = 0; i < before.size(); ++i) {
      FUZZ_CHECK(same_record(before[i], after[i]),
                 std::string(section_to_text(s)) + " record " + std::to_string(i) + " " +
                     type_to_text(before[i].type) + " " + hex(before[i].rdata) + " rebuilt as " +
                     hex(after[i].rdata));
    }
  }
}

}  // namespace
}  // namespace lnsd::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lnsd;
  using namespace lnsd::fuzz;
  const std::span<const uint8_t> message(data, size);
  auto header = Header::parse(message);
  FUZZ_CHECK(header.has_value() == (size >= Header::kSize), "header");
  for (size_t offset = 0; offset < size && offset < kNameOffsets; ++offset) {
    check_name_at(message, offset, false);
  }
  const bool walked = walk(message);
  check_opt(message);
  check_parse(message, walked);
  return 0;
}
