// The corpus of broken configurations in test/conf/broken: each file says
// which errors it must produce, one "# expect: LINE: message" comment per
// error (message: the start of the text after "file:line: "). Every error
// must be expected and every expectation met.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "conf_test_util.hh"

using namespace lnsd::conf;
using namespace lnsd::conf::test;

namespace {

struct Expectation {
  int line;
  std::string message;
};

std::vector<Expectation> expectations(const std::string& text) {
  const std::string marker = "# expect: ";
  std::vector<Expectation> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with(marker)) continue;
    const size_t colon = line.find(": ", marker.size());
    REQUIRE(colon != std::string::npos);
    out.push_back({std::stoi(line.substr(marker.size(), colon - marker.size())), line.substr(colon + 2)});
  }
  return out;
}

}  // namespace

TEST_CASE("each broken configuration fails with exactly the errors it expects", "[conf][broken]") {
  const std::string dir = source_root() + "/test/conf/broken";
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".conf") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 30);

  for (const std::string& file : files) {
    INFO(file);
    auto expected = expectations(read_file(file));
    REQUIRE_FALSE(expected.empty());
    auto loaded = load_config(file);
    REQUIRE_FALSE(loaded.has_value());
    std::vector<Diagnostic> got = loaded.error();
    std::string all;
    for (const Diagnostic& d : got) all += d.text() + "\n";
    INFO(all);
    CHECK(got.size() == expected.size());
    for (const Expectation& e : expected) {
      INFO("expected " << e.line << ": " << e.message);
      auto hit = std::find_if(got.begin(), got.end(), [&](const Diagnostic& d) {
        return d.where.file == file && d.where.line == e.line && d.message.starts_with(e.message);
      });
      CHECK(hit != got.end());
    }
  }
}
