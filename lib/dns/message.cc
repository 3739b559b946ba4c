#include "dns/message.hh"

#include "dns/wire.hh"

namespace lnsd {

std::string opcode_to_text(Opcode opcode) {
  switch (opcode) {
    case Opcode::Query: return "QUERY";
    case Opcode::IQuery: return "IQUERY";
    case Opcode::Status: return "STATUS";
    case Opcode::Notify: return "NOTIFY";
    case Opcode::Update: return "UPDATE";
    case Opcode::Dso: return "DSO";
  }
  return "OPCODE" + std::to_string(unsigned(opcode));
}

std::string rcode_to_text(Rcode rcode) {
  switch (rcode) {
    case Rcode::NoError: return "NOERROR";
    case Rcode::FormErr: return "FORMERR";
    case Rcode::ServFail: return "SERVFAIL";
    case Rcode::NXDomain: return "NXDOMAIN";
    case Rcode::NotImp: return "NOTIMP";
    case Rcode::Refused: return "REFUSED";
    case Rcode::YXDomain: return "YXDOMAIN";
    case Rcode::YXRRSet: return "YXRRSET";
    case Rcode::NXRRSet: return "NXRRSET";
    case Rcode::NotAuth: return "NOTAUTH";
    case Rcode::NotZone: return "NOTZONE";
    case Rcode::DsoTypeNI: return "DSOTYPENI";
    case Rcode::BadVers: return "BADVERS";
    case Rcode::BadKey: return "BADKEY";
    case Rcode::BadTime: return "BADTIME";
    case Rcode::BadMode: return "BADMODE";
    case Rcode::BadName: return "BADNAME";
    case Rcode::BadAlg: return "BADALG";
    case Rcode::BadTrunc: return "BADTRUNC";
    case Rcode::BadCookie: return "BADCOOKIE";
  }
  return "RCODE" + std::to_string(unsigned(rcode));
}

std::string_view section_to_text(Section section) {
  switch (section) {
    case Section::Question: return "QUESTION";
    case Section::Answer: return "ANSWER";
    case Section::Authority: return "AUTHORITY";
    case Section::Additional: return "ADDITIONAL";
  }
  return "?";
}

std::string_view describe(MessageError e) {
  switch (e) {
    case MessageError::ShortHeader: return "message shorter than its 12-octet header";
    case MessageError::TooLong: return "message longer than 65535 octets";
    case MessageError::Truncated: return "message ends inside a question or record";
    case MessageError::BadName: return "malformed name";
    case MessageError::BadRdata: return "malformed rdata";
    case MessageError::OptNotInAdditional: return "OPT record outside the additional section";
    case MessageError::MultipleOpt: return "more than one OPT record";
    case MessageError::OptOwnerNotRoot: return "OPT record not owned by the root";
    case MessageError::TsigNotLast: return "TSIG record not the last record";
  }
  return "unknown message error";
}

Expected<Header, MessageError> Header::parse(std::span<const uint8_t> message) {
  if (message.size() < kSize) return unexpected(MessageError::ShortHeader);
  auto u16 = [&](size_t at) { return uint16_t(message[at] << 8 | message[at + 1]); };
  Header h;
  h.id = u16(0);
  h.flags = u16(2);
  for (size_t i = 0; i < 4; ++i) h.counts[i] = u16(4 + 2 * i);
  return h;
}

void Header::write(std::span<uint8_t> out) const {
  auto put = [&](size_t at, uint16_t v) {
    out[at] = uint8_t(v >> 8);
    out[at + 1] = uint8_t(v);
  };
  put(0, id);
  put(2, flags);
  for (size_t i = 0; i < 4; ++i) put(4 + 2 * i, counts[i]);
}

Expected<void, MessageError> skip_name(std::span<const uint8_t> message, size_t& offset) {
  size_t pos = offset;
  size_t in_place = 0;  // octets of labels written here, with the final root or pointer
  for (;;) {
    if (pos >= message.size()) return unexpected(MessageError::Truncated);
    uint8_t len = message[pos];
    if ((len & 0xC0) == 0xC0) {
      if (pos + 1 >= message.size()) return unexpected(MessageError::Truncated);
      size_t target = size_t(len & 0x3F) << 8 | message[pos + 1];
      // RFC 1035 §4.1.4 only says "a prior occurrence"; strictly backwards
      // is what makes loops impossible.
      if (target >= pos) return unexpected(MessageError::BadName);
      pos += 2;
      break;
    }
    if (len & 0xC0) return unexpected(MessageError::BadName);  // RFC 6891 §5
    in_place += size_t(len) + 1;
    if (in_place > Name::kMaxWire) return unexpected(MessageError::BadName);
    pos += size_t(len) + 1;
    if (len == 0) break;
  }
  offset = pos;
  return {};
}

Expected<Name, MessageError> RecordView::owner(std::span<const uint8_t> message) const {
  size_t offset = owner_offset;
  auto name = Name::from_message(message, offset);
  if (!name) {
    return unexpected(name.error() == NameError::Truncated ? MessageError::Truncated
                                                           : MessageError::BadName);
  }
  return std::move(name.value());
}

MessageReader::MessageReader(std::span<const uint8_t> message) : message_(message) {
  if (message.size() > kMaxSize) {
    fail(MessageError::TooLong);
    return;
  }
  auto header = Header::parse(message);
  if (!header) {
    fail(header.error());
    return;
  }
  header_ = *header;
  left_ = header_.counts[0];
  advance_section();
}

bool MessageReader::fail(MessageError e) {
  if (!error_) error_ = e;
  section_ = kEnd;
  left_ = 0;
  return false;
}

void MessageReader::advance_section() {
  while (section_ < kEnd && left_ == 0) {
    ++section_;
    if (section_ < kEnd) left_ = header_.counts[section_];
  }
}

bool MessageReader::next_question(Question& question) {
  if (error_ || section_ != size_t(Section::Question)) return false;
  size_t offset = pos_;
  auto name = Name::from_message(message_, offset);
  if (!name) {
    return fail(name.error() == NameError::Truncated ? MessageError::Truncated
                                                     : MessageError::BadName);
  }
  WireReader r(message_, offset);
  uint16_t type = r.u16();
  uint16_t cls = r.u16();
  if (!r.ok()) return fail(MessageError::Truncated);
  question.name = std::move(name.value());
  question.type = RRType(type);
  question.cls = RRClass(cls);
  question.name_offset = uint16_t(pos_);
  pos_ = r.position();
  --left_;
  advance_section();
  return true;
}

bool MessageReader::next_record(RecordView& record) {
  while (section_ == size_t(Section::Question)) {
    size_t offset = pos_;
    if (auto skipped = skip_name(message_, offset); !skipped) return fail(skipped.error());
    if (message_.size() - offset < 4) return fail(MessageError::Truncated);
    pos_ = offset + 4;
    --left_;
    advance_section();
  }
  if (error_ || section_ == kEnd) return false;

  size_t offset = pos_;
  if (auto skipped = skip_name(message_, offset); !skipped) return fail(skipped.error());
  WireReader r(message_, offset);
  uint16_t type = r.u16();
  uint16_t cls = r.u16();
  uint32_t ttl = r.u32();
  uint16_t rdlength = r.u16();
  size_t rdata_offset = r.position();
  r.skip(rdlength);
  if (!r.ok()) return fail(MessageError::Truncated);

  record.section = Section(section_);
  record.owner_offset = uint16_t(pos_);
  record.type = RRType(type);
  record.cls = RRClass(cls);
  record.ttl = ttl;
  record.rdata_offset = uint16_t(rdata_offset);
  record.rdlength = rdlength;
  pos_ = r.position();
  --left_;
  advance_section();
  return true;
}

Expected<MetaRecords, MessageError> find_meta_records(MessageReader& reader) {
  MetaRecords meta;
  RecordView rr;
  while (reader.next_record(rr)) {
    if (meta.tsig) return unexpected(MessageError::TsigNotLast);
    if (rr.type == RRType::OPT) {
      if (rr.section != Section::Additional) return unexpected(MessageError::OptNotInAdditional);
      if (meta.opt) return unexpected(MessageError::MultipleOpt);
      auto owner = rr.owner(reader.message());
      if (!owner) return unexpected(owner.error());
      if (!owner->is_root()) return unexpected(MessageError::OptOwnerNotRoot);
      meta.opt = rr;
    } else if (rr.type == RRType::TSIG) {
      if (rr.section != Section::Additional) return unexpected(MessageError::TsigNotLast);
      meta.tsig = rr;
    }
  }
  if (reader.error()) return unexpected(*reader.error());
  return meta;
}

}  // namespace lnsd
