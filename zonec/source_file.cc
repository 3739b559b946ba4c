#include "source_file.hh"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>

namespace lnsd::zonec {

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      mapped_(std::exchange(other.mapped_, false)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (mapped_) munmap(data_, size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    mapped_ = std::exchange(other.mapped_, false);
  }
  return *this;
}

MappedFile::~MappedFile() {
  if (mapped_) munmap(data_, size_);
}

Expected<MappedFile, Error> MappedFile::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return unexpected(Error{"cannot open " + path + ": " + std::strerror(errno)});
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    int e = errno;
    ::close(fd);
    return unexpected(Error{"cannot read " + path + ": " + std::strerror(e)});
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return unexpected(Error{"cannot read " + path + ": not a regular file"});
  }
  MappedFile file;
  if (st.st_size > 0) {
    void* p = mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (p == MAP_FAILED) {
      int e = errno;
      ::close(fd);
      return unexpected(Error{"cannot map " + path + ": " + std::strerror(e)});
    }
    // The lexer reads the file once from start to end.
    madvise(p, size_t(st.st_size), MADV_SEQUENTIAL);
    file.data_ = p;
    file.size_ = size_t(st.st_size);
    file.mapped_ = true;
  }
  ::close(fd);
  return file;
}

void MappedFile::release_before(size_t offset) const {
  if (!mapped_) return;
  size_t page = size_t(sysconf(_SC_PAGESIZE));
  size_t length = (offset < size_ ? offset : size_) / page * page;
  if (length > 0) madvise(data_, length, MADV_DONTNEED);
}

namespace {

// Hashing and releasing in steps of this many octets keeps the pages in
// the CPU cache between the two.
constexpr size_t kStep = size_t(4) << 20;

}  // namespace

SourceProgress::SourceProgress(const MappedFile* file) : file_(file) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  ctx_ = ctx;
}

SourceProgress::~SourceProgress() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void SourceProgress::hash_to(size_t offset) {
  if (!file_ || offset <= hashed_) return;
  auto bytes = file_->bytes();
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), bytes.data() + hashed_, offset - hashed_);
  hashed_ = offset;
}

void SourceProgress::advance(size_t offset) {
  if (!file_ || offset < hashed_ + kStep) return;
  hash_to(offset);
  file_->release_before(offset);
}

std::array<uint8_t, 32> SourceProgress::finish() {
  if (file_) hash_to(file_->bytes().size());
  std::array<uint8_t, 32> digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), digest.data(), &length);
  return digest;
}

std::array<uint8_t, 32> sha256(std::span<const uint8_t> bytes) {
  std::array<uint8_t, 32> digest{};
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
  return digest;
}

std::string directory_of(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string real_path_of(const std::string& path) {
  std::unique_ptr<char, decltype(&std::free)> p(realpath(path.c_str(), nullptr), &std::free);
  return p ? std::string(p.get()) : path;
}

}  // namespace lnsd::zonec
