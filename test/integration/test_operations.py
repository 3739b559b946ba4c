#!/usr/bin/python3
"""Operations of the real lnsd: per-zone statistics (`zonestats:`) and CPU
affinity (`cpu-affinity`, `server-N-cpu-affinity`, `xfrd-cpu-affinity`).

usage: test_operations.py path/to/lnsd"""

import os
import re
import time
import unittest

import dns.rcode

from lnsd_harness import Lnsd, unittest_argv


def zone(origin):
    return f"""$TTL 300
@    SOA ns1.{origin}. hostmaster.{origin}. 1 3600 600 86400 300
     NS  ns1.{origin}.
ns1  A   192.0.2.1
www  A   192.0.2.10
"""


def statistics(lnsd):
    """The counters of the last statistics line in the log."""
    lines = [line for line in lnsd.log().splitlines() if "statistics: " in line]
    if not lines:
        return None
    return dict(pair.split("=", 1) for pair in lines[-1].split("statistics: ", 1)[1].split())


def cpus_allowed(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("Cpus_allowed_list:"):
                return line.split(":", 1)[1].strip()
    return None


class ZoneStatistics(unittest.TestCase):
    def test_queries_are_counted_per_zonestats_group(self):
        # a.test and b.test share the group "shared"; c.test counts under
        # its own name ("%s"); d.test is in no group.
        zones = {name: zone(name) for name in ("a.test", "b.test", "c.test", "d.test")}
        lnsd = Lnsd(zones=zones, server_lines=["statistics: 1"], server_count=2,
                    zone_lines={"a.test": ["zonestats: shared"], "b.test": ["zonestats: shared"],
                                "c.test": ['zonestats: "%s"']})
        self.addCleanup(lnsd.close)
        lnsd.start()
        expected = {"a.test": (3, dns.rcode.NOERROR), "b.test": (2, dns.rcode.NXDOMAIN),
                    "c.test": (4, dns.rcode.NOERROR), "d.test": (5, dns.rcode.NOERROR)}
        for origin, (count, rcode) in expected.items():
            name = f"www.{origin}" if rcode == dns.rcode.NOERROR else f"nothing.{origin}"
            for i in range(count):
                r = lnsd.query(name, "A", tcp=(i == 0))
                self.assertEqual(r.rcode(), rcode, r)
        # A name in no zone is counted by no group.
        self.assertEqual(lnsd.query("www.elsewhere.example", "A").rcode(), dns.rcode.REFUSED)

        deadline = time.monotonic() + 10
        stats = None
        while time.monotonic() < deadline:
            stats = statistics(lnsd)
            if stats and stats.get("num.queries") == "15" and stats.get("c.test.num.queries") == "4":
                break
            time.sleep(0.2)
        self.assertIsNotNone(stats, lnsd.log())
        self.assertEqual(stats["num.queries"], "15", stats)
        self.assertEqual(stats["shared.num.queries"], "5", stats)
        self.assertEqual(stats["shared.num.rcode.NOERROR"], "3", stats)
        self.assertEqual(stats["shared.num.rcode.NXDOMAIN"], "2", stats)
        self.assertEqual(stats["shared.num.tcp"], "2", stats)
        self.assertEqual(stats["shared.num.udp"], "3", stats)
        self.assertEqual(stats["c.test.num.queries"], "4", stats)
        self.assertEqual(stats["c.test.num.tcp"], "1", stats)
        self.assertFalse(any(key.startswith("d.test.") for key in stats), stats)


class DatabaseDirectory(unittest.TestCase):
    def test_two_daemons_never_share_a_database_directory(self):
        first = Lnsd(zones={"example.com": zone("example.com")})
        self.addCleanup(first.close)
        first.start()
        second = Lnsd(zones={"example.net": zone("example.net")})
        self.addCleanup(second.close)
        with open(second.conf) as f:
            conf = f.read()
        with open(second.conf, "w") as f:
            f.write(conf.replace(f'xfrdir: "{second.dir}/xfr"', f'xfrdir: "{first.dir}/xfr"'))
        with self.assertRaises(AssertionError):
            second.start(timeout=5)
        self.assertEqual(second.proc.wait(5), 1)
        self.assertIn("is in use by another lnsd: give each its own xfrdir", second.log())
        # The first one never noticed.
        first.wait_answering("example.com")


@unittest.skipUnless(hasattr(os, "sched_getaffinity") and len(os.sched_getaffinity(0)) >= 2,
                     "needs two CPUs to tell a binding from none")
class CpuAffinity(unittest.TestCase):
    def test_servers_and_xfrd_run_on_their_configured_cpus(self):
        cpus = sorted(os.sched_getaffinity(0))[:2]
        lnsd = Lnsd(zones={"example.com": zone("example.com")}, server_count=2,
                    server_lines=[f"cpu-affinity: {cpus[0]} {cpus[1]}",
                                  f"server-1-cpu-affinity: {cpus[1]}",
                                  f"xfrd-cpu-affinity: {cpus[0]}"])
        self.addCleanup(lnsd.close)
        lnsd.start()
        children = dict((comm, pid) for pid, comm in lnsd.children())
        both = f"{cpus[0]}-{cpus[1]}" if cpus[1] == cpus[0] + 1 else f"{cpus[0]},{cpus[1]}"
        self.assertEqual(cpus_allowed(lnsd.proc.pid), both)
        self.assertEqual(cpus_allowed(children["lnsd-server-1"]), str(cpus[1]))
        # Server 2 has no server-2-cpu-affinity: the cpu-affinity set.
        self.assertEqual(cpus_allowed(children["lnsd-server-2"]), both)
        self.assertEqual(cpus_allowed(children["lnsd-xfrd"]), str(cpus[0]))
        lnsd.wait_answering("example.com")

    def test_a_cpu_that_does_not_exist_is_logged_and_lnsd_still_serves(self):
        lnsd = Lnsd(zones={"example.com": zone("example.com")}, server_lines=["server-1-cpu-affinity: 1000"])
        self.addCleanup(lnsd.close)
        lnsd.start()
        lnsd.wait_answering("example.com")
        self.assertTrue(lnsd.wait_log("cannot bind to cpu 1000"), lnsd.log())
        self.assertIsNotNone(re.search(r"server 1.*cannot bind to cpu 1000", lnsd.log()), lnsd.log())


if __name__ == "__main__":
    unittest.main(argv=unittest_argv())
