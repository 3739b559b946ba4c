#include "zone_builder.hh"

#include <catch2/catch.hpp>
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "db/writer.hh"
#include "dns/rdata.hh"
#include "dns/rrtype.hh"

namespace lnsd::test {
namespace {

// Whitespace-separated tokens; "..." is one token with its escapes kept.
std::vector<Token> tokenize(std::string_view line) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ' || line[i] == '\t') {
      ++i;
      continue;
    }
    if (line[i] == '"') {
      size_t start = ++i;
      while (i < line.size() && line[i] != '"') i += line[i] == '\\' ? 2 : 1;
      tokens.push_back({line.substr(start, i - start), true});
      ++i;
      continue;
    }
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') i += line[i] == '\\' ? 2 : 1;
    tokens.push_back({line.substr(start, std::min(i, line.size()) - start), false});
  }
  return tokens;
}

}  // namespace

Name name(std::string_view text) {
  auto n = Name::from_text(text);
  INFO("name " << text);
  REQUIRE(n.has_value());
  return *n;
}

ZoneBuilder::ZoneBuilder(std::string_view origin)
    : origin_(name(origin)), content_(std::make_unique<db::ZoneContent>(origin_)) {}

ZoneBuilder& ZoneBuilder::add(std::string_view line) {
  INFO("record: " << line);
  auto tokens = tokenize(line);
  REQUIRE(tokens.size() >= 3);
  auto owner = Name::from_text(tokens[0].text, &origin_);
  REQUIRE(owner.has_value());
  uint32_t ttl = uint32_t(std::stoul(std::string(tokens[1].text)));
  size_t at = 2;
  if (class_from_text(tokens[at].text)) ++at;
  auto type = type_from_text(tokens[at].text);
  REQUIRE(type.has_value());
  std::vector<uint8_t> rdata;
  auto ok = rdata_from_text(*type, std::span<const Token>(tokens).subspan(at + 1), origin_, rdata);
  if (!ok) FAIL("rdata: " << ok.error().message);
  content_->add_record(content_->intern_owner(*owner), *type, ttl, rdata, {});
  return *this;
}

ZoneBuilder& ZoneBuilder::add_lines(std::string_view text) {
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (line.find_first_not_of(" \t") != std::string_view::npos) add(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return *this;
}

std::vector<uint8_t> ZoneBuilder::build() {
  content_->finalize();
  auto image = db::build_database(*content_);
  if (!image) FAIL("build_database: " << image.error().message);
  return *image;
}

OpenDb open_image(std::vector<uint8_t> image) {
  OpenDb out;
  out.image = std::move(image);
  auto db = db::ZoneDb::from_memory(out.image);
  if (!db) FAIL("from_memory: " << db.error().message);
  out.db = std::make_unique<db::ZoneDb>(std::move(*db));
  return out;
}

std::vector<std::string> node_names(const db::ZoneDb& db) {
  std::vector<std::string> names;
  for (uint32_t i = 0; i < db.node_count(); ++i) names.push_back(db.name(db::NodeRef{i}).to_text());
  return names;
}

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/lnsd-db-test.XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  REQUIRE(::mkdtemp(buf.data()) != nullptr);
  path_ = buf.data();
}

TempDir::~TempDir() {
  for (const std::string& f : files()) {
    std::string p = path_ + "/" + f;
    if (::unlink(p.c_str()) != 0) ::rmdir(p.c_str());
  }
  ::rmdir(path_.c_str());
}

std::vector<std::string> TempDir::files() const {
  std::vector<std::string> names;
  if (DIR* d = ::opendir(path_.c_str())) {
    while (dirent* e = ::readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") names.push_back(n);
    }
    ::closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

}  // namespace lnsd::test
