// The master file parser (RFC 1035 §5) with the extensions NSD and BIND
// accept: $ORIGIN, $TTL (RFC 2308 §4), $INCLUDE, BIND's $GENERATE, TTLs
// with units, TTL and class in either order, RFC 3597 unknown types and
// classes. It fills a db::ZoneContent and reports every problem it meets to
// a Diagnostics collection, then carries on with the next entry, so that
// one run shows the operator all the mistakes of a file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "db/zone_content.hh"
#include "diagnostics.hh"
#include "dns/name.hh"
#include "lexer.hh"
#include "record_feed.hh"
#include "source_file.hh"

namespace lnsd::zonec {

struct ParseOptions {
  // Base directory of relative $INCLUDE paths, as NSD's zonesdir. Empty:
  // the directory of the file that holds the $INCLUDE.
  std::string zonesdir;
  // Deeper nesting is refused; it is almost surely a loop through links.
  size_t max_include_depth = 16;
  // A $GENERATE that would make more records is refused.
  uint64_t max_generate = 1u << 20;
  // Zone text of this size or more is parsed with the records going into
  // the content on a second thread (record_feed.hh); below it a thread
  // costs more than it saves.
  size_t feed_thread_min_bytes = size_t(1) << 20;
};

// The TTL given to a record that has none, when neither $TTL nor an
// earlier record provides one and the SOA is not known yet; NSD's default.
inline constexpr uint32_t kFallbackTtl = 3600;

class ZoneParser {
 public:
  ZoneParser(db::ZoneContent& content, Diagnostics& diags, ParseOptions options = {});

  // Parses the zone file at `path` and every file it includes. Fails only
  // when `path` itself cannot be read (an I/O error, not a zone error);
  // unreadable $INCLUDE files are zone errors, reported to the diagnostics.
  Expected<void, Error> parse_file(const std::string& path);

  // Parses zone text held in memory, named `display_name` in diagnostics
  // (tests, and zones received whole). Relative $INCLUDEs resolve against
  // the zonesdir, else the current directory.
  void parse_text(std::string_view text, const std::string& display_name);

 private:
  struct FileFrame {
    std::string path;       // as shown in diagnostics
    std::string directory;  // for relative $INCLUDE paths
    std::string real_path;  // for loop detection; empty for text in memory
    uint16_t source = 0;    // index into ZoneContent::sources()
  };

  // Parses one source's text, recording it in the content's sources. A
  // mapped `file` is hashed and its pages released as the parsing goes.
  Expected<void, Error> read_source(const std::string& path, std::string real_path,
                                    std::string_view text, const MappedFile* file);
  void process_entry(const Entry& entry);
  void process_record(const Entry& entry);
  bool set_owner(const Token& token, TextPos pos);
  std::optional<uint32_t> record_ttl(std::optional<uint32_t> explicit_ttl, RRType type,
                                     TextPos pos);

  void set_origin(const Name& origin);
  void directive_origin(const Entry& entry);
  void directive_ttl(const Entry& entry);
  void directive_include(const Entry& entry);
  void directive_generate(const Entry& entry);
  Expected<void, Error> include_file(const std::string& path);

  // Where a diagnostic points: the position itself, or the $GENERATE line
  // while generated records are parsed.
  TextPos at(TextPos pos) const { return generate_pos_ ? *generate_pos_ : pos; }
  void error(TextPos pos, std::string check, std::string message, std::string fix);
  void warning(TextPos pos, std::string check, std::string message, std::string fix);
  std::optional<uint32_t> checked_ttl(const Token& token, TextPos pos);

  // Parses one top-level source and waits until its records are in the
  // content.
  Expected<void, Error> read_top_source(const std::string& path, std::string real_path,
                                        std::string_view text, const MappedFile* file);

  db::ZoneContent& content_;
  RecordFeed feed_;
  Diagnostics& diags_;
  ParseOptions options_;
  const Name zone_origin_;

  std::vector<FileFrame> files_;
  Name origin_;                  // completes relative names ($ORIGIN)
  bool origin_inside_zone_ = true;
  uint32_t origin_generation_ = 0;

  std::optional<uint32_t> default_ttl_;  // $TTL
  std::optional<uint32_t> last_ttl_;     // the previous record's
  bool warned_previous_ttl_ = false;

  enum class OwnerState : uint8_t { None, Valid, Invalid };
  OwnerState owner_state_ = OwnerState::None;
  std::string owner_text_;  // as written, to skip re-parsing a repeated owner
  uint32_t owner_generation_ = 0;
  // Owners that end in a doubled origin, lowercased wire form: each draws
  // its warning once, where it is first written.
  std::unordered_set<std::string> doubled_owners_;

  std::vector<uint8_t> rdata_;  // reused for every record
  std::string generated_;       // the text of one $GENERATE record
  Entry generated_entry_;
  std::optional<TextPos> generate_pos_;
};

}  // namespace lnsd::zonec
