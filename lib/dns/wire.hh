// Bounds-checked cursors over wire-format bytes. Every read from the network
// goes through WireReader: a read past the end fails and leaves the reader
// in the failed state, so a parser checks ok() once after a group of reads.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

namespace lnsd {

class WireReader {
 public:
  explicit WireReader(std::span<const uint8_t> data, size_t offset = 0)
      : data_(data), pos_(offset), ok_(offset <= data.size()) {}

  bool ok() const { return ok_; }
  size_t position() const { return pos_; }
  size_t remaining() const { return ok_ ? data_.size() - pos_ : 0; }
  bool at_end() const { return ok_ && pos_ == data_.size(); }
  std::span<const uint8_t> data() const { return data_; }

  uint8_t u8() {
    if (!need(1)) return 0;
    return data_[pos_++];
  }
  uint16_t u16() {
    if (!need(2)) return 0;
    uint16_t v = uint16_t(data_[pos_] << 8 | data_[pos_ + 1]);
    pos_ += 2;
    return v;
  }
  uint32_t u32() {
    if (!need(4)) return 0;
    uint32_t v = uint32_t(data_[pos_]) << 24 | uint32_t(data_[pos_ + 1]) << 16 |
                 uint32_t(data_[pos_ + 2]) << 8 | uint32_t(data_[pos_ + 3]);
    pos_ += 4;
    return v;
  }
  // A view of the next n bytes; empty and failed when fewer remain.
  std::span<const uint8_t> bytes(size_t n) {
    if (!need(n)) return {};
    auto s = data_.subspan(pos_, n);
    pos_ += n;
    return s;
  }
  void skip(size_t n) { (void)bytes(n); }
  void fail() { ok_ = false; }

 private:
  bool need(size_t n) {
    if (!ok_ || data_.size() - pos_ < n) {
      ok_ = false;
      return false;
    }
    return true;
  }
  std::span<const uint8_t> data_;
  size_t pos_;
  bool ok_;
};

// Appends big-endian fields to a growable buffer (offline tools, transfers).
// The query path writes into fixed buffers through the message builder.
class WireWriter {
 public:
  explicit WireWriter(std::vector<uint8_t>& out) : out_(out) {}
  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v) {
    out_.push_back(uint8_t(v >> 8));
    out_.push_back(uint8_t(v));
  }
  void u32(uint32_t v) {
    u16(uint16_t(v >> 16));
    u16(uint16_t(v));
  }
  void bytes(std::span<const uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }
  size_t size() const { return out_.size(); }
  std::vector<uint8_t>& buffer() { return out_; }
  // Overwrites a 16-bit field written earlier (RDLENGTH, counts).
  void patch_u16(size_t at, uint16_t v) {
    out_[at] = uint8_t(v >> 8);
    out_[at + 1] = uint8_t(v);
  }

 private:
  std::vector<uint8_t>& out_;
};

}  // namespace lnsd
