#include "stats_report.hh"

#include "dns/rrtype.hh"

namespace lnsd {
namespace {

std::string opcode_name(size_t opcode) {
  switch (opcode) {
    case 0: return "QUERY";
    case 1: return "IQUERY";
    case 2: return "STATUS";
    case 4: return "NOTIFY";
    case 5: return "UPDATE";
    default: return "OPCODE" + std::to_string(opcode);
  }
}

std::string rcode_name(size_t rcode) {
  static const char* const names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
                                      "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE"};
  if (rcode < std::size(names)) return names[rcode];
  return "RCODE" + std::to_string(rcode);
}

}  // namespace

std::vector<StatLine> stats_report(const StatsTotals& totals) {
  std::vector<StatLine> lines;
  lines.push_back({"num.queries", totals.queries});
  for (size_t type = 0; type < 256; ++type) {
    if (totals.qtype[type] != 0) lines.push_back({"num.type." + type_to_text(RRType(type)), totals.qtype[type]});
  }
  if (totals.qtype_high != 0) lines.push_back({"num.type.other", totals.qtype_high});
  for (size_t opcode = 0; opcode < 16; ++opcode) {
    if (totals.opcode[opcode] != 0) lines.push_back({"num.opcode." + opcode_name(opcode), totals.opcode[opcode]});
  }
  for (size_t rcode = 0; rcode < 16; ++rcode) {
    if (totals.rcode[rcode] != 0) lines.push_back({"num.rcode." + rcode_name(rcode), totals.rcode[rcode]});
  }
  lines.push_back({"num.udp", totals.udp4});
  lines.push_back({"num.udp6", totals.udp6});
  lines.push_back({"num.tcp", totals.tcp4});
  lines.push_back({"num.tcp6", totals.tcp6});
  lines.push_back({"num.truncated", totals.truncated});
  lines.push_back({"num.dropped", totals.dropped});
  lines.push_back({"num.txerr", totals.send_failed});
  lines.push_back({"num.malformed", totals.malformed});
  lines.push_back({"num.tcp.accepted", totals.tcp_accepted});
  lines.push_back({"num.tcp.timeout", totals.tcp_closed_idle});
  lines.push_back({"num.tcp.evicted", totals.tcp_evicted});
  lines.push_back({"num.tcp.refused", totals.tcp_refused});
  lines.push_back({"num.reloads", totals.reloads});
  return lines;
}

std::vector<StatLine> zone_stats_report(const std::string& group, const ZoneStatsTotals& totals) {
  const std::string prefix = group + ".";
  std::vector<StatLine> lines;
  lines.push_back({prefix + "num.queries", totals.queries});
  for (size_t rcode = 0; rcode < 16; ++rcode) {
    if (totals.rcode[rcode] != 0) lines.push_back({prefix + "num.rcode." + rcode_name(rcode), totals.rcode[rcode]});
  }
  lines.push_back({prefix + "num.udp", totals.udp4});
  lines.push_back({prefix + "num.udp6", totals.udp6});
  lines.push_back({prefix + "num.tcp", totals.tcp4});
  lines.push_back({prefix + "num.tcp6", totals.tcp6});
  lines.push_back({prefix + "num.truncated", totals.truncated});
  lines.push_back({prefix + "num.dropped", totals.dropped});
  return lines;
}

namespace {

std::string log_line(const std::vector<StatLine>& stats) {
  std::string line;
  for (const auto& stat : stats) {
    if (!line.empty()) line += ' ';
    line += stat.name;
    line += '=';
    line += std::to_string(stat.value);
  }
  return line;
}

}  // namespace

std::string stats_log_line(const StatsTotals& totals) { return log_line(stats_report(totals)); }

std::string zone_stats_log_line(const std::string& group, const ZoneStatsTotals& totals) {
  return log_line(zone_stats_report(group, totals));
}

}  // namespace lnsd
