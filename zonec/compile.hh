// One zone through the compiler front end: parse the zone file and its
// includes, merge records into RRsets, run the checks. lnsd-zonec and the
// daemon (rebuilding a zone whose file changed) both call this; writing the
// database is the caller's next step.
#pragma once

#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "checks.hh"
#include "db/zone_content.hh"
#include "diagnostics.hh"
#include "parser.hh"

namespace lnsd::zonec {

struct LoadOptions {
  ParseOptions parse;
  CheckOptions check;  // check.now defaults to the current time
  bool warnings_are_errors = false;
  size_t diagnostic_limit = Diagnostics::kDefaultLimit;
  // Work on the finalized content that does not need the checks' findings
  // (building the database image), run on a second thread while the checks
  // run, so that a second core takes it off the wall time. Called only when
  // parsing found no errors; the caller drops the result if the checks do.
  std::function<void(const db::ZoneContent&)> alongside_checks;
};

struct LoadedZone {
  std::unique_ptr<db::ZoneContent> content;  // finalized
  Diagnostics diags;
  std::optional<Error> io_error;  // the zone file itself could not be read
  // Where the apex SOA was written: the records' positions are released
  // once the checks are done, and the serial guard reports here later.
  std::optional<db::SourcePos> soa_position;

  bool ok() const { return !io_error && diags.error_count() == 0; }
  // The apex SOA serial, when the zone has exactly one SOA.
  std::optional<uint32_t> serial() const;
  // The index of that SOA record in content->records().
  std::optional<uint32_t> soa_record() const;
};

LoadedZone load_zone_file(const Name& origin, const std::string& path,
                          const LoadOptions& options = {});
// The same for zone text held in memory, named `display_name` in diagnostics.
LoadedZone load_zone_text(const Name& origin, std::string_view text,
                          const std::string& display_name, const LoadOptions& options = {});

}  // namespace lnsd::zonec
