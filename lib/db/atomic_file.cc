#include "db/atomic_file.hh"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace lnsd::db {
namespace {

// Writes smaller than this (a header patched in place) are left to fsync.
constexpr size_t kWritebackMinimum = size_t(256) << 10;

std::string system_error(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

std::string directory_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

std::string temporary_path_for(const std::string& path, unsigned attempt) {
  std::string dir = directory_of(path);
  std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  return (dir == "/" ? "" : dir) + "/." + base + ".tmp." + std::to_string(::getpid()) + "." +
         std::to_string(attempt);
}

Expected<AtomicFile, Error> AtomicFile::create(const std::string& path) {
  for (unsigned attempt = 0; attempt < 100; ++attempt) {
    std::string temp = temporary_path_for(path, attempt);
    int fd = ::open(temp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd >= 0) return AtomicFile(fd, path, std::move(temp));
    if (errno != EEXIST) return unexpected(Error{system_error("cannot create", temp)});
  }
  return unexpected(Error{"cannot create a temporary file next to " + path});
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)), temp_(std::move(other.temp_)) {
  other.temp_.clear();
}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
  if (this != &other) {
    abandon();
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    temp_ = std::move(other.temp_);
    other.temp_.clear();
  }
  return *this;
}

AtomicFile::~AtomicFile() { abandon(); }

void AtomicFile::abandon() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
}

Expected<void, Error> AtomicFile::write_at(std::span<const uint8_t> bytes, uint64_t offset) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, off_t(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return unexpected(Error{system_error("cannot write", temp_)});
    }
    done += size_t(n);
  }
  // Start writing these pages to disk now, while the caller goes on, so that
  // commit()'s fsync finds little left to do. Only a hint: an error here
  // shows up again, and is reported, at the fsync.
  if (bytes.size() >= kWritebackMinimum) {
    ::sync_file_range(fd_, off_t(offset), off_t(bytes.size()), SYNC_FILE_RANGE_WRITE);
  }
  return {};
}

Expected<void, Error> AtomicFile::read_at(std::span<uint8_t> bytes, uint64_t offset) const {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::pread(fd_, bytes.data() + done, bytes.size() - done, off_t(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return unexpected(Error{system_error("cannot read back", temp_)});
    done += size_t(n);
  }
  return {};
}

Expected<void, Error> AtomicFile::commit(const FileCheck& check) {
  auto fail = [this](const std::string& why) {
    abandon();
    return unexpected(Error{why});
  };
  if (fd_ < 0) return unexpected(Error{"no temporary file to commit for " + path_});
  if (::fsync(fd_) != 0) return fail(system_error("cannot sync", temp_));
  int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) return fail(system_error("cannot close", temp_));
  if (check) {
    if (auto ok = check(temp_); !ok) return fail(ok.error().message);
  }
  if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    return fail(system_error("cannot rename " + temp_ + " to", path_));
  }
  temp_.clear();

  std::string dir = directory_of(path_);
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return unexpected(Error{system_error("cannot open directory", dir)});
  bool synced = ::fsync(dfd) == 0;
  int saved = errno;
  ::close(dfd);
  if (!synced) {
    errno = saved;
    return unexpected(Error{system_error("wrote " + path_ + " but cannot sync its directory", dir)});
  }
  return {};
}

Expected<void, Error> write_file_atomically(const std::string& path, std::span<const uint8_t> bytes,
                                            const FileCheck& check) {
  auto file = AtomicFile::create(path);
  if (!file) return unexpected(file.error());
  if (auto ok = file->write_at(bytes, 0); !ok) return ok;
  return file->commit(check);
}

}  // namespace lnsd::db
