#include "dns/parsed_message.hh"

#include "dns/edns.hh"
#include "dns/rdata.hh"

namespace lnsd {

namespace {

// RFC 2136 §2.4: prerequisites and deletions use class ANY or NONE with
// empty rdata, whatever the type's format.
bool empty_rdata_allowed(RRClass cls, uint16_t rdlength) {
  return rdlength == 0 && (cls == RRClass::ANY || cls == RRClass::NONE);
}

void append_generic_rdata(std::span<const uint8_t> rdata, std::string& out) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  out += "\\# " + std::to_string(rdata.size());
  if (!rdata.empty()) out += ' ';
  for (uint8_t b : rdata) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
}

void append_flags(const Header& h, std::string& out) {
  out += ";; flags:";
  const std::pair<bool, const char*> flags[] = {{h.qr(), "qr"}, {h.aa(), "aa"}, {h.tc(), "tc"},
                                                {h.rd(), "rd"}, {h.ra(), "ra"}, {h.z(), "z"},
                                                {h.ad(), "ad"}, {h.cd(), "cd"}};
  for (const auto& [on, text] : flags) {
    if (on) {
      out += ' ';
      out += text;
    }
  }
  out += "; QUERY: " + std::to_string(h.count(Section::Question));
  out += ", ANSWER: " + std::to_string(h.count(Section::Answer));
  out += ", AUTHORITY: " + std::to_string(h.count(Section::Authority));
  out += ", ADDITIONAL: " + std::to_string(h.count(Section::Additional)) + "\n";
}

void append_opt(const OptRecord& opt, std::string& out) {
  out += ";; OPT PSEUDOSECTION:\n; EDNS: version: " + std::to_string(opt.edns.version);
  out += ", flags:";
  if (opt.edns.dnssec_ok()) out += " do";
  if (uint16_t mbz = opt.edns.flags & ~Edns::kDO) {
    static constexpr char kDigits[] = "0123456789abcdef";
    out += "; MBZ: 0x";
    for (int shift = 12; shift >= 0; shift -= 4) out += kDigits[(mbz >> shift) & 0xF];
  }
  out += "; udp: " + std::to_string(opt.edns.udp_payload_size) + "\n";
  EdnsOptionReader reader(opt.options);
  EdnsOption option;
  while (reader.next(option)) {
    out += "; ";
    append_option_text(option, out);
    out += '\n';
  }
}

void append_record(const ParsedRecord& r, std::string& out) {
  r.owner.append_text(out);
  out += '\t' + std::to_string(r.ttl) + '\t' + class_to_text(r.cls) + '\t' + type_to_text(r.type) + '\t';
  std::string rdata;
  if (rdata_to_text(r.type, r.rdata, rdata)) {
    out += rdata;
  } else {
    append_generic_rdata(r.rdata, out);
  }
  out += '\n';
}

}  // namespace

const std::vector<ParsedRecord>& ParsedMessage::records(Section section) const {
  static const std::vector<ParsedRecord> kNone;
  switch (section) {
    case Section::Answer: return answer;
    case Section::Authority: return authority;
    case Section::Additional: return additional;
    case Section::Question: break;
  }
  return kNone;
}

std::vector<ParsedRecord>* ParsedMessage::mutable_records(Section section) {
  switch (section) {
    case Section::Answer: return &answer;
    case Section::Authority: return &authority;
    case Section::Additional: return &additional;
    case Section::Question: break;
  }
  return nullptr;
}

const ParsedRecord* ParsedMessage::opt() const {
  for (const ParsedRecord& r : additional) {
    if (r.type == RRType::OPT) return &r;
  }
  return nullptr;
}

Expected<ParsedMessage, MessageError> parse_message(std::span<const uint8_t> message) {
  {
    MessageReader check(message);
    auto meta = find_meta_records(check);
    if (!meta) return unexpected(meta.error());
  }
  MessageReader reader(message);
  ParsedMessage out;
  out.header = reader.header();
  Question q;
  while (reader.next_question(q)) out.questions.push_back({q.name, q.type, q.cls});
  RecordView rr;
  while (reader.next_record(rr)) {
    auto owner = rr.owner(message);
    if (!owner) return unexpected(owner.error());
    ParsedRecord r{std::move(*owner), rr.type, rr.cls, rr.ttl, {}};
    if (rr.type == RRType::OPT) {
      if (!parse_opt(message, rr)) return unexpected(MessageError::BadRdata);
      auto rdata = rr.rdata(message);
      r.rdata.assign(rdata.begin(), rdata.end());
    } else if (!empty_rdata_allowed(rr.cls, rr.rdlength) &&
               !rdata_from_message(rr.type, message, rr.rdata_offset, rr.rdlength, r.rdata)) {
      return unexpected(MessageError::BadRdata);
    }
    out.mutable_records(rr.section)->push_back(std::move(r));
  }
  if (reader.error()) return unexpected(*reader.error());
  out.trailing_size = reader.trailing_size();
  return out;
}

bool build_message(const ParsedMessage& message, MessageBuilder& builder) {
  builder.header().id = message.header.id;
  builder.header().flags = message.header.flags;
  for (const ParsedQuestion& q : message.questions) {
    if (!builder.add_question(q.name, q.type, q.cls)) return false;
  }
  for (Section s : {Section::Answer, Section::Authority, Section::Additional}) {
    for (const ParsedRecord& r : message.records(s)) {
      RdataNames names;
      bool no_names = r.type == RRType::OPT || empty_rdata_allowed(r.cls, uint16_t(r.rdata.size()));
      if (!no_names && !rdata_check_wire(r.type, r.rdata, names)) return false;
      if (!builder.add_record(s, r.owner, r.type, r.cls, r.ttl, r.rdata, names)) return false;
    }
  }
  return true;
}

std::string message_to_text(const ParsedMessage& message) {
  std::string out;
  const Header& h = message.header;
  const ParsedRecord* opt_record = message.opt();
  std::optional<OptRecord> opt;
  if (opt_record) {
    if (auto parsed = parse_opt(opt_record->cls, opt_record->ttl, opt_record->rdata)) opt = *parsed;
  }
  Rcode rcode = opt ? full_rcode(h, opt->edns) : h.rcode();
  out += ";; ->>HEADER<<- opcode: " + opcode_to_text(h.opcode()) + ", status: " + rcode_to_text(rcode) +
         ", id: " + std::to_string(h.id) + "\n";
  append_flags(h, out);
  if (opt) {
    out += '\n';
    append_opt(*opt, out);
  }
  if (!message.questions.empty()) {
    out += "\n;; QUESTION SECTION:\n";
    for (const ParsedQuestion& q : message.questions) {
      out += ';';
      q.name.append_text(out);
      out += '\t' + class_to_text(q.cls) + '\t' + type_to_text(q.type) + '\n';
    }
  }
  for (Section s : {Section::Answer, Section::Authority, Section::Additional}) {
    bool heading = false;
    for (const ParsedRecord& r : message.records(s)) {
      if (&r == opt_record && opt) continue;  // shown in the pseudosection
      if (!heading) {
        out += "\n;; " + std::string(section_to_text(s)) + " SECTION:\n";
        heading = true;
      }
      append_record(r, out);
    }
  }
  return out;
}

}  // namespace lnsd
