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

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;
};

// SHA-256 of a source file's bytes, recorded in the database so the daemon
// can tell a stale database without trusting mtimes.
std::array<uint8_t, 32> sha256(std::span<const uint8_t> bytes);

// The directory part of a path ("." when there is none), for relative
// $INCLUDE paths.
std::string directory_of(const std::string& path);
// The canonical absolute path (links resolved), for include loop detection;
// the path itself when it cannot be resolved.
std::string real_path_of(const std::string& path);

}  // namespace lnsd::zonec
