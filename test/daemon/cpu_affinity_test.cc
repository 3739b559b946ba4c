// CPU affinity (daemon/cpu_affinity.hh): which CPUs each process is bound
// to, as NSD reads cpu-affinity, server-N-cpu-affinity and xfrd-cpu-affinity.
#include <catch2/catch.hpp>

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon/cpu_affinity.hh"

using namespace lnsd;

TEST_CASE("servers without their own CPU, and xfrd, run on the cpu-affinity set", "[cpu_affinity]") {
  CpuAffinity affinity;
  CHECK(affinity.empty());
  CHECK(affinity.for_server(0).empty());
  CHECK(affinity.for_xfrd().empty());
  affinity.all = {0, 1, 2};
  affinity.per_server[2] = 1;  // server-2-cpu-affinity: servers are numbered from 1
  affinity.xfrd = 2;
  CHECK_FALSE(affinity.empty());
  CHECK(affinity.for_server(0) == std::vector<unsigned>{0, 1, 2});
  CHECK(affinity.for_server(1) == std::vector<unsigned>{1});
  CHECK(affinity.for_xfrd() == std::vector<unsigned>{2});
  CHECK(affinity.for_main() == std::vector<unsigned>{0, 1, 2});
  CHECK(cpu_list_text(affinity.for_main()) == "0 1 2");
}

TEST_CASE("binding a process to a CPU", "[cpu_affinity]") {
  cpu_set_t now;
  REQUIRE(sched_getaffinity(0, sizeof(now), &now) == 0);
  int first = -1;
  for (int cpu = 0; cpu < CPU_SETSIZE && first < 0; ++cpu) {
    if (CPU_ISSET(cpu, &now)) first = cpu;
  }
  REQUIRE(first >= 0);
  CHECK(bind_to_cpus({}).has_value());  // nothing to do

  // In a child, so that the test process keeps its CPUs.
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const unsigned cpus[] = {unsigned(first)};
    if (!bind_to_cpus(cpus)) _exit(2);
    cpu_set_t bound;
    if (sched_getaffinity(0, sizeof(bound), &bound) != 0) _exit(3);
    _exit(CPU_COUNT(&bound) == 1 && CPU_ISSET(first, &bound) ? 0 : 4);
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);

  const unsigned beyond[] = {unsigned(CPU_SETSIZE)};
  auto refused = bind_to_cpus(beyond);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("cpu " + std::to_string(CPU_SETSIZE)) != std::string::npos);
}
