#include "answer_edns.hh"

#include <bit>
#include <cstring>
#include <ctime>

namespace lnsd::answer_detail {
namespace {

constexpr uint16_t kOptionNsid = 3;
constexpr uint16_t kOptionCookie = 10;
constexpr uint16_t kOptionKeepalive = 11;
constexpr uint16_t kOptionEde = 15;
constexpr size_t kOptFixedSize = 11;  // owner, type, class, TTL, RDLENGTH
constexpr size_t kCookieSize = 24;    // client cookie and RFC 9018 server cookie

uint16_t read_u16(std::span<const uint8_t> m, size_t at) { return uint16_t(m[at] << 8 | m[at + 1]); }

uint64_t load_u64_le(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = v << 8 | p[i];
  return v;
}

struct SipState {
  uint64_t v0, v1, v2, v3;
  void round() {
    v0 += v1;
    v1 = std::rotl(v1, 13);
    v1 ^= v0;
    v0 = std::rotl(v0, 32);
    v2 += v3;
    v3 = std::rotl(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = std::rotl(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = std::rotl(v1, 17);
    v1 ^= v2;
    v2 = std::rotl(v2, 32);
  }
  void compress(uint64_t m) {
    v3 ^= m;
    round();
    round();
    v0 ^= m;
  }
};

}  // namespace

uint64_t siphash24(std::span<const uint8_t, 16> key, std::span<const uint8_t> data) {
  const uint64_t k0 = load_u64_le(key.data());
  const uint64_t k1 = load_u64_le(key.data() + 8);
  SipState s{0x736f6d6570736575ull ^ k0, 0x646f72616e646f6dull ^ k1, 0x6c7967656e657261ull ^ k0,
             0x7465646279746573ull ^ k1};
  size_t full = data.size() / 8 * 8;
  for (size_t i = 0; i < full; i += 8) s.compress(load_u64_le(data.data() + i));
  uint64_t last = uint64_t(data.size() & 0xff) << 56;
  for (size_t i = full; i < data.size(); ++i) last |= uint64_t(data[i]) << (8 * (i - full));
  s.compress(last);
  s.v2 ^= 0xff;
  for (int i = 0; i < 4; ++i) s.round();
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

std::array<uint8_t, 16> server_cookie(std::span<const uint8_t, 8> client_cookie, const Client& client,
                                      uint32_t timestamp, std::span<const uint8_t, 16> secret) {
  std::array<uint8_t, 16> cookie{};
  cookie[0] = 1;  // version (RFC 9018 §4.2); three reserved octets stay 0
  cookie[4] = uint8_t(timestamp >> 24);
  cookie[5] = uint8_t(timestamp >> 16);
  cookie[6] = uint8_t(timestamp >> 8);
  cookie[7] = uint8_t(timestamp);
  std::array<uint8_t, 32> input;
  std::memcpy(input.data(), client_cookie.data(), 8);
  std::memcpy(input.data() + 8, cookie.data(), 8);
  size_t size = 16;
  if (client.address.ss_family == AF_INET6) {
    std::memcpy(input.data() + size, &reinterpret_cast<const sockaddr_in6*>(&client.address)->sin6_addr, 16);
    size += 16;
  } else {
    std::memcpy(input.data() + size, &reinterpret_cast<const sockaddr_in*>(&client.address)->sin_addr, 4);
    size += 4;
  }
  uint64_t hash = siphash24(secret, {input.data(), size});
  for (int i = 0; i < 8; ++i) cookie[8 + size_t(i)] = uint8_t(hash >> (8 * i));
  return cookie;
}

OptStatus read_opt(Query& q, size_t& offset) {
  std::span<const uint8_t> m = q.message;
  if (offset > m.size() || m.size() - offset < kOptFixedSize) return OptStatus::Absent;
  if (m[offset] != 0 || read_u16(m, offset + 1) != uint16_t(RRType::OPT)) return OptStatus::Absent;
  const uint16_t payload = read_u16(m, offset + 3);
  const uint8_t version = m[offset + 6];
  const uint16_t flags = read_u16(m, offset + 7);
  size_t left = read_u16(m, offset + 9);
  size_t at = offset + kOptFixedSize;
  q.edns = true;
  if (version != 0) {
    offset = at;
    return OptStatus::BadVersion;
  }
  if (left > m.size() - at || left > 65530) return OptStatus::Malformed;
  while (left >= 4) {
    const uint16_t code = read_u16(m, at);
    const size_t length = read_u16(m, at + 2);
    at += 4;
    left -= 4;
    if (length > left) return OptStatus::Malformed;
    std::span<const uint8_t> data = m.subspan(at, length);
    switch (code) {
      case kOptionNsid:
        // RFC 5001 §2.1: the query's payload means nothing.
        if (!q.config.nsid.empty()) q.nsid = true;
        break;
      case kOptionCookie:
        if (q.config.answer_cookie) {
          // RFC 7873 §5.2.2: a client cookie alone, or with a server
          // cookie of 8 to 32 octets; anything else is FORMERR.
          if (length != 8 && (length < 16 || length > 40)) return OptStatus::Malformed;
          q.cookie = true;
          std::memcpy(q.client_cookie.data(), data.data(), 8);
        }
        break;
      case kOptionKeepalive:
        q.keepalive = true;
        break;
      default:
        break;  // RFC 6891 §6.1.2: unknown options are ignored
    }
    at += length;
    left -= length;
  }
  if (left != 0) return OptStatus::Malformed;
  q.edns_payload = payload;
  q.dnssec_ok = flags & 0x8000;
  offset = at;
  return OptStatus::Ok;
}

size_t opt_reserved_size(const Query& q) {
  if (!q.edns) return 0;
  size_t size = kOptFixedSize;
  if (q.nsid) size += 4 + q.config.nsid.size();
  if (q.cookie) size += 4 + kCookieSize;
  if (q.keepalive && q.tcp()) size += 4 + 2;
  return size;
}

void write_opt(const Query& q, ResponseWriter& w, bool bad_version) {
  std::array<uint8_t, 512> opt;
  size_t n = 0;
  auto u8 = [&](uint8_t v) { opt[n++] = v; };
  auto u16 = [&](uint16_t v) {
    u8(uint8_t(v >> 8));
    u8(uint8_t(v));
  };
  auto option_header = [&](uint16_t code, size_t length) {
    u16(code);
    u16(uint16_t(length));
  };
  u8(0);  // the root
  u16(uint16_t(RRType::OPT));
  u16(q.ipv6() ? q.config.ipv6_edns_size : q.config.ipv4_edns_size);
  u8(bad_version ? 1 : 0);  // BADVERS is 16: extended RCODE 1 over header RCODE 0
  u8(0);                    // version
  u16(q.dnssec_ok ? 0x8000 : 0);  // RFC 3225 §3: DO copied
  const size_t rdlength_at = n;
  u16(0);
  const uint8_t* nsid = nullptr;
  size_t nsid_size = 0;
  if (!bad_version) {
    if (q.nsid) {
      nsid = q.config.nsid.data();
      nsid_size = q.config.nsid.size();
    }
    if (q.cookie) {
      const uint32_t now = q.config.clock ? q.config.clock() : uint32_t(std::time(nullptr));
      auto server = server_cookie(q.client_cookie, q.client, now, q.config.cookie_secret);
      option_header(kOptionCookie, kCookieSize);
      for (uint8_t b : q.client_cookie) u8(b);
      for (uint8_t b : server) u8(b);
    }
    if (q.keepalive && q.tcp()) {
      // RFC 7828 §3.3.2: the idle timeout in units of 100 ms.
      uint32_t units = q.config.tcp_timeout_seconds * 10;
      option_header(kOptionKeepalive, 2);
      u16(uint16_t(units > 0xFFFF ? 0xFFFF : units));
    }
    if (q.ede >= 0) {
      option_header(kOptionEde, 2 + q.ede_text.size());
      u16(uint16_t(q.ede));
      for (char c : q.ede_text) u8(uint8_t(c));
    }
  }
  // NSID goes first, as NSD writes it; its payload may be long, so it is
  // copied straight into the message.
  const size_t options = n - rdlength_at - 2 + (nsid ? 4 + nsid_size : 0);
  opt[rdlength_at] = uint8_t(options >> 8);
  opt[rdlength_at + 1] = uint8_t(options);
  if (w.buffer().size() - w.size() < rdlength_at + 2 + options) return;
  w.append_raw({opt.data(), rdlength_at + 2});
  if (nsid) {
    const uint8_t head[4] = {0, kOptionNsid, uint8_t(nsid_size >> 8), uint8_t(nsid_size)};
    w.append_raw(head);
    w.append_raw({nsid, nsid_size});
  }
  w.append_raw({opt.data() + rdlength_at + 2, n - rdlength_at - 2});
  w.count(Section::Additional);
}

}  // namespace lnsd::answer_detail
