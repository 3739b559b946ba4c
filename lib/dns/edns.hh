// EDNS(0) (RFC 6891): the fields of the OPT pseudo-RR, iteration over its
// options without copying, the options lnsd acts on (NSID RFC 5001, COOKIE
// RFC 7873, edns-tcp-keepalive RFC 7828, PADDING RFC 7830), and a writer
// that appends an OPT RR to a MessageBuilder. Nothing here allocates except
// the text form for printing.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "dns/message.hh"
#include "dns/message_builder.hh"
#include "util/expected.hh"

namespace lnsd {

// IANA "DNS EDNS0 Option Codes (OPT)". Any 16-bit code may arrive.
enum class EdnsOptionCode : uint16_t {
  Llq = 1, UpdateLease = 2, Nsid = 3, Dau = 5, Dhu = 6, N3u = 7, ClientSubnet = 8,
  Expire = 9, Cookie = 10, TcpKeepalive = 11, Padding = 12, Chain = 13, KeyTag = 14,
  ExtendedError = 15,
};

struct EdnsOption {
  uint16_t code = 0;
  std::span<const uint8_t> data;
};

enum class EdnsError : uint8_t {
  BadOptionList,       // an option header or its data overruns the rdata (RFC 6891 §6.1.2)
  BadCookieLength,     // COOKIE neither 8 nor 16 to 40 octets (RFC 7873 §5.2.2: FORMERR)
  BadKeepaliveLength,  // edns-tcp-keepalive neither 0 nor 2 octets (RFC 7828 §3.1)
};

std::string_view describe(EdnsError e);

// Walks the options of OPT rdata in order, unknown ones included:
//   EdnsOptionReader r(rdata);
//   EdnsOption o;
//   while (r.next(o)) ...
//   if (r.failed()) ...
class EdnsOptionReader {
 public:
  explicit EdnsOptionReader(std::span<const uint8_t> rdata) : rdata_(rdata) {}
  // The next option; false at the end or when the next one overruns the rdata.
  bool next(EdnsOption& option);
  bool failed() const { return failed_; }

 private:
  std::span<const uint8_t> rdata_;
  size_t pos_ = 0;
  bool failed_ = false;
};

// The fixed fields of OPT (RFC 6891 §6.1.2, §6.1.3): the requestor's UDP
// payload size in CLASS; extended RCODE, version and flags in TTL.
struct Edns {
  static constexpr uint16_t kDO = 0x8000;  // DNSSEC OK (RFC 3225)

  uint16_t udp_payload_size = 1232;
  uint8_t extended_rcode = 0;  // the high 8 bits of the 12-bit RCODE
  uint8_t version = 0;
  uint16_t flags = 0;  // DO and the must-be-zero bits

  bool dnssec_ok() const { return flags & kDO; }
  void set_dnssec_ok(bool on) { flags = uint16_t(on ? flags | kDO : flags & ~kDO); }
  uint32_t ttl() const {
    return uint32_t(extended_rcode) << 24 | uint32_t(version) << 16 | flags;
  }
};

// An OPT RR as read: its fields, and its options with their framing checked.
struct OptRecord {
  Edns edns;
  std::span<const uint8_t> options;  // the rdata
};

Expected<OptRecord, EdnsError> parse_opt(RRClass cls, uint32_t ttl, std::span<const uint8_t> rdata);
// `opt` as find_meta_records found it in `message`.
Expected<OptRecord, EdnsError> parse_opt(std::span<const uint8_t> message, const RecordView& opt);

// The 12-bit RCODE of a message with EDNS (RFC 6891 §6.1.3).
Rcode full_rcode(const Header& header, const Edns& edns);
// The high 8 bits of `rcode`, for Edns::extended_rcode; Header::set_rcode keeps the low 4.
uint8_t extended_rcode_bits(Rcode rcode);

// What a query asks for through the options lnsd acts on. The spans point
// into the query.
struct EdnsQueryOptions {
  static constexpr size_t kClientCookieSize = 8;
  static constexpr size_t kMinServerCookieSize = 8;
  static constexpr size_t kMaxServerCookieSize = 32;

  bool nsid = false;  // RFC 5001 §2.1; a query's payload means nothing and is ignored
  std::span<const uint8_t> client_cookie;  // 8 octets when a COOKIE came; the first one counts
  std::span<const uint8_t> server_cookie;  // empty, or 8 to 32 octets (RFC 7873 §4)
  bool tcp_keepalive = false;
  // Only when the client sent a TIMEOUT, which RFC 7828 §3.2.1 forbids in queries.
  std::optional<uint16_t> keepalive_timeout;
  bool padding = false;  // RFC 7830 §4: the response is padded too (RFC 8467)

  bool has_cookie() const { return !client_cookie.empty(); }
};

// Reads the options of a query's OPT. Unknown options are skipped (RFC 6891
// §6.1.2). A COOKIE or keepalive of the wrong length is an error.
Expected<EdnsQueryOptions, EdnsError> parse_query_options(std::span<const uint8_t> options);

// The data of an edns-tcp-keepalive option in a response: the idle timeout
// in units of 100 milliseconds (RFC 7828 §3.1).
std::array<uint8_t, 2> keepalive_option_data(uint16_t timeout);

// The wire size of an OPT RR with these options, to keep room for it.
size_t opt_record_size(std::span<const EdnsOption> options);

// Appends an OPT RR to the additional section. A non-zero `padding_block`
// adds a PADDING option (RFC 7830 §3) that brings the message to a multiple
// of that many octets (RFC 8467 §4.1 recommends 468 for responses), or as
// far as the builder's limit allows. False, with nothing added, when it does
// not fit.
bool add_opt(MessageBuilder& builder, const Edns& edns, std::span<const EdnsOption> options,
             size_t padding_block = 0);

// Text forms for the message printer: "NSID", "COOKIE", "OPT=65001", and
// "NSID: 6e7331 (\"ns1\")", "COOKIE: 0102...", "PADDING: 12 octets".
std::string edns_option_name(uint16_t code);
void append_option_text(const EdnsOption& option, std::string& out);

}  // namespace lnsd
