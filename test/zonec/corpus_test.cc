// Zone files on disk, each stating what lnsd-zonec must say about it:
//   ; origin: <zone name>            (example.com. when absent)
//   ; expect: <error|warning> <line>:<column> <text the message contains>
// The diagnostics must be exactly the expected ones: each expectation met
// by one diagnostic and no diagnostic left over.
//   test/zonec/data/    zones from shared/seeds that compile
//   test/zonec/broken/  one operator mistake per file
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "zone_test_util.hh"

using namespace lnsd;
using namespace lnsd::zonec;
using namespace lnsd::zonec::test;
namespace fs = std::filesystem;

namespace {

struct Expectation {
  Severity severity;
  uint32_t line;
  uint32_t column;
  std::string text;
};

struct ZoneCase {
  std::string origin = "example.com.";
  std::vector<Expectation> expected;
};

fs::path source_root() {
  const char* root = std::getenv("LNSD_SOURCE_ROOT");
  return root ? fs::path(root) : fs::path(".");
}

ZoneCase read_case(const fs::path& path) {
  ZoneCase c;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("; origin: ", 0) == 0) c.origin = line.substr(10);
    if (line.rfind("; expect: ", 0) != 0) continue;
    std::istringstream s(line.substr(10));
    std::string severity, where;
    s >> severity >> where;
    Expectation e;
    e.severity = severity == "error" ? Severity::Error : Severity::Warning;
    size_t colon = where.find(':');
    e.line = uint32_t(std::stoul(where.substr(0, colon)));
    e.column = uint32_t(std::stoul(where.substr(colon + 1)));
    std::getline(s >> std::ws, e.text);
    c.expected.push_back(e);
  }
  return c;
}

std::vector<fs::path> zone_files(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".zone") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool matches(const Diagnostic& d, const Expectation& e) {
  return d.severity == e.severity && d.line == e.line && d.column == e.column &&
         d.message.find(e.text) != std::string::npos;
}

void check_corpus_file(const fs::path& path) {
  ZoneCase c = read_case(path);
  LoadOptions options;
  options.check.now = kTestNow;
  auto z = load_zone_file(name(c.origin), path.string(), options);
  REQUIRE_FALSE(z.io_error);
  INFO("diagnostics:\n" << format_text(z.diags));
  std::vector<bool> used(z.diags.items().size(), false);
  for (const auto& e : c.expected) {
    bool found = false;
    for (size_t i = 0; i < used.size() && !found; ++i) {
      if (!used[i] && matches(z.diags.items()[i], e)) used[i] = found = true;
    }
    INFO("expected: " << (e.severity == Severity::Error ? "error " : "warning ") << e.line
                      << ":" << e.column << " " << e.text);
    CHECK(found);
  }
  CHECK(z.diags.items().size() == c.expected.size());
  // Every diagnostic names the file and says how to fix it.
  for (const auto& d : z.diags.items()) {
    CHECK(d.file.find(path.filename().string()) != std::string::npos);
    CHECK_FALSE(d.fix.empty());
  }
}

}  // namespace

TEST_CASE("the zones of the seed documents compile as expected", "[corpus]") {
  auto files = zone_files(source_root() / "test/zonec/data");
  REQUIRE(files.size() >= 3);
  for (const auto& path : files) {
    DYNAMIC_SECTION(path.filename().string()) { check_corpus_file(path); }
  }
}

TEST_CASE("each broken zone draws its expected diagnostics", "[corpus]") {
  auto files = zone_files(source_root() / "test/zonec/broken");
  REQUIRE(files.size() >= 30);
  for (const auto& path : files) {
    DYNAMIC_SECTION(path.filename().string()) { check_corpus_file(path); }
  }
}

TEST_CASE("the demo zones in etc/zones compile without a finding", "[corpus]") {
  for (auto [origin, file] : {std::pair{"example.com.", "example.com.zone"},
                              std::pair{"2.0.192.in-addr.arpa.", "2.0.192.in-addr.arpa.zone"}}) {
    auto z = load_zone_file(name(origin), (source_root() / "etc/zones" / file).string());
    INFO(file << "\n" << format_text(z.diags));
    CHECK_FALSE(z.io_error);
    CHECK(z.diags.items().empty());
  }
}
