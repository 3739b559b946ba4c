// The zone loader lnsd runs with (daemon/db_zone_loader.hh), in process:
// main's side (load, reload) and a server's side (the Answerer) without
// forking, over zone files in a temporary directory. And the freshness
// check of daemon/zone_sources.hh: hashes decide, stamps only spare the
// reading.
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "../answer/answer_test_util.hh"
#include "conf/load.hh"
#include "db/reader.hh"
#include "db_zone_loader.hh"
#include "zone_sources.hh"

namespace lnsd {
namespace {

namespace fs = std::filesystem;
using test::QuerySpec;
using test::Reply;

std::string zone_text(uint32_t serial, const std::string& www) {
  return "$TTL 300\n@ SOA ns1 hostmaster " + std::to_string(serial) +
         " 3600 600 86400 300\n@ NS ns1\nns1 A 192.0.2.1\nwww A " + www + "\n";
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

struct TempDir {
  fs::path path;
  TempDir() {
    char name[] = "/tmp/lnsd-loader-test-XXXXXX";
    REQUIRE(::mkdtemp(name) != nullptr);
    path = name;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// A configuration with zones in dir/zones and databases in
// dir/xfr/lnsd-db.
struct LoaderFixture {
  TempDir dir;
  fs::path zones = dir.path / "zones";
  fs::path databases = dir.path / "xfr" / kDatabaseSubdirectory;

  LoaderFixture() { fs::create_directories(zones); }

  void zone(const std::string& name, const std::string& text) { write_file(zones / (name + ".zone"), text); }

  DbZoneLoader loader(const std::vector<std::string>& names = {"example.com"}) {
    std::string text = "server:\n  zonesdir: \"" + zones.string() + "\"\n  xfrdir: \"" + (dir.path / "xfr").string() +
                       "\"\n";
    for (const auto& name : names) text += "zone:\n  name: " + name + "\n  zonefile: " + name + ".zone\n";
    auto config = conf::load_config_text(text, "test.conf");
    REQUIRE(config.has_value());
    ServerSettings settings;
    settings.zonesdir = zones.string();
    auto made = DbZoneLoader::create(*config, settings);
    REQUIRE(made.has_value());
    return std::move(*made);
  }

  fs::path database(const std::string& name) const { return databases / (name + ".zdb"); }
  ino_t inode(const std::string& name) const {
    struct stat st {};
    REQUIRE(::stat(database(name).c_str(), &st) == 0);
    return st.st_ino;
  }
};

Reply ask(Answerer& answerer, const std::string& name, RRType type = RRType::A) {
  Reply r = test::ask_through(answerer.handler(), QuerySpec{name, type});
  REQUIRE(r.parsed);
  return r;
}

std::vector<std::string> www(Answerer& answerer) { return ask(answerer, "www.example.com.").lines(Section::Answer); }

std::vector<std::string> www_is(const std::string& address) {
  return {"www.example.com. 300 IN A " + address};
}

uint64_t generation_of(const Expected<uint64_t, Error>& generation) {
  INFO((generation.has_value() ? std::string() : generation.error().message));
  REQUIRE(generation.has_value());
  return *generation;
}

std::unique_ptr<Answerer> answerer_for(DbZoneLoader& loader, uint64_t generation) {
  auto answerer = loader.open_answerer(generation);
  REQUIRE(answerer.has_value());
  return std::move(*answerer);
}

// Overwrites the low octet of a database's format version (lnsd-zonedb(5)).
void set_format_version(const std::string& database, uint8_t version) {
  std::fstream db(database, std::ios::in | std::ios::out | std::ios::binary);
  db.seekp(8);
  db.put(char(version));
}

}  // namespace

TEST_CASE("load compiles each zone into the database directory and the answerer serves it", "[loader]") {
  LoaderFixture f;
  f.zone("example.com", zone_text(1, "192.0.2.10"));
  auto loader = f.loader();
  auto generation = loader.load();
  REQUIRE(generation.has_value());
  CHECK(loader.database_dir() == f.databases.string());
  CHECK(fs::exists(f.database("example.com")));
  auto answerer = answerer_for(loader, *generation);
  CHECK(answerer->generation() == *generation);
  CHECK(www(*answerer) == www_is("192.0.2.10"));
  CHECK(ask(*answerer, "www.example.org.").rcode() == Rcode::Refused);
}

TEST_CASE("a restart uses the database again when its sources are unchanged", "[loader]") {
  LoaderFixture f;
  f.zone("example.com", zone_text(1, "192.0.2.10"));
  REQUIRE(f.loader().load().has_value());
  ino_t first = f.inode("example.com");

  SECTION("unchanged: not compiled again") {
    auto loader = f.loader();
    REQUIRE(loader.load().has_value());
    CHECK(f.inode("example.com") == first);
  }
  SECTION("changed: compiled again") {
    f.zone("example.com", zone_text(2, "192.0.2.20"));
    auto loader = f.loader();
    REQUIRE(loader.load().has_value());
    CHECK(f.inode("example.com") != first);
    CHECK(www(*answerer_for(loader, 1)) == www_is("192.0.2.20"));
  }
  SECTION("a database of format 1, from an older lnsd: compiled again") {
    set_format_version(f.database("example.com"), 1);
    auto loader = f.loader();
    REQUIRE(loader.load().has_value());
    CHECK(f.inode("example.com") != first);
    auto reopened = db::ZoneDb::open(f.database("example.com"));
    REQUIRE(reopened.has_value());
    CHECK(reopened->header().version == db::format::kVersion);
  }
  SECTION("a damaged database: compiled again") {
    set_format_version(f.database("example.com"), 99);
    auto loader = f.loader();
    REQUIRE(loader.load().has_value());
    CHECK(db::ZoneDb::open(f.database("example.com")).has_value());
    CHECK(www(*answerer_for(loader, 1)) == www_is("192.0.2.10"));
  }
}

TEST_CASE("a zone that fails to compile at startup is SERVFAIL and the others serve", "[loader]") {
  LoaderFixture f;
  f.zone("example.com", zone_text(1, "192.0.2.10"));
  f.zone("example.net", "$TTL 300\n@ SOA ns1 hostmaster 1 3600 600 86400 300\nwww A 192.0.2.300\n");
  REQUIRE(f.loader({"example.com", "example.net"}).load().has_value());
  CHECK(!fs::exists(f.database("example.net")));

  SECTION("its database of an earlier run is removed, not served") {
    f.zone("example.com", "not a zone\n");
    auto loader = f.loader({"example.com", "example.net"});
    REQUIRE(loader.load().has_value());
    CHECK(!fs::exists(f.database("example.com")));
    auto answerer = answerer_for(loader, 1);
    CHECK(ask(*answerer, "www.example.com.").rcode() == Rcode::ServFail);
  }
  SECTION("the other zone serves") {
    auto loader = f.loader({"example.com", "example.net"});
    REQUIRE(loader.load().has_value());
    auto answerer = answerer_for(loader, 1);
    CHECK(www(*answerer) == www_is("192.0.2.10"));
    CHECK(ask(*answerer, "www.example.net.").rcode() == Rcode::ServFail);
  }
}

TEST_CASE("reload publishes a new generation for a changed zone only", "[loader]") {
  LoaderFixture f;
  f.zone("example.com", zone_text(1, "192.0.2.10"));
  auto loader = f.loader();
  REQUIRE(generation_of(loader.load()) == 1u);
  auto serving_old = answerer_for(loader, 1);

  SECTION("nothing changed: the same generation") {
    ::utime((f.zones / "example.com.zone").c_str(), nullptr);
    CHECK(generation_of(loader.reload()) == 1u);
  }
  SECTION("changed: a new generation; each answerer serves its own until it switches") {
    f.zone("example.com", zone_text(2, "192.0.2.20"));
    REQUIRE(generation_of(loader.reload()) == 2u);
    // The renamed-over database stays mapped, intact, where it is served.
    CHECK(www(*serving_old) == www_is("192.0.2.10"));
    auto fresh = answerer_for(loader, 2);
    CHECK(www(*fresh) == www_is("192.0.2.20"));
    REQUIRE(serving_old->switch_to(2).has_value());
    CHECK(serving_old->generation() == 2u);
    CHECK(www(*serving_old) == www_is("192.0.2.20"));
  }
  SECTION("a zone file that fails to compile keeps the version being served") {
    f.zone("example.com", "$TTL 300\n@ SOA ns1 hostmaster 2 3600 600 86400 300\nwww A 192.0.2.999\n");
    CHECK(generation_of(loader.reload()) == 1u);
    REQUIRE(serving_old->switch_to(1).has_value());
    CHECK(www(*serving_old) == www_is("192.0.2.10"));
    CHECK(www(*answerer_for(loader, 1)) == www_is("192.0.2.10"));
    // Repaired, it reloads.
    f.zone("example.com", zone_text(3, "192.0.2.30"));
    CHECK(generation_of(loader.reload()) == 2u);
    CHECK(www(*answerer_for(loader, 2)) == www_is("192.0.2.30"));
  }
  SECTION("a zone that parses but fails its checks leaves no file behind") {
    // The database streams to a temporary file while the checks run; the
    // checks' error discards it.
    const auto before = read_text(f.database("example.com"));
    f.zone("example.com", zone_text(2, "192.0.2.20") + "www CNAME elsewhere.example.\n");
    CHECK(generation_of(loader.reload()) == 1u);
    CHECK(www(*answerer_for(loader, 1)) == www_is("192.0.2.10"));
    CHECK(read_text(f.database("example.com")) == before);
    for (const auto& entry : fs::directory_iterator(f.databases)) {
      CHECK(entry.path().filename().string().find(".tmp.") == std::string::npos);
    }
    f.zone("example.com", zone_text(3, "192.0.2.30"));
    CHECK(generation_of(loader.reload()) == 2u);
    CHECK(www(*answerer_for(loader, 2)) == www_is("192.0.2.30"));
  }
}

TEST_CASE("the database directory must be the daemon's own", "[loader]") {
  LoaderFixture f;
  f.zone("example.com", zone_text(1, "192.0.2.10"));
  fs::create_directories(f.databases);
  ::chmod(f.databases.c_str(), 0777);
  auto loader = f.loader();
  auto loaded = loader.load();
  REQUIRE(!loaded.has_value());
  CHECK(loaded.error().message.find("is writable by other users") != std::string::npos);
}

TEST_CASE("sources: stamps spare the hashing, hashes decide", "[loader][sources]") {
  TempDir dir;
  fs::path file = dir.path / "zone";
  write_file(file, "one\n");
  ZoneSource source{file.string(), {}, std::nullopt};  // a wrong SHA-256
  bool restamped = false;

  SECTION("without a stamp the file is hashed") {
    std::vector<ZoneSource> sources{source};
    CHECK(!sources_unchanged(sources, restamped));
  }
  SECTION("a stamp equal to the file's metadata answers without reading it") {
    source.stamp = trusted_stamp(file.string(), realtime_ns() + 10'000'000'000);
    REQUIRE(source.stamp.has_value());
    std::vector<ZoneSource> sources{source};
    CHECK(sources_unchanged(sources, restamped));
    CHECK(!restamped);
    SECTION("and any change of the metadata sends it to the hash") {
      sources[0].stamp->ctime_ns -= 1;
      CHECK(!sources_unchanged(sources, restamped));
    }
  }
  SECTION("an empty list is never unchanged") {
    std::vector<ZoneSource> none;
    CHECK(!sources_unchanged(none, restamped));
  }
}

TEST_CASE("sources: only a file older than a second when read gets a stamp", "[loader][sources]") {
  TempDir dir;
  fs::path file = dir.path / "zone";
  write_file(file, "one\n");
  CHECK(!trusted_stamp(file.string(), realtime_ns()).has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  CHECK(trusted_stamp(file.string(), realtime_ns()).has_value());
  CHECK(!trusted_stamp((dir.path / "missing").string(), realtime_ns()).has_value());
}

TEST_CASE("sources: stamps are read back only for the database they were written for", "[loader][sources]") {
  TempDir dir;
  std::string database = (dir.path / "example.com.zdb").string();
  std::vector<ZoneSource> written{{"/zones/a file.zone", {1, 2, 3}, FileStamp{1, 2, 3, 4, 5}},
                                  {"/zones/included", {4}, std::nullopt}};
  REQUIRE(write_stamps(database, 0xfeed, written).has_value());
  auto unstamped = [&] {
    auto copy = written;
    for (auto& s : copy) s.stamp.reset();
    return copy;
  };

  auto same = unstamped();
  read_stamps(database, 0xfeed, same);
  CHECK(same[0].stamp == written[0].stamp);
  CHECK(!same[1].stamp.has_value());

  auto other_database = unstamped();
  read_stamps(database, 0xbeef, other_database);
  CHECK(!other_database[0].stamp.has_value());

  auto other_sources = unstamped();
  other_sources[0].sha256[0] = 9;
  read_stamps(database, 0xfeed, other_sources);
  CHECK(!other_sources[0].stamp.has_value());

  write_file(stamp_path(database), "lnsd-stamps 1 000000000000feed\ngarbage\n");
  auto damaged = unstamped();
  read_stamps(database, 0xfeed, damaged);
  CHECK(!damaged[0].stamp.has_value());
}

}  // namespace lnsd
