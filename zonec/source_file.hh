// A zone file's bytes, mapped read-only: the lexer works on them in place,
// so tokens are views into the mapping and reading a file costs no copy.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "util/expected.hh"

namespace lnsd::zonec {

class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  ~MappedFile();

  // Maps `path`. An empty file maps to an empty view. The error names the
  // path and the system's reason ("cannot open x.zone: No such file ...").
  static Expected<MappedFile, Error> open(const std::string& path);

  std::string_view text() const {
    return {static_cast<const char*>(data_), size_};
  }
  std::span<const uint8_t> bytes() const {
    return {static_cast<const uint8_t*>(data_), size_};
  }
  // Drops the pages before `offset` from this process's memory; they stay
  // in the page cache and read back if touched again.
  void release_before(size_t offset) const;

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;
};

// SHA-256 of a source file's bytes, recorded in the database so the daemon
// can tell a stale database without trusting mtimes.
std::array<uint8_t, 32> sha256(std::span<const uint8_t> bytes);

// Hashes a source file while the parser reads it and releases the pages it
// has finished with, so that a large zone file is read from memory once
// and never resides in the process whole.
class SourceProgress {
 public:
  explicit SourceProgress(const MappedFile* file);  // null: text held elsewhere
  SourceProgress(const SourceProgress&) = delete;
  SourceProgress& operator=(const SourceProgress&) = delete;
  ~SourceProgress();

  // Everything before `offset` has been parsed.
  void advance(size_t offset);
  // The SHA-256 of the whole file (the remainder is hashed now).
  std::array<uint8_t, 32> finish();

 private:
  void hash_to(size_t offset);

  const MappedFile* file_;
  void* ctx_ = nullptr;  // EVP_MD_CTX
  size_t hashed_ = 0;
};

// The directory part of a path ("." when there is none), for relative
// $INCLUDE paths.
std::string directory_of(const std::string& path);
// The canonical absolute path (links resolved), for include loop detection;
// the path itself when it cannot be resolved.
std::string real_path_of(const std::string& path);

}  // namespace lnsd::zonec
