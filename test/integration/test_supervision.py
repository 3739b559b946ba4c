#!/usr/bin/python3
"""A server process of the real lnsd killed with SIGKILL is replaced within
a second, the event is logged, and the replacement answers from the zones
being served now (those of the latest reload, not those lnsd started
with).

usage: test_supervision.py path/to/lnsd"""

import os
import signal
import time
import unittest

import dns.rcode

from lnsd_harness import Lnsd, rrset_texts, unittest_argv


def zone(serial, address):
    return f"""$TTL 300
@    SOA ns1 hostmaster {serial} 3600 600 86400 300
     NS  ns1
ns1  A   192.0.2.1
www  A   {address}
"""


class Supervision(unittest.TestCase):
    def start(self, server_count):
        lnsd = Lnsd(zones={"example.com": zone(1, "192.0.2.10")}, server_count=server_count)
        self.addCleanup(lnsd.close)
        lnsd.start()
        return lnsd

    def wait_replacement(self, lnsd, old_pid, name, timeout):
        """The pid of the new process called `name`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for pid, comm in lnsd.children():
                if comm == name and pid != old_pid:
                    return pid
            time.sleep(0.005)
        self.fail(f"{name} not replaced within {timeout} s\n{lnsd.log()}")

    def answer_within(self, lnsd, name, deadline):
        while time.monotonic() < deadline:
            try:
                r = lnsd.query(name, "A", timeout=0.1)
                if r.rcode() == dns.rcode.NOERROR:
                    return rrset_texts(r)
            except Exception:  # noqa: BLE001 - a timeout, the server being replaced
                pass
        self.fail(f"no answer for {name} in time\n{lnsd.log()}")

    def server(self, lnsd, name):
        pids = [pid for pid, comm in lnsd.children() if comm == name]
        self.assertEqual(len(pids), 1, lnsd.children())
        return pids[0]

    def test_a_killed_server_is_replaced_within_a_second_and_answers(self):
        lnsd = self.start(1)
        old = self.server(lnsd, "lnsd-server-1")
        killed = time.monotonic()
        os.kill(old, signal.SIGKILL)
        new = self.wait_replacement(lnsd, old, "lnsd-server-1", 1.0)
        # With one server, the answer can only come from the replacement.
        self.assertEqual(self.answer_within(lnsd, "www.example.com", killed + 1.0), ["192.0.2.10"])
        print(f"\n  replaced (pid {old} -> {new}) and answering after {1000 * (time.monotonic() - killed):.0f} ms",
              flush=True)
        self.assertTrue(lnsd.wait_log(f"server 1 (pid {old}) was killed by signal 9"), lnsd.log())

    def test_a_server_killed_again_at_once_is_still_replaced(self):
        lnsd = self.start(1)
        for _ in range(2):
            old = self.server(lnsd, "lnsd-server-1")
            killed = time.monotonic()
            os.kill(old, signal.SIGKILL)
            # A second death within a second waits for that second to pass.
            self.wait_replacement(lnsd, old, "lnsd-server-1", 2.0)
            self.assertEqual(self.answer_within(lnsd, "www.example.com", killed + 2.0), ["192.0.2.10"])

    def test_the_replacement_serves_the_zones_of_the_latest_reload(self):
        lnsd = self.start(2)
        lnsd.write_zone("example.com", zone(2, "192.0.2.20"))
        lnsd.reload()
        self.assertTrue(lnsd.wait_log("reload done: every server serves zone generation 2"), lnsd.log())
        for name in ("lnsd-server-1", "lnsd-server-2"):
            old = self.server(lnsd, name)
            os.kill(old, signal.SIGKILL)
            self.wait_replacement(lnsd, old, name, 1.0)
            time.sleep(0.05)
            # Whichever server answers, each answer is the reloaded data.
            for _ in range(20):
                self.assertEqual(rrset_texts(lnsd.query("www.example.com", "A")), ["192.0.2.20"])
        self.assertEqual(lnsd.stop(), 0)


if __name__ == "__main__":
    unittest.main(argv=unittest_argv())
