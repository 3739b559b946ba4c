// Writing a database replaces the file atomically: on success the new file
// is complete and no temporary is left; on failure the old file is untouched
// and no temporary is left either.
#include <catch2/catch.hpp>
#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>

#include "db/atomic_file.hh"
#include "db/reader.hh"
#include "db/writer.hh"
#include "zone_builder.hh"

using namespace lnsd;

namespace {

void fill(test::ZoneBuilder& z, uint32_t serial, int names) {
  z.add("@ 3600 SOA ns hm " + std::to_string(serial) + " 1 1 1 1");
  z.add("@ 3600 NS ns");
  for (int i = 0; i < names; ++i) z.add("h" + std::to_string(i) + " 3600 A 192.0.2.1");
  z.content().finalize();
}

}  // namespace

TEST_CASE("atomic write: success leaves the new file and nothing else", "[db][write]") {
  test::TempDir dir;
  std::string path = dir.path() + "/example.zdb";
  test::ZoneBuilder z("example.");
  fill(z, 1, 10);
  REQUIRE(db::write_database(z.content(), path).has_value());
  CHECK(dir.files() == std::vector<std::string>{"example.zdb"});
  auto db = db::ZoneDb::open(path);
  REQUIRE(db.has_value());
  CHECK(db->serial().value() == 1);
  CHECK(db->verify().has_value());
  CHECK(std::vector<uint8_t>(db->image().begin(), db->image().end()) == *db::build_database(z.content()));

  // Replacing it: a reader that mapped the old file keeps seeing it.
  test::ZoneBuilder z2("example.");
  fill(z2, 2, 20);
  REQUIRE(db::write_database(z2.content(), path).has_value());
  CHECK(db->serial().value() == 1);
  CHECK(db->verify().has_value());
  CHECK(db::ZoneDb::open(path)->serial().value() == 2);
  CHECK(dir.files() == std::vector<std::string>{"example.zdb"});
}

TEST_CASE("atomic write: failures leave the old file untouched", "[db][write]") {
  test::TempDir dir;
  std::string path = dir.path() + "/example.zdb";
  test::ZoneBuilder z("example.");
  fill(z, 1, 10);
  REQUIRE(db::write_database(z.content(), path).has_value());
  const auto before = test::read_file(path);

  SECTION("content that cannot be written") {
    test::ZoneBuilder bad("example.");
    bad.add("www 60 A 192.0.2.1");  // no SOA
    bad.content().finalize();
    CHECK_FALSE(db::write_database(bad.content(), path));
  }
  SECTION("the check of the written file fails") {
    auto r = db::write_file_atomically(path, std::vector<uint8_t>(100, 7), [](const std::string& temp) {
      CHECK(test::read_file(temp) == std::vector<uint8_t>(100, 7));
      return Expected<void, Error>(unexpected(Error{"refused"}));
    });
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "refused");
  }
  SECTION("a write that runs out of space") {
    // The file size limit makes write() fail with EFBIG part way through,
    // as a full disk would.
    test::ZoneBuilder big("example.");
    fill(big, 2, 2000);
    auto image = db::build_database(big.content());
    REQUIRE(image.has_value());
    REQUIRE(image->size() > 16384);
    rlimit old{};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
    auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = old;
    limited.rlim_cur = 16384;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
    auto r = db::write_database(big.content(), path);
    ::setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, old_handler);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("cannot write") != std::string::npos);
  }
  SECTION("the target cannot be replaced") {
    std::string blocked = dir.path() + "/blocked";
    REQUIRE(::mkdir(blocked.c_str(), 0755) == 0);
    std::string inside = blocked + "/x";
    test::write_file(inside, {1});
    auto r = db::write_database(z.content(), blocked);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("cannot rename") != std::string::npos);
    ::unlink(inside.c_str());
    ::rmdir(blocked.c_str());
  }
  CHECK(test::read_file(path) == before);
  CHECK(dir.files() == std::vector<std::string>{"example.zdb"});
}

TEST_CASE("PendingDatabase: streamed in pieces, the same octets as build_database", "[db][write]") {
  // Enough names for NodeData to go to the file in several pieces.
  test::TempDir dir;
  std::string path = dir.path() + "/example.zdb";
  test::ZoneBuilder z("example.");
  fill(z, 7, 150000);
  auto image = db::build_database(z.content());
  REQUIRE(image.has_value());
  REQUIRE(image->size() > 3 * (size_t(1) << 20));
  REQUIRE(db::write_database(z.content(), path).has_value());
  CHECK(test::read_file(path) == *image);
  auto db = db::ZoneDb::open(path);
  REQUIRE(db.has_value());
  CHECK(db->verify().has_value());
}

TEST_CASE("PendingDatabase: nothing replaces the old file until commit()", "[db][write]") {
  test::TempDir dir;
  std::string path = dir.path() + "/example.zdb";
  test::ZoneBuilder old_zone("example.");
  fill(old_zone, 1, 10);
  REQUIRE(db::write_database(old_zone.content(), path).has_value());
  const auto before = test::read_file(path);
  test::ZoneBuilder z("example.");
  fill(z, 2, 20);

  SECTION("dropped: the temporary file goes, the old file stays") {
    {
      auto pending = db::PendingDatabase::write(z.content(), path);
      REQUIRE(pending.has_value());
      CHECK(dir.files().size() == 2);
      // The complete file can be read before it is in place.
      auto next = db::ZoneDb::open(pending->temp_path());
      REQUIRE(next.has_value());
      CHECK(next->serial().value() == 2);
      CHECK(next->verify().has_value());
    }
    CHECK(test::read_file(path) == before);
    CHECK(dir.files() == std::vector<std::string>{"example.zdb"});
  }
  SECTION("committed: the new file is in place, and nothing else") {
    auto pending = db::PendingDatabase::write(z.content(), path);
    REQUIRE(pending.has_value());
    CHECK(test::read_file(path) == before);
    REQUIRE(pending->commit().has_value());
    CHECK(test::read_file(path) == *db::build_database(z.content()));
    CHECK(dir.files() == std::vector<std::string>{"example.zdb"});
  }
  SECTION("content that cannot be served is a zone error, not an I/O error") {
    test::ZoneBuilder bad("example.");
    bad.add("www 60 A 192.0.2.1");  // no SOA
    bad.content().finalize();
    auto pending = db::PendingDatabase::write(bad.content(), path);
    REQUIRE_FALSE(pending);
    CHECK_FALSE(pending.error().io);
    CHECK(test::read_file(path) == before);
    CHECK(dir.files() == std::vector<std::string>{"example.zdb"});
  }
  SECTION("a directory that does not exist is an I/O error") {
    auto pending = db::PendingDatabase::write(z.content(), dir.path() + "/no/such/x.zdb");
    REQUIRE_FALSE(pending);
    CHECK(pending.error().io);
  }
}

TEST_CASE("atomic write: a missing directory is an error, not a crash", "[db][write]") {
  test::TempDir dir;
  auto r = db::write_file_atomically(dir.path() + "/no/such/dir/x.zdb", std::vector<uint8_t>{1, 2});
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("cannot create") != std::string::npos);
}

TEST_CASE("atomic write: the temporary file is a hidden sibling", "[db][write]") {
  std::string t = db::temporary_path_for("/var/lib/lnsd/example.zdb", 3);
  CHECK(t.rfind("/var/lib/lnsd/.example.zdb.tmp.", 0) == 0);
  CHECK(t.ends_with(".3"));
  CHECK(db::temporary_path_for("x.zdb", 0).rfind("./.x.zdb.tmp.", 0) == 0);
}
