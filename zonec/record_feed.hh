// Records on their way from the parser into a db::ZoneContent. Entering
// owner names with their canonical sort keys and growing the record arrays
// take most of what lexing and parsing the rdata take; with a thread of its
// own the feed overlaps the two on a second core. Records travel in batches of a few hundred
// kilobytes, and the batches in flight are bounded, so the memory between
// the two threads stays small. Without a thread, each batch goes into the
// content when it is full: the same code path in the same order.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "db/zone_content.hh"

namespace lnsd::zonec {

class RecordFeed {
 public:
  explicit RecordFeed(db::ZoneContent& content) : content_(content) {}
  RecordFeed(const RecordFeed&) = delete;
  RecordFeed& operator=(const RecordFeed&) = delete;
  ~RecordFeed() { finish(); }

  // From now until finish(), batches go into the content on a second thread.
  void start_thread();

  // The owner of the records added next.
  void set_owner(const Name& owner);
  void add(RRType type, uint32_t ttl, std::span<const uint8_t> rdata, db::SourcePos pos);

  // Every record added is in the content when this returns; the thread, if
  // any, has ended.
  void finish();

 private:
  // Owners travel in their wire form, which is all that ZoneContent keeps.
  struct Batch {
    std::vector<uint8_t> records;  // tags, owner wire forms, record fields and rdata

    size_t octets() const { return records.size(); }
    bool empty() const { return records.empty(); }
    void clear() { records.clear(); }
  };

  void reserve(size_t octets);
  void submit();
  void consume(const Batch& batch);
  void run();

  db::ZoneContent& content_;
  Batch current_;
  uint32_t owner_ = 0;  // the consumer's current owner index

  std::thread worker_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> full_;    // for the worker, in order
  std::vector<Batch> spare_;  // consumed, for reuse
  size_t in_flight_ = 0;      // in full_ or being consumed
  bool closing_ = false;
};

}  // namespace lnsd::zonec
