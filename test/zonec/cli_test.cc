// lnsd-zonec as operators and CI systems run it: files in, databases and
// diagnostics out, and the documented exit statuses.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using std::string;
namespace fs = std::filesystem;

namespace {

fs::path build_root() {
  const char* root = std::getenv("LNSD_BUILD_ROOT");
  return root ? fs::path(root) : fs::path(".");
}

struct Run {
  int status = -1;
  string out;  // stdout
  string err;  // stderr
};

// Runs lnsd-zonec with `args` (shell words), capturing both streams.
Run zonec(const string& args, const fs::path& dir) {
  fs::path out = dir / "stdout.txt", err = dir / "stderr.txt";
  string command = (build_root() / "zonec/lnsd-zonec").string() + " " + args + " >" +
                   out.string() + " 2>" + err.string();
  Run r;
  int raw = std::system(command.c_str());
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream o(out), e(err);
  std::stringstream so, se;
  so << o.rdbuf();
  se << e.rdbuf();
  r.out = so.str();
  r.err = se.str();
  return r;
}

struct TempDir {
  fs::path path;
  TempDir() {
    string tmpl = (fs::temp_directory_path() / "lnsd-zonec-cli.XXXXXX").string();
    path = mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path write(const string& name, const string& text) const {
    fs::path p = path / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p;
  }
  string read(const string& name) const {
    std::ifstream in(path / name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
};

const string kZone =
    "$TTL 1h\n"
    "@ SOA ns1 hostmaster 2024010101 2h 1h 2w 5m\n"
    "  NS ns1\n"
    "ns1 A 192.0.2.1\n"
    "www A 192.0.2.80\n";

string q(const fs::path& p) { return "'" + p.string() + "'"; }

}  // namespace

TEST_CASE("lnsd-zonec compiles a zone into DIR/<escaped name>.zdb", "[cli]") {
  TempDir t;
  auto zone = t.write("example.com.zone", kZone);
  auto r = zonec("--origin example.com --output " + q(t.path / "db") + " " + q(zone), t.path);
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("zone example.com. compiled: 4 records, serial 2024010101") !=
        string::npos);
  CHECK(fs::exists(t.path / "db/example.com.zdb"));
  SECTION("--verify accepts it") {
    auto v = zonec("--verify " + q(t.path / "db/example.com.zdb"), t.path);
    CHECK(v.status == 0);
    CHECK(v.out.find("ok: zone example.com., serial 2024010101") != string::npos);
  }
  SECTION("--dump prints it as a zone file that compiles to the same content") {
    auto d = zonec("--dump " + q(t.path / "db/example.com.zdb"), t.path);
    REQUIRE(d.status == 0);
    CHECK(d.out.find("www.example.com.\t3600\tIN\tA\t192.0.2.80\n") != string::npos);
    auto dumped = t.write("dumped.zone", d.out);
    REQUIRE(zonec("--origin example.com -d " + q(t.path / "db2") + " " + q(dumped), t.path)
                .status == 0);
    auto again = zonec("--dump " + q(t.path / "db2/example.com.zdb"), t.path);
    CHECK(again.out == d.out);
  }
  SECTION("a damaged database fails --verify with status 1") {
    auto path = t.path / "db/example.com.zdb";
    auto size = fs::file_size(path);
    {
      std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(std::streamoff(size - 3));
      f.put('\x5a');
    }
    auto v = zonec("--verify " + q(path), t.path);
    CHECK(v.status == 1);
    CHECK_FALSE(v.err.empty());
  }
}

TEST_CASE("--check writes nothing and reports ok", "[cli]") {
  TempDir t;
  auto zone = t.write("z.zone", kZone);
  auto r = zonec("--check --origin example.com. -d " + q(t.path / "db") + " " + q(zone), t.path);
  CHECK(r.status == 0);
  CHECK(r.out.find("zone example.com. is ok") != string::npos);
  CHECK_FALSE(fs::exists(t.path / "db"));
}

TEST_CASE("exit status 1 for zone errors, and no database", "[cli]") {
  TempDir t;
  auto zone = t.write("z.zone", kZone + "www CNAME ns1\n");
  auto r = zonec("--origin example.com -d " + q(t.path) + " " + q(zone), t.path);
  CHECK(r.status == 1);
  CHECK(r.err.find("z.zone:6:1: error: CNAME and other data") != string::npos);
  CHECK(r.err.find("(fix: ") != string::npos);
  CHECK(r.out.find("has 1 error") != string::npos);
  CHECK_FALSE(fs::exists(t.path / "example.com.zdb"));

  // The database is streamed to a temporary file beside the checks; with
  // errors it is removed, and the database already there stays as it was.
  auto good = t.write("good.zone", kZone);
  fs::create_directories(t.path / "db");
  REQUIRE(zonec("--origin example.com -d " + q(t.path / "db") + " " + q(good), t.path).status == 0);
  const string before = t.read("db/example.com.zdb");
  auto again = zonec("--origin example.com -d " + q(t.path / "db") + " " + q(zone), t.path);
  CHECK(again.status == 1);
  CHECK(t.read("db/example.com.zdb") == before);
  std::vector<string> left;
  for (const auto& entry : fs::directory_iterator(t.path / "db")) left.push_back(entry.path().filename());
  CHECK(left == std::vector<string>{"example.com.zdb"});
}

TEST_CASE("warnings pass; --werror makes them fail", "[cli]") {
  TempDir t;
  auto zone = t.write("w.zone", kZone + "mail 300 A 192.0.2.9\nmail 600 A 192.0.2.10\n");
  auto r = zonec("--check --origin example.com " + q(zone), t.path);
  CHECK(r.status == 0);
  CHECK(r.err.find("warning: TTL 600") != string::npos);
  CHECK(r.out.find("(1 warning)") != string::npos);
  auto w = zonec("--check --werror --origin example.com " + q(zone), t.path);
  CHECK(w.status == 1);
  CHECK(w.err.find("error: TTL 600") != string::npos);
}

TEST_CASE("exit status 2 for usage and I/O errors", "[cli]") {
  TempDir t;
  auto zone = t.write("z.zone", kZone);
  CHECK(zonec(q(zone), t.path).status == 2);                                 // no --origin
  CHECK(zonec("--origin example.com", t.path).status == 2);                 // no zone file
  CHECK(zonec("--origin example.com --format xml " + q(zone), t.path).status == 2);
  CHECK(zonec("--bogus", t.path).status == 2);
  CHECK(zonec("--origin example.com " + q(t.path / "missing.zone"), t.path).status == 2);
  CHECK(zonec("--verify " + q(t.path / "missing.zdb"), t.path).status == 2);
  CHECK(zonec("--origin a..b " + q(zone), t.path).status == 2);
  // An output directory that cannot be made: the zone is fine, the write is not.
  auto unwritable = zonec("--origin example.com -d " + q(zone / "db") + " " + q(zone), t.path);
  CHECK(unwritable.status == 2);
  CHECK(unwritable.err.find("cannot write") != string::npos);
  auto h = zonec("--help", t.path);
  CHECK(h.status == 0);
  CHECK(h.out.find("exit status") != string::npos);
}

TEST_CASE("--format json prints one array on stdout", "[cli]") {
  TempDir t;
  auto zone = t.write("z.zone", kZone + "bad A 300.1.1.1\nwww.example.com A 192.0.2.1\n");
  auto r = zonec("--check --format json --origin example.com " + q(zone), t.path);
  CHECK(r.status == 1);
  REQUIRE_FALSE(r.out.empty());
  CHECK(r.out.front() == '[');
  CHECK(r.out.find("\"severity\": \"error\", \"check\": \"bad-rdata\"") != string::npos);
  CHECK(r.out.find("\"check\": \"doubled-origin\"") != string::npos);
  CHECK(r.out.find("\"line\": 6, \"column\": 7") != string::npos);
  CHECK(r.out.substr(r.out.size() - 2) == "]\n");
}

TEST_CASE("--format github prints workflow annotations on stdout", "[cli]") {
  TempDir t;
  auto zone = t.write("z.zone", kZone + "www A 300.1.1.1\n");
  auto r = zonec("--check --format github --origin example.com " + q(zone), t.path);
  CHECK(r.status == 1);
  CHECK(r.out.rfind("::error file=" + zone.string() + ",line=6,col=7,title=bad-rdata::", 0) == 0);
}

TEST_CASE("the serial guard against the database being served", "[cli]") {
  TempDir t;
  auto zone = t.write("z.zone", kZone);
  REQUIRE(zonec("--origin example.com -d " + q(t.path / "old") + " " + q(zone), t.path).status == 0);
  auto old_db = t.path / "old/example.com.zdb";
  auto changed = t.write("changed.zone", kZone + "new A 192.0.2.99\n");
  SECTION("changed content, same serial: an error in --check, naming the serial to use") {
    auto r = zonec("--check --previous " + q(old_db) + " --origin example.com " + q(changed), t.path);
    CHECK(r.status == 1);
    CHECK(r.err.find("changed.zone:2:1: error: the zone's content changed but its SOA serial is "
                     "still 2024010101") != string::npos);
    CHECK(r.err.find("set the SOA serial to 2024010102") != string::npos);
  }
  SECTION("without --check a warning, and the database is written") {
    auto r = zonec("--previous " + q(old_db) + " --origin example.com -d " + q(t.path / "new") +
                       " " + q(changed), t.path);
    CHECK(r.status == 0);
    CHECK(r.err.find("warning: the zone's content changed") != string::npos);
    CHECK(fs::exists(t.path / "new/example.com.zdb"));
  }
  SECTION("a serial that went backwards") {
    string text = kZone;
    text.replace(text.find("2024010101"), 10, "2023123199");
    auto back = t.write("back.zone", text);
    auto r = zonec("--check --previous " + q(old_db) + " --origin example.com " + q(back), t.path);
    CHECK(r.status == 1);
    CHECK(r.err.find("went backwards, from 2024010101 to 2023123199") != string::npos);
  }
  SECTION("an increased serial, or unchanged content, passes") {
    string text = kZone + "new A 192.0.2.99\n";
    text.replace(text.find("2024010101"), 10, "2024010102");
    auto bumped = t.write("bumped.zone", text);
    CHECK(zonec("--check --previous " + q(old_db) + " --origin example.com " + q(bumped), t.path)
              .status == 0);
    // Comments and layout are not content.
    auto same = t.write("same.zone", "; reformatted\n" + kZone);
    auto r = zonec("--check --previous " + q(old_db) + " --origin example.com " + q(same), t.path);
    CHECK(r.status == 0);
    CHECK(r.err.empty());
  }
  SECTION("the previous database of another zone is a usage error") {
    CHECK(zonec("--check --previous " + q(old_db) + " --origin example.net " + q(zone), t.path)
              .status == 2);
  }
}

TEST_CASE("-c compiles every zone of a configuration", "[cli]") {
  TempDir t;
  t.write("zones/example.com.zone", kZone);
  t.write("zones/hosts.inc", "www A 192.0.2.80\n");
  t.write("zones/example.net.zone",
          "$TTL 1h\n@ SOA ns1.example.com. host.example.com. 7 2h 1h 2w 5m\n"
          "  NS ns1.example.com.\n$INCLUDE hosts.inc\n");
  auto conf = t.write("lnsd.conf",
                      "server:\n"
                      "  zonesdir: \"" + (t.path / "zones").string() + "\"\n"
                      "zone:\n  name: example.com\n  zonefile: example.com.zone\n"
                      "zone:\n  name: example.net\n  zonefile: \"%s.zone\"\n"
                      "zone:\n  name: example.org\n  zonefile: example.org.zone\n"
                      "  request-xfr: 192.0.2.1 NOKEY\n");
  auto r = zonec("-c " + q(conf) + " -d " + q(t.path / "db"), t.path);
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(fs::exists(t.path / "db/example.com.zdb"));
  CHECK(fs::exists(t.path / "db/example.net.zdb"));
  CHECK(r.err.find("secondary zone example.org. has no zone file yet") != string::npos);
  SECTION("the databases already there are the previous versions for the serial guard") {
    t.write("zones/example.com.zone", kZone + "new A 192.0.2.99\n");
    auto again = zonec("--check -c " + q(conf) + " -d " + q(t.path / "db"), t.path);
    CHECK(again.status == 1);
    CHECK(again.err.find("example.com.zone:2:1: error: the zone's content changed") !=
          string::npos);
  }
  SECTION("a broken configuration is a usage error") {
    auto bad = t.write("bad.conf", "zone:\n  nme: x\n");
    CHECK(zonec("-c " + q(bad), t.path).status == 2);
  }
}
