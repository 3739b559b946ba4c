// Domain names: parsing, printing, comparison and the label arithmetic the
// answer path needs. Nothing here allocates except the text functions.
#include "dns/name.hh"

#include <algorithm>
#include <cstring>

namespace lnsd {

namespace {

// ASCII-only case folding (RFC 4343 §3): octets outside A-Z are unchanged,
// so length octets (<= 63) pass through it untouched.
constexpr std::array<uint8_t, 256> make_lower_table() {
  std::array<uint8_t, 256> t{};
  for (size_t i = 0; i < 256; ++i) t[i] = uint8_t(i >= 'A' && i <= 'Z' ? i + ('a' - 'A') : i);
  return t;
}
constexpr std::array<uint8_t, 256> kLower = make_lower_table();

// Octets that need a backslash in presentation form even though printable:
// the label separator, the escape itself, and the characters a zone file
// reader treats specially (quotes, parentheses, comments, "@", "$").
constexpr bool needs_backslash(uint8_t c) {
  return c == '.' || c == '\\' || c == '"' || c == '(' || c == ')' || c == ';' || c == '@' ||
         c == '$';
}

void append_label_text(std::span<const uint8_t> label, std::string& out) {
  for (uint8_t c : label) {
    if (needs_backslash(c)) {
      out.push_back('\\');
      out.push_back(char(c));
    } else if (c > 0x20 && c < 0x7f) {
      out.push_back(char(c));
    } else {
      const char ddd[4] = {'\\', char('0' + c / 100), char('0' + c / 10 % 10), char('0' + c % 10)};
      out.append(ddd, 4);
    }
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string_view describe(NameError e) {
  switch (e) {
    case NameError::Empty: return "empty name";
    case NameError::EmptyLabel: return "empty label";
    case NameError::LabelTooLong: return "label longer than 63 octets";
    case NameError::NameTooLong: return "name longer than 255 octets";
    case NameError::BadEscape: return "bad escape sequence";
    case NameError::RelativeName: return "relative name without an origin";
    case NameError::Truncated: return "name truncated";
    case NameError::BadLabelType: return "unsupported label type";
    case NameError::BadPointer: return "bad compression pointer";
    case NameError::TrailingData: return "octets after the end of the name";
    case NameError::NotSubdomain: return "name not below the owner";
  }
  return "unknown name error";
}

// Only the root's octet and offset are set: nothing reads past size_ and
// labels_ (copies take only that prefix), and zeroing all 383 octets showed
// in the compiler's profile, where a Name is built for every owner.
Name::Name() {
  offsets_[0] = 0;
  data_[0] = 0;
}

void Name::index_labels() {
  size_t pos = 0;
  labels_ = 0;
  while (data_[pos] != 0) {
    offsets_[labels_++] = uint8_t(pos);
    pos += 1 + data_[pos];
  }
  offsets_[labels_] = uint8_t(pos);
  size_ = uint8_t(pos + 1);
}

Expected<Name, NameError> Name::from_text(std::string_view text, const Name* origin) {
  if (text.empty()) return unexpected(NameError::Empty);
  if (text == "@") {
    if (origin == nullptr) return unexpected(NameError::RelativeName);
    return *origin;
  }
  Name n;
  if (text == ".") return n;

  // Octets are written straight into n.data_. A data octet at `pos` needs
  // pos + 1 (itself) + 1 (the root label) <= 255, which bounds every write.
  size_t pos = 1;        // next octet to write
  size_t label_pos = 0;  // where the current label's length octet goes
  bool absolute = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      size_t length = pos - label_pos - 1;
      if (length == 0) return unexpected(NameError::EmptyLabel);
      n.data_[label_pos] = uint8_t(length);
      if (i + 1 == text.size()) {
        absolute = true;
        break;
      }
      label_pos = pos++;
      continue;
    }
    uint8_t octet = uint8_t(c);
    if (c == '\\') {
      if (i + 1 == text.size()) return unexpected(NameError::BadEscape);
      if (is_digit(text[i + 1])) {
        if (i + 3 >= text.size() || !is_digit(text[i + 2]) || !is_digit(text[i + 3]))
          return unexpected(NameError::BadEscape);
        unsigned v = unsigned(text[i + 1] - '0') * 100 + unsigned(text[i + 2] - '0') * 10 +
                     unsigned(text[i + 3] - '0');
        if (v > 255) return unexpected(NameError::BadEscape);
        octet = uint8_t(v);
        i += 3;
      } else {
        octet = uint8_t(text[i + 1]);
        i += 1;
      }
    }
    if (pos - label_pos - 1 == kMaxLabel) return unexpected(NameError::LabelTooLong);
    if (pos + 2 > kMaxWire) return unexpected(NameError::NameTooLong);
    n.data_[pos++] = octet;
  }

  if (absolute) {
    // `pos` is just past the last label: the root goes there.
    n.data_[pos] = 0;
    n.index_labels();
    return n;
  }
  // The text ended inside a label (a trailing '.' would have set absolute,
  // and a lone '\' failed above), so that label is not empty.
  n.data_[label_pos] = uint8_t(pos - label_pos - 1);
  if (origin == nullptr) return unexpected(NameError::RelativeName);
  if (pos + origin->size_ > kMaxWire) return unexpected(NameError::NameTooLong);
  std::memcpy(&n.data_[pos], origin->data_.data(), origin->size_);
  n.index_labels();
  return n;
}

Expected<Name, NameError> Name::from_wire(std::span<const uint8_t> wire) {
  size_t offset = 0;
  auto n = from_wire_at(wire, offset);
  if (n && offset != wire.size()) return unexpected(NameError::TrailingData);
  return n;
}

Expected<Name, NameError> Name::from_wire_at(std::span<const uint8_t> data, size_t& offset) {
  return read_wire(data, offset, false);
}

Expected<Name, NameError> Name::from_message(std::span<const uint8_t> message, size_t& offset) {
  return read_wire(message, offset, true);
}

Expected<Name, NameError> Name::read_wire(std::span<const uint8_t> data, size_t& offset,
                                          bool follow_pointers) {
  // Filled below up to size_; the octets past it are never read.
  Name n(Unfilled{});
  size_t pos = offset;
  size_t stretch_start = pos;  // first octet of the labels being read
  size_t end = 0;              // where the name ends in place, once a pointer is seen
  size_t out = 0;              // octets of n.data_ filled, up to the current stretch
  size_t stretch_out = 0;      // octets of the current stretch not yet copied
  uint8_t labels = 0;
  // Each stretch of labels is copied with one memcpy when it ends.
  auto copy_stretch = [&] {
    std::memcpy(&n.data_[out], &data[stretch_start], stretch_out);
    out += stretch_out;
    stretch_out = 0;
  };
  for (;;) {
    if (pos >= data.size()) return unexpected(NameError::Truncated);
    uint8_t length = data[pos];
    if ((length & 0xC0) == 0xC0) {
      if (!follow_pointers) return unexpected(NameError::BadPointer);
      if (data.size() - pos < 2) return unexpected(NameError::Truncated);
      size_t target = size_t(length & 0x3F) << 8 | data[pos + 1];
      if (target >= stretch_start) return unexpected(NameError::BadPointer);
      if (end == 0) end = pos + 2;
      copy_stretch();
      pos = stretch_start = target;
      continue;
    }
    // 0x40 and 0x80 were extended label types; RFC 6891 §5 retired them.
    if ((length & 0xC0) != 0) return unexpected(NameError::BadLabelType);
    if (length == 0) break;
    if (data.size() - pos - 1 < length) return unexpected(NameError::Truncated);
    if (out + stretch_out + 1 + length + 1 > kMaxWire) return unexpected(NameError::NameTooLong);
    n.offsets_[labels++] = uint8_t(out + stretch_out);
    stretch_out += 1 + size_t(length);
    pos += 1 + size_t(length);
  }
  copy_stretch();
  n.data_[out] = 0;
  n.offsets_[labels] = uint8_t(out);
  n.size_ = uint8_t(out + 1);
  n.labels_ = labels;
  offset = end != 0 ? end : pos + 1;
  return n;
}

bool Name::is_wildcard() const { return labels_ > 0 && data_[0] == 1 && data_[1] == '*'; }

std::span<const uint8_t> Name::label(size_t i) const {
  if (i >= labels_) return {};
  return {&data_[offsets_[i] + 1], data_[offsets_[i]]};
}

std::string Name::to_text() const {
  std::string out;
  append_text(out);
  return out;
}

void Name::append_text(std::string& out) const {
  if (labels_ == 0) {
    out.push_back('.');
    return;
  }
  for (size_t i = 0; i < labels_; ++i) {
    append_label_text(label(i), out);
    out.push_back('.');
  }
}

void Name::append_text_relative(std::string& out, const Name& origin) const {
  if (!is_subdomain_of(origin)) {
    append_text(out);
    return;
  }
  size_t own = labels_ - origin.labels_;
  if (own == 0) {
    out.push_back('@');
    return;
  }
  for (size_t i = 0; i < own; ++i) {
    if (i > 0) out.push_back('.');
    append_label_text(label(i), out);
  }
}

bool Name::operator==(const Name& other) const {
  if (size_ != other.size_) return false;
  // Names in one zone share their right end, so differences are likelier on
  // the left: compare from the right. Equal length octets at equal places
  // mean equal label structure, so a flat comparison suffices.
  for (size_t i = size_; i-- > 0;) {
    uint8_t a = data_[i], b = other.data_[i];
    if (a != b && kLower[a] != kLower[b]) return false;
  }
  return true;
}

int Name::canonical_compare(const Name& other) const {
  // RFC 4034 §6.1: labels from the right; each label compared as a
  // lowercased octet string, a proper prefix sorting first; when one name
  // runs out of labels first, it sorts first.
  size_t i = labels_, j = other.labels_;
  while (i > 0 && j > 0) {
    --i;
    --j;
    const uint8_t* a = &data_[offsets_[i]];
    const uint8_t* b = &other.data_[other.offsets_[j]];
    size_t la = a[0], lb = b[0];
    size_t n = std::min(la, lb);
    for (size_t k = 1; k <= n; ++k) {
      if (a[k] == b[k]) continue;
      int d = int(kLower[a[k]]) - int(kLower[b[k]]);
      if (d != 0) return d;
    }
    if (la != lb) return la < lb ? -1 : 1;
  }
  if (i > 0) return 1;
  if (j > 0) return -1;
  return 0;
}

bool Name::is_subdomain_of(const Name& ancestor) const {
  if (ancestor.labels_ > labels_) return false;
  size_t start = offsets_[labels_ - ancestor.labels_];
  if (size_ - start != ancestor.size_) return false;
  // Mostly written in the same case: one flat comparison settles it.
  if (std::memcmp(&data_[start], ancestor.data_.data(), ancestor.size_) == 0) return true;
  for (size_t k = ancestor.size_; k-- > 0;) {
    uint8_t a = data_[start + k], b = ancestor.data_[k];
    if (a != b && kLower[a] != kLower[b]) return false;
  }
  return true;
}

size_t Name::common_labels(const Name& other) const {
  size_t i = labels_, j = other.labels_, common = 0;
  while (i > 0 && j > 0) {
    --i;
    --j;
    const uint8_t* a = &data_[offsets_[i]];
    const uint8_t* b = &other.data_[other.offsets_[j]];
    if (a[0] != b[0]) break;
    size_t k = 1;
    while (k <= a[0] && kLower[a[k]] == kLower[b[k]]) ++k;
    if (k <= a[0]) break;
    ++common;
  }
  return common;
}

Name Name::tail(size_t skip) const {
  Name n;
  size_t start = offsets_[skip];
  n.size_ = uint8_t(size_ - start);
  n.labels_ = uint8_t(labels_ - skip);
  std::memcpy(n.data_.data(), &data_[start], n.size_);
  for (size_t k = 0; k <= n.labels_; ++k) n.offsets_[k] = uint8_t(offsets_[skip + k] - start);
  return n;
}

Name Name::parent() const { return labels_ == 0 ? *this : tail(1); }

Name Name::suffix(size_t count) const {
  return count >= labels_ ? *this : tail(labels_ - count);
}

Expected<Name, NameError> Name::wildcard_child() const {
  static constexpr uint8_t kStar[1] = {'*'};
  return prepend(kStar);
}

Expected<Name, NameError> Name::prepend(std::span<const uint8_t> label) const {
  if (label.empty()) return unexpected(NameError::EmptyLabel);
  if (label.size() > kMaxLabel) return unexpected(NameError::LabelTooLong);
  size_t grow = 1 + label.size();
  if (size_ + grow > kMaxWire) return unexpected(NameError::NameTooLong);
  Name n;
  n.data_[0] = uint8_t(label.size());
  std::memcpy(&n.data_[1], label.data(), label.size());
  std::memcpy(&n.data_[grow], data_.data(), size_);
  n.size_ = uint8_t(size_ + grow);
  n.labels_ = uint8_t(labels_ + 1);
  n.offsets_[0] = 0;
  for (size_t k = 0; k <= labels_; ++k) n.offsets_[k + 1] = uint8_t(offsets_[k] + grow);
  return n;
}

Expected<Name, NameError> Name::replace_suffix(const Name& owner, const Name& target) const {
  if (!is_subdomain_of(owner)) return unexpected(NameError::NotSubdomain);
  size_t kept = labels_ - owner.labels_;
  size_t prefix = offsets_[kept];
  if (prefix + target.size_ > kMaxWire) return unexpected(NameError::NameTooLong);
  Name n;
  std::memcpy(n.data_.data(), data_.data(), prefix);
  std::memcpy(&n.data_[prefix], target.data_.data(), target.size_);
  n.size_ = uint8_t(prefix + target.size_);
  n.labels_ = uint8_t(kept + target.labels_);
  for (size_t k = 0; k < kept; ++k) n.offsets_[k] = offsets_[k];
  for (size_t k = 0; k <= target.labels_; ++k)
    n.offsets_[kept + k] = uint8_t(prefix + target.offsets_[k]);
  return n;
}

Name Name::lowercased() const {
  Name n = *this;
  for (size_t k = 0; k < size_; ++k) n.data_[k] = kLower[data_[k]];
  return n;
}

uint64_t Name::hash() const {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a 64-bit offset basis
  for (size_t k = 0; k < size_; ++k) {
    h ^= kLower[data_[k]];
    h *= 0x100000001b3ull;  // FNV prime
  }
  return h;
}

void lowercase_wire_name(std::span<uint8_t> wire) {
  // Walk the labels rather than all octets, so that a malformed or
  // truncated input is never read or written past its end.
  size_t pos = 0;
  while (pos < wire.size()) {
    size_t length = wire[pos];
    if (length == 0 || length > Name::kMaxLabel) return;
    size_t end = std::min(wire.size(), pos + 1 + length);
    for (size_t k = pos + 1; k < end; ++k) wire[k] = kLower[wire[k]];
    pos = end;
  }
}

}  // namespace lnsd
