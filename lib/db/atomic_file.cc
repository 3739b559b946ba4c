#include "db/atomic_file.hh"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace lnsd::db {
namespace {

std::string system_error(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

std::string directory_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Closes the descriptor and removes the temporary file unless released.
class TemporaryFile {
 public:
  TemporaryFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!kept_) ::unlink(path_.c_str());
  }
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  bool close() {
    int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }
  void keep() { kept_ = true; }

 private:
  int fd_;
  std::string path_;
  bool kept_ = false;
};

}  // namespace

std::string temporary_path_for(const std::string& path, unsigned attempt) {
  std::string dir = directory_of(path);
  std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  return (dir == "/" ? "" : dir) + "/." + base + ".tmp." + std::to_string(::getpid()) + "." +
         std::to_string(attempt);
}

Expected<void, Error> write_file_atomically(
    const std::string& path, std::span<const uint8_t> bytes,
    const std::function<Expected<void, Error>(const std::string& temp_path)>& check) {
  std::string temp;
  int fd = -1;
  for (unsigned attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    temp = temporary_path_for(path, attempt);
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno != EEXIST) return unexpected(Error{system_error("cannot create", temp)});
  }
  if (fd < 0) return unexpected(Error{"cannot create a temporary file next to " + path});
  TemporaryFile file(fd, temp);

  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(file.fd(), bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return unexpected(Error{system_error("cannot write", temp)});
    }
    done += size_t(n);
  }
  if (::fsync(file.fd()) != 0) return unexpected(Error{system_error("cannot sync", temp)});
  if (!file.close()) return unexpected(Error{system_error("cannot close", temp)});
  if (check) {
    if (auto ok = check(temp); !ok) return unexpected(ok.error());
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    return unexpected(Error{system_error("cannot rename " + temp + " to", path)});
  }
  file.keep();

  std::string dir = directory_of(path);
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return unexpected(Error{system_error("cannot open directory", dir)});
  bool synced = ::fsync(dfd) == 0;
  int saved = errno;
  ::close(dfd);
  if (!synced) {
    errno = saved;
    return unexpected(Error{system_error("wrote " + path + " but cannot sync its directory", dir)});
  }
  return {};
}

}  // namespace lnsd::db
