// Statistics as text, with nsd-control's names ("num.queries",
// "num.type.A", "num.rcode.NXDOMAIN", ...), for the periodic log line
// (`statistics:`) and the control channel's stats command.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stats.hh"

namespace lnsd {

struct StatLine {
  std::string name;
  uint64_t value = 0;
};

// Totals always; by type, opcode and rcode only the values seen.
std::vector<StatLine> stats_report(const StatsTotals& totals);

// "name=value name=value ..." on one line.
std::string stats_log_line(const StatsTotals& totals);

// A zonestats group's counters, named "<group>.num.queries", ... as
// nsd-control prints them; rcodes only the values seen.
std::vector<StatLine> zone_stats_report(const std::string& group, const ZoneStatsTotals& totals);
std::string zone_stats_log_line(const std::string& group, const ZoneStatsTotals& totals);

}  // namespace lnsd
