// An IPv4 or IPv6 address as the configuration and the access lists use it:
// the bytes in network order and the family, nothing else (no port, no
// scope). Comparison and masking work on the bytes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

struct sockaddr;

namespace lnsd::conf {

class IpAddress {
 public:
  enum class Family : uint8_t { V4, V6 };

  IpAddress() = default;  // 0.0.0.0
  static IpAddress v4(std::array<uint8_t, 4> bytes);
  static IpAddress v6(std::array<uint8_t, 16> bytes);

  // Presentation form: dotted quad or RFC 4291 §2.2 text. Nothing else
  // (no brackets, no port, no %scope).
  static std::optional<IpAddress> parse(std::string_view text);
  // The address of a socket address (AF_INET or AF_INET6); nullopt otherwise.
  // The port, if wanted, is read by the caller.
  static std::optional<IpAddress> from_sockaddr(const sockaddr* sa);

  Family family() const { return family_; }
  bool is_v4() const { return family_ == Family::V4; }
  size_t size() const { return is_v4() ? 4 : 16; }
  std::span<const uint8_t> bytes() const { return {bytes_.data(), size()}; }
  // Bit count of the family: 32 or 128.
  unsigned bits() const { return is_v4() ? 32 : 128; }

  // inet_ntop form (lowercase, :: compression).
  std::string to_text() const;

  // A mask of `prefix` leading one bits in this family.
  static IpAddress prefix_mask(Family family, unsigned prefix);

  bool operator==(const IpAddress& other) const = default;
  // Numeric order within a family (the bytes are big-endian); V4 < V6.
  auto operator<=>(const IpAddress& other) const = default;

 private:
  Family family_ = Family::V4;
  std::array<uint8_t, 16> bytes_{};
};

// "addr@port" splits at the last '@'. Returns the address part and sets
// `port`; an empty, non-numeric, zero or too large port is an error message.
struct AddressAndPort {
  std::string_view address;
  std::optional<uint16_t> port;
};
std::optional<AddressAndPort> split_port(std::string_view text, std::string& error);

}  // namespace lnsd::conf
