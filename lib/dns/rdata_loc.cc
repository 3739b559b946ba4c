// LOC (RFC 1876): a location as latitude, longitude and altitude with the
// size of the located object and the precision of the position.
//
// Presentation form (RFC 1876 Appendix A):
//   d1 [m1 [s1]] {N|S} d2 [m2 [s2]] {E|W} alt[m] [siz[m] [hp[m] [vp[m]]]]
// printed back the way ldns prints it, with all optional fields:
// "52 22 23.000 N 04 53 32.000 E -2m 0.00m 10000m 10m".
#include <cstdio>

#include "dns/rdata_special.hh"
#include "dns/rdata_special_detail.hh"
#include "dns/wire.hh"

namespace lnsd::special {
namespace {

using detail::fail;
using detail::quoted_for_message;

constexpr size_t kLocSize = 16;
// RFC 1876 §2: latitude and longitude are thousandths of an arc second
// offset by 2^31 (the equator, the prime meridian); altitude is centimetres
// offset by 100000 m below the WGS 84 reference spheroid.
constexpr uint32_t kEquator = 0x80000000u;
constexpr uint32_t kMillisecondsPerDegree = 3600 * 1000;
constexpr int64_t kAltitudeBase = 10000000;
constexpr int64_t kMaxAltitudeCm = int64_t(UINT32_MAX) - kAltitudeBase;  // 42849672.95m
constexpr uint64_t kMaxPrecisionCm = 9000000000;                          // 90000000.00m
// Appendix A defaults: size 1m, horizontal precision 10000m, vertical 10m,
// as mantissa << 4 | exponent of centimetres.
constexpr uint8_t kDefaultSize = 0x12;
constexpr uint8_t kDefaultHorizontal = 0x16;
constexpr uint8_t kDefaultVertical = 0x13;

// "<digits>[.<up to max_decimals digits>]" scaled by 10^max_decimals.
std::optional<uint64_t> parse_fixed(std::string_view text, size_t max_decimals) {
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view decimals = dot == std::string_view::npos ? std::string_view{}
                                                           : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 12) return std::nullopt;
  if (dot != std::string_view::npos && (decimals.empty() || decimals.size() > max_decimals)) {
    return std::nullopt;
  }
  uint64_t value = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + uint64_t(c - '0');
  }
  for (size_t i = 0; i < max_decimals; ++i) {
    char c = i < decimals.size() ? decimals[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + uint64_t(c - '0');
  }
  return value;
}

// Metres with an optional "m" suffix, in centimetres.
std::optional<uint64_t> parse_metres(std::string_view text) {
  if (!text.empty() && text.back() == 'm') text.remove_suffix(1);
  return parse_fixed(text, 2);
}

// Upper case only, as in the RFC 1876 Appendix A grammar (ldns and
// dnspython agree).
bool is_hemisphere(const Token& token, char positive, char negative) {
  return token.text.size() == 1 && (token.text[0] == positive || token.text[0] == negative);
}

// "d [m [s]] H" from tokens[index], advancing index past the hemisphere.
Expected<uint32_t, RdataError> coordinate(std::span<const Token> tokens, size_t& index,
                                          uint32_t max_degrees, char positive, char negative,
                                          std::string_view what) {
  const size_t first = index;
  std::string name(what);
  std::string hemisphere = std::string("expected ") + positive + " or " + negative + " after the " +
                           name;
  auto degrees = detail::decimal_field(tokens, index++, max_degrees, name + " degrees");
  if (!degrees) return unexpected(degrees.error());
  uint64_t milliseconds = uint64_t(*degrees) * kMillisecondsPerDegree;

  // Minutes and seconds are optional; a token that is no number where one
  // of them could be is taken for a misspelt hemisphere.
  auto number_follows = [&] {
    return index < tokens.size() && !tokens[index].text.empty() && tokens[index].text[0] >= '0' &&
           tokens[index].text[0] <= '9';
  };
  if (number_follows()) {
    auto minutes = detail::decimal_field(tokens, index++, 59, name + " minutes");
    if (!minutes) return unexpected(minutes.error());
    milliseconds += uint64_t(*minutes) * 60 * 1000;
    if (number_follows()) {
      auto seconds = parse_fixed(tokens[index].text, 3);
      if (!seconds || *seconds > 59999) {
        return fail(index, "expected " + name + " seconds (0..59.999), got " +
                               quoted_for_message(tokens[index].text));
      }
      milliseconds += *seconds;
      ++index;
    }
  }
  if (index >= tokens.size()) return fail(tokens.size(), hemisphere + ", got nothing");
  if (!is_hemisphere(tokens[index], positive, negative)) {
    return fail(index, hemisphere + ", got " + quoted_for_message(tokens[index].text));
  }
  bool is_positive = tokens[index].text[0] == positive;
  ++index;
  if (milliseconds > uint64_t(max_degrees) * kMillisecondsPerDegree) {
    return fail(first, name + " beyond " + std::to_string(max_degrees) + " degrees");
  }
  return is_positive ? kEquator + uint32_t(milliseconds) : kEquator - uint32_t(milliseconds);
}

Expected<uint32_t, RdataError> altitude(std::span<const Token> tokens, size_t index) {
  const std::string expected = "expected an altitude in metres (-100000.00..42849672.95)";
  if (index >= tokens.size()) return fail(tokens.size(), expected + ", got nothing");
  std::string_view text = tokens[index].text;
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  auto centimetres = parse_metres(text);
  if (!centimetres || (negative && *centimetres > uint64_t(kAltitudeBase)) ||
      (!negative && *centimetres > uint64_t(kMaxAltitudeCm))) {
    return fail(index, expected + ", got " + quoted_for_message(tokens[index].text));
  }
  int64_t signed_cm = negative ? -int64_t(*centimetres) : int64_t(*centimetres);
  return uint32_t(signed_cm + kAltitudeBase);
}

// RFC 1876 §2: size and precisions are mantissa * 10^exponent centimetres,
// each digit in one nibble. Like the RFC's reference code, a value that is
// not representable keeps its leading digit (1234m becomes 1000m).
Expected<uint8_t, RdataError> precision(std::span<const Token> tokens, size_t index,
                                        std::string_view what) {
  auto centimetres = parse_metres(tokens[index].text);
  if (!centimetres || *centimetres > kMaxPrecisionCm) {
    return fail(index, "expected " + std::string(what) + " in metres (0..90000000.00), got " +
                           quoted_for_message(tokens[index].text));
  }
  uint64_t mantissa = *centimetres;
  uint8_t exponent = 0;
  while (mantissa >= 10) {
    mantissa /= 10;
    ++exponent;
  }
  return uint8_t(mantissa << 4 | exponent);
}

bool precision_valid(uint8_t value) { return (value >> 4) <= 9 && (value & 0x0F) <= 9; }

bool coordinate_valid(uint32_t value, uint32_t max_degrees) {
  uint32_t offset = value >= kEquator ? value - kEquator : kEquator - value;
  return offset <= max_degrees * kMillisecondsPerDegree;
}

void append_coordinate(uint32_t value, char positive, char negative, std::string& out) {
  // Like ldns, the equator and the prime meridian print as S and W.
  char hemisphere = value > kEquator ? positive : negative;
  uint32_t offset = value > kEquator ? value - kEquator : kEquator - value;
  unsigned degrees = offset / kMillisecondsPerDegree;
  offset %= kMillisecondsPerDegree;
  unsigned minutes = offset / 60000;
  offset %= 60000;
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%02u %02u %u.%03u %c", degrees, minutes,
                unsigned(offset / 1000), unsigned(offset % 1000), hemisphere);
  out += buffer;
}

void append_altitude(uint32_t value, std::string& out) {
  int64_t centimetres = int64_t(value) - kAltitudeBase;
  if (centimetres < 0) {
    out += '-';
    centimetres = -centimetres;
  }
  out += std::to_string(centimetres / 100);
  if (centimetres % 100 != 0) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, ".%02u", unsigned(centimetres % 100));
    out += buffer;
  }
  out += 'm';
}

// As ldns prints it: below one metre with two decimals ("0.00m", "0.50m"),
// else whole metres ("1m", "10000m").
void append_precision(uint8_t value, std::string& out) {
  unsigned mantissa = value >> 4;
  unsigned exponent = value & 0x0F;
  if (exponent < 2) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "0.%02u", exponent == 1 ? mantissa * 10 : mantissa);
    out += buffer;
  } else {
    out += char('0' + mantissa);
    if (mantissa != 0) out.append(exponent - 2, '0');
  }
  out += 'm';
}

}  // namespace

Expected<void, RdataError> loc_from_text(std::span<const Token> tokens, const Name&,
                                         std::vector<uint8_t>& out) {
  size_t index = 0;
  auto latitude = coordinate(tokens, index, 90, 'N', 'S', "latitude");
  if (!latitude) return unexpected(latitude.error());
  auto longitude = coordinate(tokens, index, 180, 'E', 'W', "longitude");
  if (!longitude) return unexpected(longitude.error());
  auto height = altitude(tokens, index++);
  if (!height) return unexpected(height.error());

  uint8_t sizes[3] = {kDefaultSize, kDefaultHorizontal, kDefaultVertical};
  static constexpr std::string_view kWhat[3] = {"a size", "a horizontal precision",
                                                "a vertical precision"};
  for (size_t i = 0; i < 3 && index < tokens.size(); ++i, ++index) {
    auto value = precision(tokens, index, kWhat[i]);
    if (!value) return unexpected(value.error());
    sizes[i] = *value;
  }
  if (index < tokens.size()) {
    return fail(index, "unexpected " + quoted_for_message(tokens[index].text) +
                           " after the vertical precision");
  }

  WireWriter writer(out);
  writer.u8(0);  // VERSION
  writer.u8(sizes[0]);
  writer.u8(sizes[1]);
  writer.u8(sizes[2]);
  writer.u32(*latitude);
  writer.u32(*longitude);
  writer.u32(*height);
  return {};
}

bool loc_check_wire(std::span<const uint8_t> rdata, RdataNames& names) {
  detail::clear_names(names);
  // RFC 1876 §2: version 0 is the only format; the fields after it are
  // meaningless under any other.
  if (rdata.size() != kLocSize || rdata[0] != 0) return false;
  WireReader reader(rdata, 1);
  bool sizes_valid = precision_valid(reader.u8()) && precision_valid(reader.u8()) &&
                     precision_valid(reader.u8());
  bool latitude_valid = coordinate_valid(reader.u32(), 90);
  bool longitude_valid = coordinate_valid(reader.u32(), 180);
  return reader.ok() && sizes_valid && latitude_valid && longitude_valid;
}

Expected<void, Error> loc_to_text(std::span<const uint8_t> rdata, std::string& out) {
  RdataNames names;
  if (!loc_check_wire(rdata, names)) return unexpected(Error{"malformed LOC rdata"});
  WireReader reader(rdata, 1);
  uint8_t size = reader.u8();
  uint8_t horizontal = reader.u8();
  uint8_t vertical = reader.u8();
  uint32_t latitude = reader.u32();
  uint32_t longitude = reader.u32();
  uint32_t height = reader.u32();

  append_coordinate(latitude, 'N', 'S', out);
  out += ' ';
  append_coordinate(longitude, 'E', 'W', out);
  out += ' ';
  append_altitude(height, out);
  for (uint8_t value : {size, horizontal, vertical}) {
    out += ' ';
    append_precision(value, out);
  }
  return {};
}

}  // namespace lnsd::special
