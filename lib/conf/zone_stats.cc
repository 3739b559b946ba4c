#include "conf/zone_stats.hh"

#include <algorithm>

namespace lnsd::conf {

std::string zone_stats_group(const Zone& zone) {
  const std::string& group = zone.settings.zonestats.value;
  if (group != "%s") return group;
  std::string name = zone.dname.to_text();
  if (name.size() > 1 && name.back() == '.') name.pop_back();
  return name;
}

std::vector<std::string> zone_stats_groups(const Config& config) {
  std::vector<std::string> groups;
  for (const auto& zone : config.zones) {
    std::string group = zone_stats_group(zone);
    if (!group.empty()) groups.push_back(std::move(group));
  }
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  return groups;
}

}  // namespace lnsd::conf
