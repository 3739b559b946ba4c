#include "dns/edns.hh"

#include <algorithm>

namespace lnsd {

namespace {

constexpr size_t kOptionHeaderSize = 4;  // OPTION-CODE, OPTION-LENGTH
constexpr size_t kOptFixedSize = 11;     // root owner, TYPE, CLASS, TTL, RDLENGTH

uint16_t read_u16(std::span<const uint8_t> b, size_t at) { return uint16_t(b[at] << 8 | b[at + 1]); }

void append_hex(std::span<const uint8_t> data, std::string& out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (uint8_t b : data) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
}

}  // namespace

std::string_view describe(EdnsError e) {
  switch (e) {
    case EdnsError::BadOptionList: return "EDNS option overruns the OPT rdata";
    case EdnsError::BadCookieLength: return "COOKIE option of a wrong length";
    case EdnsError::BadKeepaliveLength: return "edns-tcp-keepalive option of a wrong length";
  }
  return "unknown EDNS error";
}

bool EdnsOptionReader::next(EdnsOption& option) {
  if (failed_ || pos_ == rdata_.size()) return false;
  if (rdata_.size() - pos_ < kOptionHeaderSize) {
    failed_ = true;
    return false;
  }
  uint16_t code = read_u16(rdata_, pos_);
  uint16_t length = read_u16(rdata_, pos_ + 2);
  if (rdata_.size() - pos_ - kOptionHeaderSize < length) {
    failed_ = true;
    return false;
  }
  option.code = code;
  option.data = rdata_.subspan(pos_ + kOptionHeaderSize, length);
  pos_ += kOptionHeaderSize + length;
  return true;
}

Expected<OptRecord, EdnsError> parse_opt(RRClass cls, uint32_t ttl, std::span<const uint8_t> rdata) {
  EdnsOptionReader reader(rdata);
  EdnsOption option;
  while (reader.next(option)) {
  }
  if (reader.failed()) return unexpected(EdnsError::BadOptionList);
  OptRecord opt;
  opt.edns.udp_payload_size = uint16_t(cls);
  opt.edns.extended_rcode = uint8_t(ttl >> 24);
  opt.edns.version = uint8_t(ttl >> 16);
  opt.edns.flags = uint16_t(ttl);
  opt.options = rdata;
  return opt;
}

Expected<OptRecord, EdnsError> parse_opt(std::span<const uint8_t> message, const RecordView& opt) {
  return parse_opt(opt.cls, opt.ttl, opt.rdata(message));
}

Rcode full_rcode(const Header& header, const Edns& edns) {
  return Rcode(uint16_t(edns.extended_rcode) << 4 | uint16_t(header.rcode()));
}

uint8_t extended_rcode_bits(Rcode rcode) { return uint8_t(uint16_t(rcode) >> 4); }

Expected<EdnsQueryOptions, EdnsError> parse_query_options(std::span<const uint8_t> options) {
  EdnsQueryOptions q;
  EdnsOptionReader reader(options);
  EdnsOption option;
  while (reader.next(option)) {
    switch (EdnsOptionCode(option.code)) {
      case EdnsOptionCode::Nsid:
        q.nsid = true;
        break;
      case EdnsOptionCode::Cookie: {
        // RFC 7873 §5.2.2: too short for a client cookie, or a server cookie
        // shorter than 8 or longer than 32 octets, is FORMERR.
        size_t n = option.data.size();
        constexpr size_t kClient = EdnsQueryOptions::kClientCookieSize;
        bool client_only = n == kClient;
        bool with_server = n >= kClient + EdnsQueryOptions::kMinServerCookieSize &&
                           n <= kClient + EdnsQueryOptions::kMaxServerCookieSize;
        if (!client_only && !with_server) return unexpected(EdnsError::BadCookieLength);
        if (!q.has_cookie()) {
          q.client_cookie = option.data.first(kClient);
          q.server_cookie = option.data.subspan(kClient);
        }
        break;
      }
      case EdnsOptionCode::TcpKeepalive:
        if (option.data.size() == 2) {
          q.keepalive_timeout = read_u16(option.data, 0);
        } else if (!option.data.empty()) {
          return unexpected(EdnsError::BadKeepaliveLength);
        }
        q.tcp_keepalive = true;
        break;
      case EdnsOptionCode::Padding:
        q.padding = true;
        break;
      default:
        break;  // RFC 6891 §6.1.2: unknown options are ignored
    }
  }
  if (reader.failed()) return unexpected(EdnsError::BadOptionList);
  return q;
}

std::array<uint8_t, 2> keepalive_option_data(uint16_t timeout) {
  return {uint8_t(timeout >> 8), uint8_t(timeout)};
}

size_t opt_record_size(std::span<const EdnsOption> options) {
  size_t size = kOptFixedSize;
  for (const EdnsOption& o : options) size += kOptionHeaderSize + o.data.size();
  return size;
}

bool add_opt(MessageBuilder& builder, const Edns& edns, std::span<const EdnsOption> options,
             size_t padding_block) {
  MessageBuilder::Mark before = builder.mark();
  if (!builder.begin_record(Section::Additional, Name(), RRType::OPT,
                            RRClass(edns.udp_payload_size), edns.ttl())) {
    return false;
  }
  for (const EdnsOption& o : options) {
    if (o.data.size() > 0xFFFF) {
      builder.rollback(before);
      return false;
    }
    const uint8_t head[kOptionHeaderSize] = {uint8_t(o.code >> 8), uint8_t(o.code),
                                             uint8_t(o.data.size() >> 8), uint8_t(o.data.size())};
    if (!builder.append_rdata(head) || !builder.append_rdata(o.data)) return false;
  }
  if (padding_block != 0 && builder.room() >= kOptionHeaderSize) {
    size_t unpadded = builder.size() + kOptionHeaderSize;
    size_t padding = (padding_block - unpadded % padding_block) % padding_block;
    padding = std::min(padding, builder.room() - kOptionHeaderSize);
    const uint16_t code = uint16_t(EdnsOptionCode::Padding);
    const uint8_t head[kOptionHeaderSize] = {uint8_t(code >> 8), uint8_t(code),
                                             uint8_t(padding >> 8), uint8_t(padding)};
    if (!builder.append_rdata(head) || !builder.append_rdata_zeros(padding)) return false;
  }
  builder.end_record();
  return true;
}

std::string edns_option_name(uint16_t code) {
  switch (EdnsOptionCode(code)) {
    case EdnsOptionCode::Llq: return "LLQ";
    case EdnsOptionCode::UpdateLease: return "UPDATE-LEASE";
    case EdnsOptionCode::Nsid: return "NSID";
    case EdnsOptionCode::Dau: return "DAU";
    case EdnsOptionCode::Dhu: return "DHU";
    case EdnsOptionCode::N3u: return "N3U";
    case EdnsOptionCode::ClientSubnet: return "CLIENT-SUBNET";
    case EdnsOptionCode::Expire: return "EXPIRE";
    case EdnsOptionCode::Cookie: return "COOKIE";
    case EdnsOptionCode::TcpKeepalive: return "TCP-KEEPALIVE";
    case EdnsOptionCode::Padding: return "PADDING";
    case EdnsOptionCode::Chain: return "CHAIN";
    case EdnsOptionCode::KeyTag: return "KEY-TAG";
    case EdnsOptionCode::ExtendedError: return "EDE";
  }
  return "OPT=" + std::to_string(code);
}

void append_option_text(const EdnsOption& option, std::string& out) {
  out += edns_option_name(option.code);
  out += ':';
  switch (EdnsOptionCode(option.code)) {
    case EdnsOptionCode::Nsid: {
      // The identifier is often ASCII; show it next to the hex as dig does.
      out += ' ';
      append_hex(option.data, out);
      out += " (\"";
      for (uint8_t c : option.data) out += c >= 0x20 && c < 0x7F ? char(c) : '.';
      out += "\")";
      return;
    }
    case EdnsOptionCode::TcpKeepalive:
      if (option.data.size() == 2) {
        uint16_t t = read_u16(option.data, 0);
        out += ' ' + std::to_string(t / 10) + '.' + std::to_string(t % 10) + " secs";
      }
      return;
    case EdnsOptionCode::Padding:
      out += ' ' + std::to_string(option.data.size()) + " octets";
      return;
    default:
      if (!option.data.empty()) {
        out += ' ';
        append_hex(option.data, out);
      }
      return;
  }
}

}  // namespace lnsd
