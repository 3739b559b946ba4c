// What a server needs to serve a zone generation besides the databases:
// which zones are configured, where their databases are, who may ask, and
// the answer options (AnswerConfig). Main writes it for every generation it
// publishes, as "generation.<N>" in the database directory, before it sends
// ChannelCommand::Publish; a server switching to generation N reads it
// there. This is how a configuration reread on SIGHUP (reload-config:)
// reaches servers forked long before: a zone added or removed, a changed
// allow-query, minimal-responses or nsid take effect in the same switch as
// the zone data, so that each query is answered wholly by one generation.
//
// The file is plain text, one "keyword value" per line; strings and paths
// are hex so that no value needs quoting. Only main writes it, atomically
// (temporary file, rename), as the user the daemon runs as.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "answer_config.hh"
#include "dns/name.hh"
#include "util/expected.hh"

namespace lnsd {

// One zone as a server sees it: where its database is and who may ask.
struct ServedZone {
  Name origin;
  std::string name;      // for the log, with the final dot
  std::string database;  // its path in the database directory
  ZoneAccess access;
};

struct GenerationDescription {
  AnswerConfig answer;
  std::vector<ServedZone> zones;
};

std::string generation_file_path(const std::string& database_dir, uint64_t generation);

std::string format_generation(const GenerationDescription& description);
Expected<GenerationDescription, Error> parse_generation(std::string_view text);

Expected<void, Error> write_generation_file(const std::string& database_dir, uint64_t generation,
                                            const std::string& text);
Expected<GenerationDescription, Error> read_generation_file(const std::string& database_dir, uint64_t generation);

// Removes the files of the generations before `oldest_kept` (a server that
// is slow to switch may still read the one before the newest).
void remove_generation_files_before(const std::string& database_dir, uint64_t oldest_kept);

}  // namespace lnsd
