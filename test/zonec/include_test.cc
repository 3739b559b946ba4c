// $INCLUDE (RFC 1035 §5.1): paths, origins, loops and the sources recorded
// for the database.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "source_file.hh"
#include "zone_test_util.hh"

using namespace lnsd;
using namespace lnsd::zonec;
using namespace lnsd::zonec::test;
namespace fs = std::filesystem;
using Strings = std::vector<std::string>;

namespace {

// A fresh directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "lnsd-zonec-test.XXXXXX").string();
    path = mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path write(const std::string& name, std::string_view text) const {
    fs::path p = path / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p;
  }
};

}  // namespace

TEST_CASE("$INCLUDE reads a file relative to the including file", "[include]") {
  TempDir dir;
  dir.write("zones/hosts.inc", "www A 192.0.2.80\n");
  auto zone = dir.write("zones/example.com.zone", with_head("$INCLUDE hosts.inc\n"));
  auto z = load_zone_file(name("example.com."), zone.string());
  INFO(dump(z));
  CHECK(z.ok());
  CHECK(rdatas(z, "www.example.com.", RRType::A) == Strings{"192.0.2.80"});
  SECTION("both files are recorded with their SHA-256") {
    const auto& sources = z.content->sources();
    REQUIRE(sources.size() == 2);
    CHECK(sources[0].path == zone.string());
    CHECK(sources[1].path.find("hosts.inc") != std::string::npos);
    auto bytes = std::string("www A 192.0.2.80\n");
    CHECK(sources[1].sha256 == sha256({reinterpret_cast<const uint8_t*>(bytes.data()),
                                       bytes.size()}));
  }
}

TEST_CASE("$INCLUDE paths are relative to the zonesdir when one is given", "[include]") {
  TempDir dir;
  dir.write("hosts.inc", "www A 192.0.2.80\n");
  auto zone = dir.write("sub/example.com.zone", with_head("$INCLUDE hosts.inc\n"));
  LoadOptions options;
  options.parse.zonesdir = dir.path.string();
  auto z = load_zone_file(name("example.com."), zone.string(), options);
  INFO(dump(z));
  CHECK(z.ok());
  CHECK(rdatas(z, "www.example.com.", RRType::A) == Strings{"192.0.2.80"});
  SECTION("without it the same include is looked for next to the zone file") {
    auto y = load_zone_file(name("example.com."), zone.string());
    CHECK(count(y, "include") == 1);
  }
}

TEST_CASE("$INCLUDE with an origin, restored afterwards", "[include]") {
  TempDir dir;
  dir.write("sub.inc", "www A 192.0.2.81\n@ TXT \"sub apex\"\n");
  auto zone = dir.write("z.zone", with_head("$INCLUDE sub.inc sub.example.com.\n"
                                            "after A 192.0.2.82\n"
                                            "$INCLUDE " + (dir.path / "sub.inc").string() +
                                            " other\n"));
  auto z = load_zone_file(name("example.com."), zone.string());
  INFO(dump(z));
  CHECK(z.ok());
  CHECK(rdatas(z, "www.sub.example.com.", RRType::A) == Strings{"192.0.2.81"});
  CHECK(rdatas(z, "sub.example.com.", RRType::TXT).size() == 1);
  CHECK(rdatas(z, "after.example.com.", RRType::A) == Strings{"192.0.2.82"});
  CHECK(rdatas(z, "www.other.example.com.", RRType::A) == Strings{"192.0.2.81"});
}

TEST_CASE("diagnostics in an included file name that file", "[include]") {
  TempDir dir;
  auto inc = dir.write("bad.inc", "\nwww A 192.0.2.300\n");
  auto zone = dir.write("z.zone", with_head("$INCLUDE bad.inc\n"));
  auto z = load_zone_file(name("example.com."), zone.string());
  REQUIRE(z.diags.error_count() == 1);
  CHECK(z.diags.items()[0].file == inc.string());
  CHECK(z.diags.items()[0].line == 2);
}

TEST_CASE("include loops are detected, also through another file", "[include]") {
  TempDir dir;
  dir.write("a.inc", "$INCLUDE b.inc\n");
  dir.write("b.inc", "x A 192.0.2.1\n$INCLUDE a.inc\n");
  auto zone = dir.write("z.zone", with_head("$INCLUDE a.inc\n"));
  auto z = load_zone_file(name("example.com."), zone.string());
  REQUIRE(count(z, "include") == 1);
  CHECK(find(z, "include")->message.find("loop") != std::string::npos);
  CHECK(find(z, "include")->file.find("b.inc") != std::string::npos);
  CHECK(rdatas(z, "x.example.com.", RRType::A) == Strings{"192.0.2.1"});
}

TEST_CASE("an unreadable zone file is an I/O error, not a zone error", "[include]") {
  auto z = load_zone_file(name("example.com."), "/nonexistent/zone/file");
  REQUIRE(z.io_error);
  CHECK(z.io_error->message.find("/nonexistent/zone/file") != std::string::npos);
  CHECK_FALSE(z.ok());
}
