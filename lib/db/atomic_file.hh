// Replacing a file so that a reader sees the old version or the new one,
// never a mixture, and a crash leaves one of the two: write a temporary file
// in the same directory, fsync it, rename it over the target, fsync the
// directory (so the rename itself survives a power loss).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "util/expected.hh"

namespace lnsd::db {

using FileCheck = std::function<Expected<void, Error>(const std::string& temp_path)>;

// A new version of `path` being written: a temporary file beside it, which
// replaces `path` only on commit() and is removed if never committed. For
// files written in pieces, such as a database streamed as it is encoded.
class AtomicFile {
 public:
  static Expected<AtomicFile, Error> create(const std::string& path);
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&& other) noexcept;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_; }
  Expected<void, Error> write_at(std::span<const uint8_t> bytes, uint64_t offset);
  Expected<void, Error> read_at(std::span<uint8_t> bytes, uint64_t offset) const;
  // fsync and close the temporary file, run `check` on it, rename it over
  // `path`, fsync the directory. On failure the temporary file is removed.
  Expected<void, Error> commit(const FileCheck& check = {});

 private:
  AtomicFile(int fd, std::string path, std::string temp)
      : fd_(fd), path_(std::move(path)), temp_(std::move(temp)) {}
  void abandon();

  int fd_ = -1;
  std::string path_;
  std::string temp_;  // empty once committed or abandoned
};

// `check`, when given, runs on the complete temporary file (by path) before
// the rename; an error from it abandons the write. On any failure the
// temporary file is removed and `path` is left as it was.
Expected<void, Error> write_file_atomically(const std::string& path, std::span<const uint8_t> bytes,
                                            const FileCheck& check = {});

// The temporary name used for `path`: same directory, a leading dot and a
// ".tmp.<pid>.<n>" suffix, so that a directory scan for databases skips it.
std::string temporary_path_for(const std::string& path, unsigned attempt);

}  // namespace lnsd::db
