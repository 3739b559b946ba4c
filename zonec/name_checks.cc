#include "name_checks.hh"

#include <vector>

namespace lnsd::zonec {

namespace {

bool label_iequal(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    uint8_t x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = uint8_t(x + 32);
    if (y >= 'A' && y <= 'Z') y = uint8_t(y + 32);
    if (x != y) return false;
  }
  return true;
}

// The leftmost `count` labels of `name` as an absolute name.
Name leftmost(const Name& name, size_t count) {
  std::vector<uint8_t> wire;
  for (size_t i = 0; i < count; ++i) {
    auto label = name.label(i);
    wire.push_back(uint8_t(label.size()));
    wire.insert(wire.end(), label.begin(), label.end());
  }
  wire.push_back(0);
  auto n = Name::from_wire(wire);
  return n ? *n : Name();
}

std::optional<unsigned> decimal_octet(std::span<const uint8_t> label) {
  if (label.empty() || label.size() > 3) return std::nullopt;
  unsigned v = 0;
  for (uint8_t c : label) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v > 255) return std::nullopt;
  return v;
}

}  // namespace

bool ends_in_doubled_origin(const Name& name, const Name& origin) {
  size_t n = origin.label_count();
  size_t total = name.label_count();
  if (n == 0 || total < 2 * n) return false;
  for (size_t k = 0; k < n; ++k) {
    if (!label_iequal(name.label(total - 2 * n + k), origin.label(k))) return false;
    if (!label_iequal(name.label(total - n + k), origin.label(k))) return false;
  }
  return true;
}

NameFinding doubled_origin_finding(std::string_view what, const Name& name, const Name& origin) {
  size_t n = origin.label_count();
  size_t total = name.label_count();
  Name intended = leftmost(name, total - n);
  std::string relative;
  if (total == 2 * n) {
    relative = "@";
  } else {
    Name rel = leftmost(name, total - 2 * n);
    relative = rel.to_text();
    relative.pop_back();  // relative form: no trailing dot
  }
  return {std::string(what) + " " + name.to_text() + " ends in the origin twice: was " +
              intended.to_text() + " written without its trailing dot?",
          "write " + intended.to_text() + " with the trailing dot, or the relative " +
              relative};
}

std::optional<std::string> address_written_as_name(const Name& name, const Name& origin) {
  size_t total = name.label_count();
  for (size_t i = 0; i < total; ++i) {
    auto label = name.label(i);
    for (uint8_t c : label) {
      if (c == ':') {
        std::string text = name.to_text();
        size_t end = text.find('.');
        return text.substr(0, end);
      }
    }
  }
  if (total < 4) return std::nullopt;
  bool rest_is_origin = total == 4 || (total - 4 == origin.label_count() &&
                                       name.suffix(total - 4) == origin);
  if (!rest_is_origin) return std::nullopt;
  std::string address;
  for (size_t i = 0; i < 4; ++i) {
    auto octet = decimal_octet(name.label(i));
    if (!octet) return std::nullopt;
    if (i > 0) address.push_back('.');
    address += std::to_string(*octet);
  }
  return address;
}

}  // namespace lnsd::zonec
