// Domain names (RFC 1034 §3.1, RFC 1035 §3.1): a value type holding the
// uncompressed wire form in a fixed buffer, so building, copying and
// comparing names never allocates (the query path depends on this).
// Case is preserved as written; comparison ignores ASCII case (RFC 4343).
#pragma once

#include <array>
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
  BadPointer,       // compression pointer not strictly backwards, or out of the message
};

// A short English description for diagnostics ("label longer than 63 octets").
std::string_view describe(NameError e);

class Name {
 public:
  static constexpr size_t kMaxWire = 255;
  static constexpr size_t kMaxLabel = 63;
  static constexpr size_t kMaxLabels = 128;

  Name();  // the root, "."

  // Presentation form to a name. Handles \DDD and \X escapes. A name without a
  // trailing dot is relative and completed with `origin`; "@" alone is the
  // origin. Without an origin a relative name is NameError::RelativeName.
  static Expected<Name, NameError> from_text(std::string_view text, const Name* origin = nullptr);

  // Uncompressed wire form that must fill `wire` exactly (rdata, databases).
  static Expected<Name, NameError> from_wire(std::span<const uint8_t> wire);

  // A name inside a DNS message at `offset`, following compression pointers
  // (RFC 1035 §4.1.4). Each pointer must point strictly before the label it
  // replaces, which makes loops impossible. On success `offset` is moved past
  // the name as it is written in place (a pointer takes two bytes).
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
  // is except . \ " ( ) ; @ $ which get a backslash; other octets are \DDD.
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
  // The rightmost `count` labels (count <= label_count()).
  Name suffix(size_t count) const;
  // "*." + this name, for wildcard look-up (RFC 4592 §3.3.1).
  Expected<Name, NameError> wildcard_child() const;
  // A label prepended; the label is raw octets (no escapes).
  Expected<Name, NameError> prepend(std::span<const uint8_t> label) const;
  // DNAME substitution (RFC 6672 §2.2): this name must be below `owner`;
  // the `owner` suffix is replaced by `target`. NameTooLong gives YXDOMAIN.
  Expected<Name, NameError> replace_suffix(const Name& owner, const Name& target) const;

  Name lowercased() const;
  // Case-insensitive hash (FNV-1a over the lowercased wire form).
  uint64_t hash() const;

 private:
  void index_labels();  // recomputes offsets_ and labels_ from data_

  uint8_t size_ = 1;    // wire length including the root label, 1..255
  uint8_t labels_ = 0;  // label count excluding the root
  std::array<uint8_t, kMaxLabels> offsets_{};  // start of each label in data_
  std::array<uint8_t, kMaxWire> data_{};
};

// Lowercases ASCII letters of a wire-form name in place (RFC 4034 §6.2).
void lowercase_wire_name(std::span<uint8_t> wire);

struct NameCanonicalLess {
  bool operator()(const Name& a, const Name& b) const { return a.canonical_compare(b) < 0; }
};

}  // namespace lnsd
