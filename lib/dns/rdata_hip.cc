// HIP (RFC 8005 §5): public key algorithm, Host Identity Tag in hex, public
// key in base64 (one token), then zero or more rendezvous server names:
//   2 200100107b1a74df365639cc39f1d578 AwEAAbdx... rvs.example.com.
//
// Wire: HIT length (8 bits), PK algorithm (8 bits), PK length (16 bits),
// HIT, public key, rendezvous servers (uncompressed names, RFC 8005 §6).
#include "dns/encoding.hh"
#include "dns/rdata_special.hh"
#include "dns/rdata_special_detail.hh"
#include "dns/wire.hh"

namespace lnsd::special {
namespace {

using detail::fail;
using detail::quoted_for_message;

constexpr size_t kHeader = 4;

struct HipLayout {
  size_t hit_length = 0;
  size_t key_length = 0;
  size_t servers = 0;  // offset of the first rendezvous server
};

// Checks the layout; `visit(offset, length)` sees each rendezvous server.
template <class Visit>
std::optional<HipLayout> walk(std::span<const uint8_t> rdata, Visit&& visit) {
  WireReader reader(rdata);
  HipLayout layout;
  layout.hit_length = reader.u8();
  reader.u8();  // PK algorithm
  layout.key_length = reader.u16();
  reader.skip(layout.hit_length);
  reader.skip(layout.key_length);
  // RFC 8005 §5: a HIP RR carries a HIT and a Host Identity; neither can be empty.
  if (!reader.ok() || layout.hit_length == 0 || layout.key_length == 0) return std::nullopt;
  layout.servers = reader.position();
  size_t offset = layout.servers;
  while (offset < rdata.size()) {
    size_t length = detail::wire_name_length(rdata, offset);
    if (length == 0) return std::nullopt;
    visit(offset, length);
    offset += length;
  }
  return layout;
}

}  // namespace

Expected<void, RdataError> hip_from_text(std::span<const Token> tokens, const Name& origin,
                                         std::vector<uint8_t>& out) {
  const size_t start = out.size();
  auto algorithm = detail::decimal_field(tokens, 0, 255, "a public key algorithm");
  if (!algorithm) return unexpected(algorithm.error());

  if (tokens.size() < 2) return fail(tokens.size(), "expected a HIT in hex, got nothing");
  std::vector<uint8_t> hit;
  auto hit_ok = hex_decode(tokens[1].text, hit);
  if (!hit_ok || hit.empty() || hit.size() > 255) {
    return fail(1, "expected a HIT of 1..255 octets in hex, got " +
                       quoted_for_message(tokens[1].text) +
                       (hit_ok ? std::string() : ": " + hit_ok.error().message));
  }

  if (tokens.size() < 3) return fail(tokens.size(), "expected a base64 public key, got nothing");
  std::vector<uint8_t> key;
  auto key_ok = base64_decode(tokens[2].text, key);
  if (!key_ok || key.empty() || key.size() > detail::kMaxRdata) {
    return fail(2, "expected a base64 public key, got " + quoted_for_message(tokens[2].text) +
                       (key_ok ? std::string() : ": " + key_ok.error().message));
  }

  WireWriter writer(out);
  writer.u8(uint8_t(hit.size()));
  writer.u8(uint8_t(*algorithm));
  writer.u16(uint16_t(key.size()));
  writer.bytes(hit);
  writer.bytes(key);
  for (size_t i = 3; i < tokens.size(); ++i) {
    auto server = detail::name_field(tokens, i, origin, "a rendezvous server name", out);
    if (!server) return server;
  }
  return detail::check_rdata_size(out, start, tokens.size());
}

bool hip_check_wire(std::span<const uint8_t> rdata, RdataNames& names) {
  detail::clear_names(names);
  // Rendezvous servers are Literal names (RFC 8005 §6); those past
  // RdataNames::kMax are checked but not listed.
  return walk(rdata, [&](size_t offset, size_t length) {
           detail::list_name(names, offset, length, RdataNameKind::Literal);
         }).has_value();
}

Expected<void, Error> hip_to_text(std::span<const uint8_t> rdata, std::string& out) {
  auto layout = walk(rdata, [](size_t, size_t) {});
  if (!layout) return unexpected(Error{"malformed HIP rdata"});
  out += std::to_string(rdata[1]);
  out += ' ';
  // The HIT in lower case, as ldns and dnspython print it.
  size_t hit_start = out.size();
  hex_encode(rdata.subspan(kHeader, layout->hit_length), out);
  for (size_t i = hit_start; i < out.size(); ++i) {
    if (out[i] >= 'A' && out[i] <= 'F') out[i] = char(out[i] - 'A' + 'a');
  }
  out += ' ';
  base64_encode(rdata.subspan(kHeader + layout->hit_length, layout->key_length), out);
  size_t offset = layout->servers;
  while (offset < rdata.size()) {
    size_t length = detail::wire_name_length(rdata, offset);
    out += ' ';
    if (!detail::append_wire_name(rdata.subspan(offset, length), out)) {
      return unexpected(Error{"malformed HIP rendezvous server"});
    }
    offset += length;
  }
  return {};
}

}  // namespace lnsd::special
