// zonestats groups (nsd.conf `zonestats:`): zones that name the same group
// share one set of counters. "%s" stands for the zone's own name, as in NSD,
// so `zonestats: "%s"` counts every zone apart.
#pragma once

#include <string>
#include <vector>

#include "conf/config.hh"

namespace lnsd::conf {

// The group of `zone`, "" for none. A zone name loses its trailing dot:
// the group is the prefix of statistics names ("example.com.num.queries").
std::string zone_stats_group(const Zone& zone);

// Every group some zone names, sorted and distinct: a group's index is its
// place here, the same in main and in every server.
std::vector<std::string> zone_stats_groups(const Config& config);

}  // namespace lnsd::conf
