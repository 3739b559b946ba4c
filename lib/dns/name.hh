// Domain names (RFC 1034 §3.1, RFC 1035 §3.1): a value type holding the
// uncompressed wire form in a fixed buffer, so building, copying and
// comparing names never allocates (the query path depends on this).
// Case is preserved as written; comparison ignores ASCII case (RFC 4343).
#pragma once

#include <array>
#include <cstring>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "util/expected.hh"

namespace lnsd {

enum class NameError : uint8_t {
  Empty,            // "" is not a name
  EmptyLabel,       // "a..b" or a leading dot
  LabelTooLong,     // over 63 octets (RFC 1035 §2.3.4)
  NameTooLong,      // over 255 octets in wire form
  BadEscape,        // "\" at the end, or \DDD over 255 or with fewer than three digits
  RelativeName,     // relative name (or "@") and no origin to complete it
  Truncated,        // wire form ends inside the name
  BadLabelType,     // label type 0x40 or 0x80 (RFC 6891 §5 obsoleted extended labels)
  BadPointer,       // compression pointer not strictly backwards, or where none may be
  TrailingData,     // from_wire: octets left after the root label
  NotSubdomain,     // replace_suffix: the name is not at or below the owner
};

// A short English description for diagnostics ("label longer than 63 octets").
std::string_view describe(NameError e);

class Name {
 public:
  static constexpr size_t kMaxWire = 255;
  static constexpr size_t kMaxLabel = 63;
  static constexpr size_t kMaxLabels = 128;

  Name();  // the root, "."
  // Copies move only the octets and offsets in use (a name is mostly a few
  // dozen octets of a 385-octet object).
  Name(const Name& other) { copy_from(other); }
  Name& operator=(const Name& other) {
    if (this != &other) copy_from(other);
    return *this;
  }

  // Presentation form to a name (RFC 1035 §5.1). A name without a trailing
  // dot is relative and completed with `origin`; without an origin it is
  // NameError::RelativeName. Edge cases, decided once:
  //  - "@" alone is the origin; "@" inside a longer name ("@.", "\@") is an
  //    ordinary label of one octet '@'.
  //  - "." is the root; "" is NameError::Empty (dnspython reads "" as "@").
  //  - \X is the octet X itself, so "a\.b" is one label of three octets.
  //  - \DDD needs exactly three decimal digits <= 255 ("\065" is 'A', the
  //    same as writing "A"; "\65x" and "\256" are BadEscape).
  //  - Other octets, spaces included, are taken as they are: splitting a
  //    line into tokens is the zone file lexer's business.
  //  - A long label is LabelTooLong before the name is NameTooLong; a name
  //    that only overflows once completed with `origin` is NameTooLong.
  static Expected<Name, NameError> from_text(std::string_view text, const Name* origin = nullptr);

  // Uncompressed wire form that must fill `wire` exactly (rdata, databases).
  // A compression pointer is BadPointer; octets after the root TrailingData.
  static Expected<Name, NameError> from_wire(std::span<const uint8_t> wire);

  // An uncompressed name at `offset` in `data` (names inside rdata that may
  // not be compressed, RFC 3597 §4). On success `offset` is moved past it.
  static Expected<Name, NameError> from_wire_at(std::span<const uint8_t> data, size_t& offset);

  // A name inside a DNS message at `offset`, following compression pointers
  // (RFC 1035 §4.1.4). A name is read as stretches of labels, each but the
  // last ended by a pointer; every pointer must point strictly before the
  // start of the stretch it ends (which also puts it before itself).
  // Stretch starts therefore strictly decrease, so loops are impossible and
  // the work is bounded (at most 8192 pointers fit in the 16384 octets a
  // pointer can reach). Encoders only point at names written earlier, so no
  // honest message is refused. On success `offset` is moved past the name
  // as it is written in place (a pointer takes two bytes); on failure
  // `offset` is unchanged.
  static Expected<Name, NameError> from_message(std::span<const uint8_t> message, size_t& offset);

  // Uncompressed wire form with the case as written; ends with the root label.
  std::span<const uint8_t> wire() const { return {data_.data(), size_}; }
  size_t wire_size() const { return size_; }
  size_t label_count() const { return labels_; }  // the root has 0
  bool is_root() const { return labels_ == 0; }
  bool is_wildcard() const;                       // leftmost label is "*"
  // Label i (0 = leftmost) without its length octet.
  std::span<const uint8_t> label(size_t i) const;

  // Absolute presentation form with the trailing dot. Printable ASCII stays as
  // is except . \ " ( ) ; @ $ which get a backslash; other octets (space,
  // controls, DEL, 128-255) are \DDD. This is dnspython's form (2.3).
  // ldns-read-zone differs only in leaving " @ $ bare, which a zone file
  // reader can misread ("$x" at the start of a line is a directive, a lone
  // "@" is the origin), so we escape them. The root is ".".
  std::string to_text() const;
  void append_text(std::string& out) const;
  // Relative to `origin` when below it ("www" for www.example.com. in
  // example.com., "@" for the origin itself), else absolute.
  void append_text_relative(std::string& out, const Name& origin) const;

  // Case-insensitive equality (RFC 4343).
  bool operator==(const Name& other) const;
  // RFC 4034 §6.1 canonical order: negative, zero or positive.
  int canonical_compare(const Name& other) const;
  // True when this name equals `ancestor` or is below it.
  bool is_subdomain_of(const Name& ancestor) const;
  // Number of rightmost labels shared with `other` (case-insensitive).
  size_t common_labels(const Name& other) const;

  // The name without its leftmost label; the root stays the root.
  Name parent() const;
  // The rightmost `count` labels; a count over label_count() gives the name.
  Name suffix(size_t count) const;
  // "*." + this name, for wildcard look-up (RFC 4592 §3.3.1).
  Expected<Name, NameError> wildcard_child() const;
  // A label prepended; the label is raw octets (no escapes).
  Expected<Name, NameError> prepend(std::span<const uint8_t> label) const;
  // DNAME substitution (RFC 6672 §2.2): this name must be at or below `owner`
  // (else NotSubdomain); the `owner` suffix is replaced by `target`.
  // NameTooLong gives YXDOMAIN.
  Expected<Name, NameError> replace_suffix(const Name& owner, const Name& target) const;

  Name lowercased() const;
  // Case-insensitive hash (FNV-1a over the lowercased wire form).
  uint64_t hash() const;

 private:
  // A name its maker fills at once: the arrays are left as they are, as
  // only the octets up to size_ and the first labels_ + 1 offsets are
  // ever read.
  struct Unfilled {};
  explicit Name(Unfilled) {}
  void index_labels();  // recomputes offsets_ and labels_ from data_
  // In 16-octet moves (the last one ending at the array's end when it
  // would pass it): no call, no loop over octets.
  template <size_t N>
  static void copy_prefix(std::array<uint8_t, N>& to, const std::array<uint8_t, N>& from, size_t n) {
    for (size_t at = 0; at < n; at += 16) {
      const size_t start = at + 16 <= N ? at : N - 16;
      std::memcpy(to.data() + start, from.data() + start, 16);
    }
  }
  void copy_from(const Name& other) {
    size_ = other.size_;
    labels_ = other.labels_;
    copy_prefix(offsets_, other.offsets_, size_t(labels_) + 1);
    copy_prefix(data_, other.data_, size_);
  }
  Name tail(size_t skip) const;  // without the `skip` leftmost labels
  static Expected<Name, NameError> read_wire(std::span<const uint8_t> data, size_t& offset,
                                             bool follow_pointers);

  uint8_t size_ = 1;    // wire length including the root label, 1..255
  uint8_t labels_ = 0;  // label count excluding the root
  // Start of each label in data_; offsets_[labels_] is the root label, so
  // the suffix of any label count starts at offsets_[labels_ - count].
  std::array<uint8_t, kMaxLabels> offsets_;
  std::array<uint8_t, kMaxWire> data_;
};

// Lowercases ASCII letters of a wire-form name in place (RFC 4034 §6.2).
void lowercase_wire_name(std::span<uint8_t> wire);

struct NameCanonicalLess {
  bool operator()(const Name& a, const Name& b) const { return a.canonical_compare(b) < 0; }
};

}  // namespace lnsd
