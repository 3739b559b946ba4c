// The size of a database against the zone file it came from, for a zone
// written the way operators write them ($TTL, relative owners, blank owners
// for further records of a name). Hidden from the default run: it builds a
// million names. Run with: test_db "[.size]"
#include <catch2/catch.hpp>

#include <ctime>
#include <cstdio>

#include "db/reader.hh"
#include "db/writer.hh"
#include "dns/rdata.hh"
#include "zone_builder.hh"

using namespace lnsd;

namespace {

struct Generated {
  std::string text;
  std::unique_ptr<db::ZoneContent> content;
};

// One record into both the zone file text and the content.
class Emitter {
 public:
  Emitter(Generated& g, const Name& origin) : g_(g), origin_(origin) {}
  void owner(const std::string& relative) {
    owner_text_ = relative;
    owner_index_ = g_.content->intern_owner(*Name::from_text(relative, &origin_));
    first_ = true;
  }
  void record(const char* type_text, RRType type, const std::string& rdata_text) {
    g_.text += first_ ? owner_text_ : std::string();
    g_.text += '\t';
    g_.text += type_text;
    g_.text += '\t';
    g_.text += rdata_text;
    g_.text += '\n';
    first_ = false;
    std::vector<Token> tokens;
    size_t i = 0;
    while (i < rdata_text.size()) {
      if (rdata_text[i] == ' ') {
        ++i;
        continue;
      }
      if (rdata_text[i] == '"') {
        size_t end = rdata_text.find('"', i + 1);
        tokens.push_back({std::string_view(rdata_text).substr(i + 1, end - i - 1), true});
        i = end + 1;
        continue;
      }
      size_t end = std::min(rdata_text.find(' ', i), rdata_text.size());
      tokens.push_back({std::string_view(rdata_text).substr(i, end - i), false});
      i = end;
    }
    rdata_.clear();
    REQUIRE(rdata_from_text(type, tokens, origin_, rdata_).has_value());
    g_.content->add_record(owner_index_, type, 3600, rdata_, {});
  }

 private:
  Generated& g_;
  Name origin_;
  std::string owner_text_;
  uint32_t owner_index_ = 0;
  bool first_ = true;
  std::vector<uint8_t> rdata_;
};

Generated generate(int names) {
  Generated g;
  Name origin = *Name::from_text("example.com.");
  g.content = std::make_unique<db::ZoneContent>(origin);
  g.text = "$ORIGIN example.com.\n$TTL 3600\n";
  Emitter e(g, origin);
  e.owner("@");
  e.record("SOA", RRType::SOA, "ns1 hostmaster 2024010101 7200 3600 1209600 300");
  e.record("NS", RRType::NS, "ns1");
  e.record("NS", RRType::NS, "ns2");
  e.record("MX", RRType::MX, "10 mail");
  uint32_t x = 12345;
  auto next = [&x] { return x = x * 1103515245u + 12345u; };
  for (int i = 0; i < names; ++i) {
    std::string n = "host" + std::to_string(i);
    if (i % 10000 == 5000) {
      std::string sub = "sub" + std::to_string(i);
      e.owner(sub);
      e.record("NS", RRType::NS, "ns1." + sub);
      e.owner("ns1." + sub);
      e.record("A", RRType::A, "192.0.2." + std::to_string(i % 250));
      continue;
    }
    e.owner(n);
    uint32_t r = next() >> 8;
    std::string ip = "10." + std::to_string(r >> 16 & 255) + "." + std::to_string(r >> 8 & 255) +
                     "." + std::to_string(r & 255);
    switch (i % 10) {
      case 0: case 1: case 2: case 3: case 4: case 5:
        e.record("A", RRType::A, ip);
        if (i % 5 == 0) {
          e.record("AAAA", RRType::AAAA, "2001:db8:" + std::to_string(r % 9999) + "::" +
                                             std::to_string(i % 9999));
        }
        break;
      case 6: e.record("CNAME", RRType::CNAME, "host" + std::to_string(r % names)); break;
      case 7:
        e.record("MX", RRType::MX, "10 mail" + std::to_string(r % 100));
        e.record("A", RRType::A, ip);
        break;
      case 8: e.record("TXT", RRType::TXT, "\"v=spf1 ip4:" + ip + " -all\""); break;
      case 9: e.record("AAAA", RRType::AAAA, "2001:db8::" + std::to_string(r % 9999)); break;
    }
  }
  return g;
}

}  // namespace

TEST_CASE("size: a million-name zone against its zone file", "[.size]") {
  // CPU time of this process: the machine may be shared.
  auto now = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
  };
  double t0 = now();
  Generated g = generate(1000000);
  double t1 = now();
  g.content->finalize();
  double t2 = now();
  auto image = db::build_database(*g.content);
  double t3 = now();
  REQUIRE(image.has_value());
  auto db = db::ZoneDb::from_memory(*image);
  REQUIRE(db.has_value());
  double t4 = now();
  REQUIRE(db->verify().has_value());
  double t5 = now();
  auto ms = [](double a, double b) { return b - a; };
  std::printf("zone file %zu octets, %zu records, %u names in the database\n", g.text.size(),
              g.content->records().size(), db->node_count());
  std::printf("database  %zu octets (%.1f%% of the zone file)\n", image->size(),
              100.0 * double(image->size()) / double(g.text.size()));
  for (const auto& s : db->header().sections) {
    std::printf("  section %2u: %10llu octets\n", s.id, (unsigned long long)s.size);
  }
  std::printf("CPU time: generate %.0f ms, finalize %.0f ms, build %.0f ms, open %.3f ms, verify %.0f ms\n",
              ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t3, t4), ms(t4, t5));
  // Look-ups over the whole zone: names that exist, and names that do not.
  std::vector<Name> hits, misses;
  for (int i = 0; i < 100000; ++i) {
    int k = int((uint64_t(i) * 7919) % 1000000);
    hits.push_back(*Name::from_text("host" + std::to_string(k) + ".example.com."));
    misses.push_back(*Name::from_text("nohost" + std::to_string(k) + ".example.com."));
  }
  size_t found = 0;
  double t6 = now();
  for (const Name& n : hits) found += db->find_exact(n).has_value();
  double t7 = now();
  for (const Name& n : misses) found += db->closest_encloser(n)->exact;
  double t8 = now();
  for (const Name& n : misses) found += db->predecessor(n).has_value();
  double t9 = now();
  std::printf("per look-up: find_exact %.0f ns, closest_encloser (miss) %.0f ns, predecessor %.0f ns\n",
              (t7 - t6) * 1e6 / double(hits.size()), (t8 - t7) * 1e6 / double(misses.size()),
              (t9 - t8) * 1e6 / double(misses.size()));
  CHECK(found >= hits.size() - hits.size() / 10);
  CHECK(image->size() <= g.text.size());
}
