#include "conf/acl.hh"

#include "conf/config.hh"

#include <algorithm>

namespace lnsd::conf {

namespace {

bool masked_equal(const IpAddress& a, const IpAddress& b, const IpAddress& mask) {
  auto x = a.bytes(), y = b.bytes(), m = mask.bytes();
  for (size_t i = 0; i < x.size(); ++i) {
    if ((x[i] & m[i]) != (y[i] & m[i])) return false;
  }
  return true;
}

std::optional<unsigned> parse_prefix(std::string_view text, unsigned max) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  unsigned n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<unsigned>(c - '0');
  }
  if (n > max) return std::nullopt;
  return n;
}

}  // namespace

Expected<AclElement, std::string> parse_acl_element(std::string_view ip_spec, std::string_view key) {
  AclElement e;
  e.spec = std::string(ip_spec);
  std::string error;
  auto split = split_port(ip_spec, error);
  if (!split) return unexpected(error);
  e.port = split->port;
  std::string_view addr = split->address;

  std::string_view second;
  if (size_t p = addr.find('&'); p != std::string_view::npos) {
    e.range = AclRange::Mask;
    second = addr.substr(p + 1);
    addr = addr.substr(0, p);
  } else if (size_t p = addr.find('/'); p != std::string_view::npos) {
    e.range = AclRange::Subnet;
    second = addr.substr(p + 1);
    addr = addr.substr(0, p);
  } else if (size_t p = addr.find('-'); p != std::string_view::npos) {
    e.range = AclRange::MinMax;
    second = addr.substr(p + 1);
    addr = addr.substr(0, p);
  }

  auto address = IpAddress::parse(addr);
  if (!address) return unexpected("'" + std::string(addr) + "' is not an IPv4 or IPv6 address");
  e.address = *address;

  switch (e.range) {
    case AclRange::Single:
      break;
    case AclRange::Subnet: {
      auto prefix = parse_prefix(second, e.address.bits());
      if (!prefix) {
        return unexpected("'/" + std::string(second) + "' is not a prefix length from 0 to " +
                          std::to_string(e.address.bits()));
      }
      e.prefix = *prefix;
      e.mask = IpAddress::prefix_mask(e.address.family(), *prefix);
      break;
    }
    case AclRange::Mask:
    case AclRange::MinMax: {
      auto other = IpAddress::parse(second);
      const char* what = e.range == AclRange::Mask ? "mask" : "end of the range";
      if (!other || other->family() != e.address.family()) {
        return unexpected("'" + std::string(second) + "' is not an " +
                          (e.address.is_v4() ? "IPv4" : "IPv6") + " address (the " + what + ")");
      }
      e.mask = *other;
      if (e.range == AclRange::MinMax && e.mask < e.address) {
        return unexpected("the range " + std::string(addr) + "-" + std::string(second) +
                          " ends before it starts");
      }
      break;
    }
  }

  if (key == "NOKEY") {
    e.key = AclKey::NoKey;
  } else if (key == "BLOCKED") {
    e.key = AclKey::Blocked;
  } else {
    auto dname = parse_config_name(key);
    if (!dname) return unexpected("'" + std::string(key) + "' is not NOKEY, BLOCKED or a key name");
    e.key = AclKey::Named;
    e.key_name = std::string(key);
    e.key_dname = *dname;
  }
  return e;
}

bool AclElement::matches_address(const IpAddress& source, uint16_t source_port) const {
  if (port && *port != source_port) return false;
  if (source.family() != address.family()) return false;
  switch (range) {
    case AclRange::Single:
      return source == address;
    case AclRange::Subnet:
    case AclRange::Mask:
      return masked_equal(source, address, mask);
    case AclRange::MinMax:
      return address <= source && source <= mask;
  }
  return false;
}

bool AclElement::matches_key(const Name* tsig_key) const {
  switch (key) {
    case AclKey::Blocked:
      return true;
    case AclKey::NoKey:
      return tsig_key == nullptr;
    case AclKey::Named:
      return tsig_key != nullptr && *tsig_key == key_dname;
  }
  return false;
}

std::string AclElement::to_text() const {
  std::string out = spec;
  out += ' ';
  switch (key) {
    case AclKey::NoKey: out += "NOKEY"; break;
    case AclKey::Blocked: out += "BLOCKED"; break;
    case AclKey::Named: out += key_name; break;
  }
  return out;
}

namespace {

// A key name as nsd.conf must spell it to read it back: bare when it is a
// plain word, else quoted (empty, white space, a leading '#', a keyword).
std::string conf_word(const std::string& word) {
  bool plain = !word.empty() && word[0] != '#' && word.back() != ':';
  for (char c : word) plain = plain && c != ' ' && c != '\t' && c != '\n' && c != '\r';
  return plain ? word : "\"" + word + "\"";
}

}  // namespace

std::string AclElement::to_conf_text() const {
  std::string out;
  if (axfr_only) out += "AXFR ";
  if (udp) out += "UDP ";
  out += spec;
  out += ' ';
  out += key == AclKey::Named ? conf_word(key_name) : key == AclKey::NoKey ? "NOKEY" : "BLOCKED";
  return out;
}

AclMatch Acl::match(const IpAddress& source, uint16_t source_port, const Name* tsig_key) const {
  AclMatch result;
  for (const AclElement& e : elements) {
    if (!e.matches_address(source, source_port) || !e.matches_key(tsig_key)) continue;
    if (e.key == AclKey::Blocked) return {AclMatch::Verdict::Blocked, &e};
    if (result.element == nullptr) result = {AclMatch::Verdict::Allowed, &e};
  }
  return result;
}

}  // namespace lnsd::conf
