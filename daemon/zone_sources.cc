#include "zone_sources.hh"

#include <sys/stat.h>
#include <time.h>

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "db/atomic_file.hh"
#include "source_file.hh"

namespace lnsd {
namespace {

constexpr int64_t kNanoseconds = 1'000'000'000;
// How long before its read a file must have last changed for its stamp to
// be trusted: far more than the kernel's timestamp granularity (a tick).
constexpr int64_t kStampMargin = kNanoseconds;
constexpr const char* kStampMagic = "lnsd-stamps 1";

std::optional<FileStamp> stamp_of(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  FileStamp stamp;
  stamp.device = uint64_t(st.st_dev);
  stamp.inode = uint64_t(st.st_ino);
  stamp.size = uint64_t(st.st_size);
  stamp.mtime_ns = int64_t(st.st_mtim.tv_sec) * kNanoseconds + st.st_mtim.tv_nsec;
  stamp.ctime_ns = int64_t(st.st_ctim.tv_sec) * kNanoseconds + st.st_ctim.tv_nsec;
  return stamp;
}

std::string hex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

std::string checksum_text(uint64_t checksum) {
  char text[17];
  std::snprintf(text, sizeof text, "%016" PRIx64, checksum);
  return text;
}

}  // namespace

int64_t realtime_ns() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t(ts.tv_sec) * kNanoseconds + ts.tv_nsec;
}

std::optional<FileStamp> trusted_stamp(const std::string& path, int64_t read_started_ns) {
  auto stamp = stamp_of(path);
  if (!stamp) return std::nullopt;
  int64_t limit = read_started_ns - kStampMargin;
  if (stamp->mtime_ns >= limit || stamp->ctime_ns >= limit) return std::nullopt;
  return stamp;
}

std::vector<ZoneSource> sources_of(const std::vector<db::format::SourceEntry>& entries) {
  std::vector<ZoneSource> sources;
  sources.reserve(entries.size());
  for (const auto& entry : entries) sources.push_back({entry.path, entry.sha256, std::nullopt});
  return sources;
}

bool sources_unchanged(std::vector<ZoneSource>& sources, bool& restamped) {
  if (sources.empty()) return false;
  for (ZoneSource& source : sources) {
    if (source.stamp && stamp_of(source.path) == source.stamp) continue;
    int64_t read_started = realtime_ns();
    auto before = trusted_stamp(source.path, read_started);
    auto file = zonec::MappedFile::open(source.path);
    if (!file || zonec::sha256(file->bytes()) != source.sha256) return false;
    // A change while the file was hashed shows in its ctime, so a stamp
    // taken before the read is safe to keep.
    if (before != source.stamp) {
      source.stamp = before;
      restamped = true;
    }
  }
  return true;
}

std::string stamp_path(const std::string& database) { return database + ".stat"; }

void read_stamps(const std::string& database, uint64_t file_checksum, std::vector<ZoneSource>& sources) {
  std::ifstream in(stamp_path(database));
  std::string line;
  if (!std::getline(in, line) || line != std::string(kStampMagic) + " " + checksum_text(file_checksum)) return;
  std::vector<std::optional<FileStamp>> stamps;
  while (std::getline(in, line)) {
    if (stamps.size() == sources.size()) return;
    const ZoneSource& source = sources[stamps.size()];
    std::istringstream fields(line);
    std::string digest, device;
    fields >> digest >> device;
    if (digest != hex(source.sha256)) return;
    std::optional<FileStamp> stamp;
    if (device != "-") {
      FileStamp s;
      std::istringstream device_field(device);
      if (!(device_field >> s.device) || !(fields >> s.inode >> s.size >> s.mtime_ns >> s.ctime_ns)) return;
      stamp = s;
    }
    std::string path;
    fields.get();  // the separating space
    std::getline(fields, path);
    if (path != source.path) return;
    stamps.push_back(stamp);
  }
  if (stamps.size() != sources.size()) return;
  for (size_t i = 0; i < sources.size(); ++i) sources[i].stamp = stamps[i];
}

Expected<void, Error> write_stamps(const std::string& database, uint64_t file_checksum,
                                   const std::vector<ZoneSource>& sources) {
  std::string text = std::string(kStampMagic) + " " + checksum_text(file_checksum) + "\n";
  for (const ZoneSource& source : sources) {
    if (source.path.find('\n') != std::string::npos) {
      return unexpected(Error{"a source file name holds a newline"});
    }
    text += hex(source.sha256);
    if (const auto& s = source.stamp) {
      text += " " + std::to_string(s->device) + " " + std::to_string(s->inode) + " " + std::to_string(s->size) +
              " " + std::to_string(s->mtime_ns) + " " + std::to_string(s->ctime_ns);
    } else {
      text += " -";
    }
    text += " " + source.path + "\n";
  }
  return db::write_file_atomically(stamp_path(database),
                                   {reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

}  // namespace lnsd
