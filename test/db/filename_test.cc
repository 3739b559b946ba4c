// Database file names (lib/db/filename.hh): whatever the zone name, the file
// name stays inside its directory, and it maps back to the zone.
#include "db/filename.hh"

#include <catch2/catch.hpp>

#include "zone_builder.hh"

using namespace lnsd;
using lnsd::test::name;

namespace {

// What any file name we produce must satisfy.
void check_safe(const std::string& f) {
  INFO("file name " << f);
  CHECK(!f.empty());
  CHECK(f.size() <= 255);
  CHECK(f != ".");
  CHECK(f != "..");
  CHECK(f.front() != '.');
  CHECK(f.front() != '-');
  CHECK(f.find('/') == std::string::npos);
  CHECK(f.find("..") == std::string::npos);
  for (char c : f) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
              c == '_' || c == '%' || c == '=' || c == '@';
    CHECK(ok);
  }
}

}  // namespace

TEST_CASE("filename: ordinary zones read as themselves", "[db][filename]") {
  CHECK(db::zone_file_name(name("example.com.")) == "example.com.zdb");
  CHECK(db::zone_file_name(name("Example.COM.")) == "example.com.zdb");
  CHECK(db::zone_file_name(name("0.0.127.in-addr.arpa.")) == "0.0.127.in-addr.arpa.zdb");
  CHECK(db::zone_file_name(name("_tcp.example.")) == "_tcp.example.zdb");
  CHECK(db::zone_file_name(name(".")) == "@.zdb");
}

TEST_CASE("filename: hostile names are escaped", "[db][filename]") {
  // RFC 2317 classless delegation names carry a slash.
  CHECK(db::zone_file_name(name("64/27.2.0.192.in-addr.arpa.")) == "64%2f27.2.0.192.in-addr.arpa.zdb");
  CHECK(db::zone_file_name(name("\\.\\..example.")) == "%2e%2e.example.zdb");
  CHECK(db::zone_file_name(name("\\..")) == "%2e.zdb");
  CHECK(db::zone_file_name(name("\\000.example.")) == "%00.example.zdb");
  CHECK(db::zone_file_name(name("-rf.example.")) == "%2drf.example.zdb");
  CHECK(db::zone_file_name(name("a-b.example.")) == "a-b.example.zdb");
  CHECK(db::zone_file_name(name("\\%41.example.")) == "%2541.example.zdb");
  CHECK(db::zone_file_name(name("\\@.example.")) == "%40.example.zdb");
  CHECK(db::zone_file_name(name("sp\\032ace\\255.example.")) == "sp%20ace%ff.example.zdb");
}

TEST_CASE("filename: every octet, escaped and reversed", "[db][filename]") {
  for (int c = 0; c < 256; ++c) {
    auto label = std::vector<uint8_t>{uint8_t(c), 'x'};
    auto zone = *name("example.").prepend(label);
    std::string f = db::zone_file_name(zone);
    check_safe(f);
    auto back = db::zone_from_file_name(f);
    INFO("octet " << c << " -> " << f);
    REQUIRE(back.has_value());
    CHECK(*back == zone);
  }
}

TEST_CASE("filename: long names get a hashed file name", "[db][filename]") {
  std::string label(60, '/');
  std::string text;
  for (int i = 0; i < 3; ++i) {
    for (size_t k = 0; k < 60; ++k) text += "\\/";
    text += ".";
  }
  Name zone = name(text + "example.");
  std::string f = db::zone_file_name(zone);
  check_safe(f);
  CHECK(f.front() == '=');
  CHECK(f.size() == 1 + 64 + 4);
  CHECK_FALSE(db::zone_from_file_name(f));
  // Case does not change it.
  CHECK(db::zone_file_name(name(text + "EXAMPLE.")) == f);
}

TEST_CASE("filename: names zone_file_name() never writes are not zones", "[db][filename]") {
  for (const char* f : {"", ".zdb", "example.com", "..zdb", "a..b.zdb", ".a.zdb", "a/b.zdb",
                        "A.zdb", "%2.zdb", "%zz.zdb", "%41.zdb", "-x.zdb", "x y.zdb", "%2e.",
                        "@x.zdb", "=00.zdb"}) {
    INFO("file name '" << f << "'");
    CHECK_FALSE(db::zone_from_file_name(f));
  }
  CHECK(db::zone_from_file_name("%2e.zdb") == name("\\.."));
  CHECK(db::zone_from_file_name("@.zdb") == name("."));
}
