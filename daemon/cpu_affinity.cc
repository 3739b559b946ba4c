#include "cpu_affinity.hh"

#include <sched.h>

#include <cerrno>
#include <cstring>

namespace lnsd {

std::vector<unsigned> CpuAffinity::for_server(unsigned index) const {
  if (auto it = per_server.find(index + 1); it != per_server.end()) return {it->second};
  return all;
}

std::vector<unsigned> CpuAffinity::for_xfrd() const {
  if (xfrd) return {*xfrd};
  return all;
}

std::string cpu_list_text(std::span<const unsigned> cpus) {
  std::string text;
  for (unsigned cpu : cpus) {
    if (!text.empty()) text += ' ';
    text += std::to_string(cpu);
  }
  return text;
}

Expected<void, Error> bind_to_cpus(std::span<const unsigned> cpus) {
  if (cpus.empty()) return {};
  cpu_set_t set;
  CPU_ZERO(&set);
  for (unsigned cpu : cpus) {
    if (cpu >= CPU_SETSIZE) return unexpected(Error{"cpu " + std::to_string(cpu) + " is beyond what the kernel can bind"});
    CPU_SET(cpu, &set);
  }
  if (sched_setaffinity(0, sizeof(set), &set) != 0) {
    return unexpected(Error{"cannot bind to cpu " + cpu_list_text(cpus) + ": " + std::strerror(errno)});
  }
  return {};
}

}  // namespace lnsd
