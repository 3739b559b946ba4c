#include "record_feed.hh"

#include <cstring>

namespace lnsd::zonec {

namespace {

// Large enough that the hand-over costs nothing next to the records, small
// enough to stay in the second level cache.
constexpr size_t kBatchOctets = size_t(256) << 10;
// Batches queued for the worker before the parser waits for it.
constexpr size_t kMaxInFlight = 8;

enum class Tag : uint8_t { Owner, Record };

template <class T>
void put(uint8_t*& p, const T& value) {
  std::memcpy(p, &value, sizeof value);
  p += sizeof value;
}

template <class T>
T get(const uint8_t*& p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  p += sizeof value;
  return value;
}

}  // namespace

void RecordFeed::start_thread() {
  if (worker_.joinable()) return;
  closing_ = false;
  worker_ = std::thread([this] { run(); });
}

void RecordFeed::reserve(size_t octets) {
  if (current_.octets() + octets > kBatchOctets && !current_.empty()) submit();
  if (current_.records.capacity() < kBatchOctets) current_.records.reserve(kBatchOctets);
}

void RecordFeed::set_owner(const Name& owner) {
  auto wire = owner.wire();
  reserve(2 + wire.size());
  auto& out = current_.records;
  out.push_back(uint8_t(Tag::Owner));
  out.push_back(uint8_t(wire.size()));  // at most 255 (RFC 1035 §2.3.4)
  out.insert(out.end(), wire.begin(), wire.end());
}

void RecordFeed::add(RRType type, uint32_t ttl, std::span<const uint8_t> rdata,
                     db::SourcePos pos) {
  // One resize per record: the vector zeroes what it adds, a call each time.
  constexpr size_t kFields = 1 + sizeof(uint16_t) + sizeof ttl + sizeof pos + sizeof(uint16_t);
  reserve(kFields + rdata.size());
  auto& out = current_.records;
  const size_t at = out.size();
  out.resize(at + kFields + rdata.size());
  uint8_t* p = out.data() + at;
  *p++ = uint8_t(Tag::Record);
  put(p, uint16_t(type));
  put(p, ttl);
  put(p, pos);
  put(p, uint16_t(rdata.size()));
  if (!rdata.empty()) std::memcpy(p, rdata.data(), rdata.size());
}

void RecordFeed::consume(const Batch& batch) {
  const uint8_t* const end = batch.records.data() + batch.records.size();
  for (const uint8_t* p = batch.records.data(); p < end;) {
    if (Tag(*p++) == Tag::Owner) {
      size_t length = *p++;
      owner_ = content_.intern_owner_wire({p, length});
      p += length;
      continue;
    }
    auto type = RRType(get<uint16_t>(p));
    auto ttl = get<uint32_t>(p);
    auto pos = get<db::SourcePos>(p);
    auto length = get<uint16_t>(p);
    content_.add_record(owner_, type, ttl, {p, length}, pos);
    p += length;
  }
}

void RecordFeed::submit() {
  if (!worker_.joinable()) {
    consume(current_);
    current_.clear();
    return;
  }
  Batch next;
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return in_flight_ < kMaxInFlight; });
    full_.push_back(std::move(current_));
    ++in_flight_;
    if (!spare_.empty()) {
      next = std::move(spare_.back());
      spare_.pop_back();
    }
  }
  changed_.notify_all();
  next.clear();
  current_ = std::move(next);
}

void RecordFeed::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return !full_.empty() || closing_; });
    if (full_.empty()) return;  // closing, and nothing left
    Batch batch = std::move(full_.front());
    full_.pop_front();
    lock.unlock();
    consume(batch);
    lock.lock();
    spare_.push_back(std::move(batch));
    --in_flight_;
    changed_.notify_all();
  }
}

void RecordFeed::finish() {
  if (!current_.empty()) submit();
  if (!worker_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  changed_.notify_all();
  worker_.join();
  spare_.clear();
}

}  // namespace lnsd::zonec
