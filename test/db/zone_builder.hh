// Builds ZoneContent for the database tests from record lines in
// presentation form, without the zone file parser (which has its own tests):
// "owner TTL [CLASS] TYPE rdata...", owner "@" for the origin, relative
// names completed with the origin, quoted strings kept as tokens.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "db/reader.hh"
#include "db/zone_content.hh"
#include "dns/name.hh"

namespace lnsd::test {

Name name(std::string_view text);

class ZoneBuilder {
 public:
  explicit ZoneBuilder(std::string_view origin);
  // Adds one record; a line that does not parse fails the running test.
  ZoneBuilder& add(std::string_view line);
  // Adds every non-empty line.
  ZoneBuilder& add_lines(std::string_view text);
  db::ZoneContent& content() { return *content_; }
  // finalize() then build_database(); fails the test on an error.
  std::vector<uint8_t> build();

 private:
  Name origin_;
  std::unique_ptr<db::ZoneContent> content_;
};

// A database image kept alive with its ZoneDb.
struct OpenDb {
  std::vector<uint8_t> image;
  std::unique_ptr<db::ZoneDb> db;
};
OpenDb open_image(std::vector<uint8_t> image);

// The names of a database, in its order, as text.
std::vector<std::string> node_names(const db::ZoneDb& db);

// A fresh directory under the system temporary directory, removed (with
// its files) when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::vector<std::string> files() const;  // names in the directory, sorted

 private:
  std::string path_;
};

std::vector<uint8_t> read_file(const std::string& path);
void write_file(const std::string& path, const std::vector<uint8_t>& bytes);

}  // namespace lnsd::test
