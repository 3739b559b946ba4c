// Benchmark of the answer path in process, on one core: answers per second
// over a small zone and a 1,000,000-name zone made by gen_zone.py, with the
// query mix 70% existing A/AAAA, 10% MX/TXT, 10% NXDOMAIN, 5% wildcard and
// 5% referral, and the heap allocations per query, counted by replacing
// operator new and malloc in this binary. Each zone is run twice: queries
// one at a time, and in the receive batches of 64 a server answers, the
// batch warmed first by AnswerPrefetch as the server does. Not a test: run
// it and read the figures.
//
// usage: answer_bench [--small NAMES] [--large NAMES] [--seconds S] [--no-small] [--no-large] [--no-signed] [--no-single] [--no-batched]
#include <arpa/inet.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "answer.hh"
#include "answer_config.hh"
#include "answer_prefetch.hh"
#include "compile.hh"
#include "db/writer.hh"
#include "dns/edns.hh"
#include "dns/message_builder.hh"
#include "zone_set.hh"

// Allocation counting: every allocation in the process goes through these.
namespace {
std::atomic<uint64_t> g_allocations{0};
}  // namespace

extern "C" void* __libc_malloc(size_t size);
extern "C" void* __libc_calloc(size_t count, size_t size);
extern "C" void* __libc_realloc(void* p, size_t size);
extern "C" void __libc_free(void* p);
extern "C" void* malloc(size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(size);
}
extern "C" void* calloc(size_t count, size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(count, size);
}
extern "C" void* realloc(void* p, size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(p, size);
}
void* operator new(size_t size) {
  void* p = malloc(size ? size : 1);
  if (!p) throw std::bad_alloc();
  return p;
}
void* operator new[](size_t size) { return operator new(size); }
// glibc's own free, as the allocations come from glibc's own malloc (and so
// that the compiler does not pair operator new with the C library's free).
void operator delete(void* p) noexcept { __libc_free(p); }
void operator delete[](void* p) noexcept { __libc_free(p); }
void operator delete(void* p, size_t) noexcept { __libc_free(p); }
void operator delete[](void* p, size_t) noexcept { __libc_free(p); }

namespace {

struct Options {
  size_t small_names = 10000;
  size_t large_names = 1000000;
  double seconds = 3;
  bool large = true;
  bool signed_zone = true;
  bool small = true;
  bool single = true;   // one query at a time
  bool batched = true;  // receive batches of 64, warmed first
};

std::string source_root() {
  const char* root = std::getenv("LNSD_SOURCE_ROOT");
  return root ? root : ".";
}

// The zone text of gen_zone.py, written to `path`.
bool generate_zone(const std::string& origin, size_t names, const std::string& path) {
  std::string command = "/usr/bin/python3 " + source_root() + "/test/bench/gen_zone.py " + origin + " " +
                        std::to_string(names) + " > " + path;
  return std::system(command.c_str()) == 0;
}

std::vector<uint8_t> query_wire(const lnsd::Name& name, lnsd::RRType type, uint16_t id, bool dnssec_ok = false) {
  std::vector<uint8_t> buffer(512);
  lnsd::MessageBuilder b(buffer);
  b.header().id = id;
  b.header().flags = lnsd::Header::kRD;
  b.add_question(name, type, lnsd::RRClass::IN);
  lnsd::Edns edns;
  edns.udp_payload_size = 1232;
  edns.set_dnssec_ok(dnssec_ok);
  lnsd::add_opt(b, edns, {});
  auto wire = b.finish();
  return {wire.begin(), wire.end()};
}

// The query mix, drawn from the names the zone has.
std::vector<std::vector<uint8_t>> make_queries(const lnsd::db::ZoneDb& db, size_t count) {
  using lnsd::RRType;
  std::vector<std::pair<lnsd::Name, RRType>> address, mail_text, referral;
  for (uint32_t i = 0; i < db.node_count(); ++i) {
    lnsd::db::NodeRef node{i};
    if (db.has_flag(node, lnsd::db::format::kNodeOccluded)) continue;
    lnsd::Name name = i == 0 ? db.origin() : db.name(node);
    if (db.has_flag(node, lnsd::db::format::kNodeDelegation)) {
      referral.emplace_back(lnsd::Name(*lnsd::Name::from_text("www", &name)), RRType::A);
      continue;
    }
    if (name.is_wildcard()) continue;
    for (const lnsd::db::RRsetRef& set : db.rrsets(node)) {
      if (set.type() == RRType::A || set.type() == RRType::AAAA) address.emplace_back(name, set.type());
      if (set.type() == RRType::MX || set.type() == RRType::TXT) mail_text.emplace_back(name, set.type());
    }
  }
  std::mt19937 random(20261121);
  std::vector<std::vector<uint8_t>> queries;
  queries.reserve(count);
  const lnsd::Name& origin = db.origin();
  for (size_t i = 0; i < count; ++i) {
    uint32_t dice = random() % 100;
    uint16_t id = uint16_t(random());
    if (dice < 70) {
      auto& q = address[random() % address.size()];
      queries.push_back(query_wire(q.first, q.second, id));
    } else if (dice < 80) {
      auto& q = mail_text[random() % mail_text.size()];
      queries.push_back(query_wire(q.first, q.second, id));
    } else if (dice < 90) {
      auto name = lnsd::Name::from_text("nx" + std::to_string(random() % 1000000), &origin);
      queries.push_back(query_wire(*name, RRType::A, id));
    } else if (dice < 95) {
      auto name = lnsd::Name::from_text("w" + std::to_string(random() % 1000000) + ".wild", &origin);
      queries.push_back(query_wire(*name, RRType::A, id));
    } else {
      auto& q = referral[random() % referral.size()];
      queries.push_back(query_wire(q.first, q.second, id));
    }
  }
  return queries;
}

double thread_seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// DNSSEC answers over the NSEC3-signed zone of the differential test: every
// name of the zone, and as many that do not exist, with DO (NSEC3 hashing
// at query time for the proofs).
std::vector<std::vector<uint8_t>> make_dnssec_queries(const lnsd::db::ZoneDb& db) {
  std::vector<std::vector<uint8_t>> queries;
  const lnsd::Name& origin = db.origin();
  for (uint32_t i = 0; i < db.node_count(); ++i) {
    lnsd::Name name = i == 0 ? origin : db.name(lnsd::db::NodeRef{i});
    queries.push_back(query_wire(name, lnsd::RRType::A, uint16_t(i), true));
    queries.push_back(query_wire(*lnsd::Name::from_text("nx" + std::to_string(i), &origin), lnsd::RRType::A,
                                 uint16_t(i), true));
  }
  return queries;
}

struct Result {
  double answers_per_second = 0;
  double allocations_per_query = 0;
  size_t bytes = 0;
};

// Queries one at a time, or (`batched`) as a server takes them: in receive
// batches of 64, the batch's cache warmed by AnswerPrefetch first.
Result run(const lnsd::ZoneSet& zones, const lnsd::AnswerConfig& config,
           const std::vector<std::vector<uint8_t>>& queries, double seconds, bool batched) {
  lnsd::Client client;
  auto* sin = reinterpret_cast<sockaddr_in*>(&client.address);
  sin->sin_family = AF_INET;
  sin->sin_port = htons(5353);
  sin->sin_addr.s_addr = htonl(0xC0000207);
  std::vector<uint8_t> response(65535);
  Result result;
  // Warm up the caches and the per-thread state (the NSEC3 digest context).
  for (const auto& q : queries) lnsd::answer(q, zones, config, client, response);

  const uint64_t allocations_before = g_allocations.load();
  size_t answered = 0;
  size_t bytes = 0;
  // CPU time of this thread: the figure for one core of its own, whatever
  // else the machine runs meanwhile.
  const double start = thread_seconds();
  double elapsed = 0;
  static lnsd::AnswerPrefetch prefetch;
  std::array<std::span<const uint8_t>, lnsd::AnswerPrefetch::kBatch> batch;
  while (elapsed < seconds) {
    for (size_t first = 0; first < queries.size(); first += batch.size()) {
      const size_t count = std::min(batch.size(), queries.size() - first);
      if (batched) {
        for (size_t i = 0; i < count; ++i) batch[i] = queries[first + i];
        prefetch.warm({batch.data(), count}, zones);
      }
      for (size_t i = 0; i < count; ++i) {
        auto r = lnsd::answer(queries[first + i], zones, config, client, response,
                              batched ? prefetch.hint_for(queries[first + i]) : nullptr);
        bytes += r.length;
      }
    }
    answered += queries.size();
    elapsed = thread_seconds() - start;
  }
  const uint64_t allocations = g_allocations.load() - allocations_before;
  result.answers_per_second = double(answered) / elapsed;
  result.allocations_per_query = double(allocations) / double(answered);
  result.bytes = bytes / answered;
  return result;
}

bool load(const std::string& origin_text, size_t names, const std::string& dir, lnsd::ZoneSet& zones) {
  const std::string zone_path = dir + "/" + origin_text + "zone";
  const std::string db_path = dir + "/" + origin_text + "db";
  if (!generate_zone(origin_text, names, zone_path)) return false;
  auto origin = lnsd::Name::from_text(origin_text);
  auto t0 = std::chrono::steady_clock::now();
  auto loaded = lnsd::zonec::load_zone_file(*origin, zone_path);
  if (!loaded.ok() || !loaded.content || !lnsd::db::write_database(*loaded.content, db_path)) {
    std::fprintf(stderr, "%s did not compile\n", origin_text.c_str());
    return false;
  }
  loaded.content.reset();
  auto db = lnsd::db::ZoneDb::open(db_path);
  if (!db) return false;
  std::printf("%s: %zu names compiled in %.1f s\n", origin_text.c_str(), names,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  zones.add(std::move(*db));
  return true;
}

void report(const char* label, const Result& r) {
  std::printf("%-28s %10.0f answers/s  %6.3f allocations/query  %4zu octets/response\n", label,
              r.answers_per_second, r.allocations_per_query, r.bytes);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--small" && i + 1 < argc) options.small_names = std::strtoul(argv[++i], nullptr, 10);
    else if (a == "--large" && i + 1 < argc) options.large_names = std::strtoul(argv[++i], nullptr, 10);
    else if (a == "--seconds" && i + 1 < argc) options.seconds = std::strtod(argv[++i], nullptr);
    else if (a == "--no-large") options.large = false;
    else if (a == "--no-signed") options.signed_zone = false;
    else if (a == "--no-small") options.small = false;
    else if (a == "--no-single") options.single = false;
    else if (a == "--no-batched") options.batched = false;
    else {
      std::fprintf(stderr, "usage: answer_bench [--small NAMES] [--large NAMES] [--seconds S] [--no-small] [--no-large] [--no-signed] [--no-single] [--no-batched]\n");
      return 2;
    }
  }
  // One core, as the target says.
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  CPU_SET(0, &cpus);
  sched_setaffinity(0, sizeof cpus, &cpus);

  char dir_template[] = "/tmp/answer-bench-XXXXXX";
  if (!mkdtemp(dir_template)) return 1;
  const std::string dir = dir_template;
  lnsd::AnswerConfig config;
  config.identity = "bench";
  config.version = "bench";

  int status = 0;
  lnsd::ZoneSet small;
  if (!options.small) {
  } else if (load("small.test.", options.small_names, dir, small)) {
    auto queries = make_queries(*small.zone(0).db(), 100000);
    if (options.single) report("small zone", run(small, config, queries, options.seconds, false));
    if (options.batched) report("small zone, batches of 64", run(small, config, queries, options.seconds, true));
  } else {
    status = 1;
  }
  lnsd::ZoneSet signed_zone;
  if (options.signed_zone) {
    auto origin = lnsd::Name::from_text("nsec3.test.");
    auto loaded = lnsd::zonec::load_zone_file(*origin, source_root() + "/test/answer/zones/nsec3.test.zone");
    auto image = loaded.ok() && loaded.content ? lnsd::db::build_database(*loaded.content)
                                               : lnsd::Expected<std::vector<uint8_t>, lnsd::Error>(
                                                     lnsd::unexpected(lnsd::Error{"did not compile"}));
    if (image) {
      static std::vector<uint8_t> kept;
      kept = std::move(*image);
      auto db = lnsd::db::ZoneDb::from_memory(kept);
      if (db) {
        signed_zone.add(std::move(*db));
        auto queries = make_dnssec_queries(*signed_zone.zone(0).db());
        report("NSEC3 zone, DO", run(signed_zone, config, queries, options.seconds, false));
      }
    }
  }
  if (options.large) {
    lnsd::ZoneSet large;
    if (load("large.test.", options.large_names, dir, large)) {
      auto queries = make_queries(*large.zone(0).db(), 100000);
      if (options.single) report("1M-name zone", run(large, config, queries, options.seconds, false));
      if (options.batched) report("1M-name zone, batches of 64", run(large, config, queries, options.seconds, true));
    } else {
      status = 1;
    }
  }
  if (std::system(("rm -rf " + dir).c_str()) != 0) status = 1;
  return status;
}
