#!/usr/bin/python3
"""Reloads of the real lnsd (SIGHUP) under continuous load.

Every response is checked against both versions of the zone: it must be,
as a whole, exactly the old version's answer or exactly the new one's (the
SOA serial, the addresses of the name servers in the additional section
and the records asked for all tell the version, and all must agree).
Answers received before the SIGHUP are old; queries sent after every
server has switched get new answers; no query is lost. A zone file that
no longer compiles leaves the old version serving. Whether a file changed
is decided by its content, not its mtime.

usage: test_reload.py path/to/lnsd"""

import os
import time
import unittest

import dns.rcode

from lnsd_harness import Lnsd, rrset_texts, unittest_argv
from load_client import LoadClient

NAMES = 200
MIN_RATE = 2000  # queries per second the load must reach


def zone_text(version):
    """Version 1 or 2 of example.com: every name's data tells its version;
    old<i> exist only in version 1, new<i> only in version 2."""
    v = version
    lines = [
        "$TTL 300",
        f"@ SOA ns1 hostmaster {v} 3600 600 86400 300",
        "@ NS ns1",
        "@ NS ns2",
        f"ns1 A 192.0.2.{v}",
        f"ns2 A 198.51.100.{v}",
    ]
    for i in range(NAMES):
        lines.append(f"n{i} A 10.{v}.{i // 256}.{i % 256}")
        lines.append(f"n{i} A 10.{100 + v}.{i // 256}.{i % 256}")
        lines.append(f'n{i} TXT "v{v}" "n{i}"')
        lines.append(f'n{i} TXT "v{v}-second"')
    only = "old" if v == 1 else "new"
    for i in range(NAMES // 4):
        lines.append(f'{only}{i} TXT "v{v}"')
    return "\n".join(lines) + "\n"


def query_keys():
    keys = []
    for i in range(0, NAMES, 3):
        keys += [(f"n{i}.example.com", "A"), (f"n{i}.example.com", "TXT")]
    for i in range(0, NAMES // 4, 2):
        keys += [(f"old{i}.example.com", "TXT"), (f"new{i}.example.com", "TXT")]
    keys.append(("example.com", "SOA"))
    return keys


def expected(key, version):
    """(rcode, sorted answer texts) of `key` in `version`."""
    name, rdtype = key
    label = name.split(".")[0]
    v = version
    if label.startswith("n") and label[1:].isdigit():
        i = int(label[1:])
        if rdtype == "A":
            return dns.rcode.NOERROR, sorted([f"10.{v}.{i // 256}.{i % 256}", f"10.{100 + v}.{i // 256}.{i % 256}"])
        return dns.rcode.NOERROR, sorted([f'"v{v}" "{label}"', f'"v{v}-second"'])
    if label.startswith("old") or label.startswith("new"):
        present = (label.startswith("old") and v == 1) or (label.startswith("new") and v == 2)
        return (dns.rcode.NOERROR, [f'"v{v}"']) if present else (dns.rcode.NXDOMAIN, [])
    if label == "example":
        return dns.rcode.NOERROR, [f"ns1.example.com. hostmaster.example.com. {v} 3600 600 86400 300"]
    raise ValueError(key)


def version_of(key, r):
    """The one version the whole response `r` to `key` belongs to, or None
    when it is of neither or mixes the two."""
    got = (r.rcode(), sorted(rrset_texts(r)))
    candidates = {v for v in (1, 2) if expected(key, v) == got}
    # The other sections tell the version too.
    for soa in rrset_texts(r, "authority", "SOA") + rrset_texts(r, "answer", "SOA"):
        candidates &= {int(soa.split()[2])}
    for address in rrset_texts(r, "additional", "A"):
        candidates &= {int(address.rsplit(".", 1)[1])}
    return candidates.pop() if len(candidates) == 1 else None


class ReloadUnderLoad(unittest.TestCase):
    def setUp(self):
        self.lnsd = Lnsd(zones={"example.com": zone_text(1)}, server_count=2)
        self.addCleanup(self.lnsd.close)
        self.lnsd.start()
        self.load = LoadClient(self.lnsd.port, query_keys())
        self.known = {}  # id of a parsed response -> its version

    def run_load(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(0.05)
            self.assertIsNone(self.lnsd.proc.poll(), "lnsd exited under load")

    def finish(self):
        self.load.stop()
        wrong = [(a.key, a.response.to_text()) for a in self.load.answers if self.version(a) is None]
        self.assertEqual(self.load.lost, [], "queries lost")
        self.assertEqual(self.load.errors, [], "responses that do not parse")
        self.assertEqual(self.load.unmatched, 0, "responses to no query in flight")
        self.assertEqual(wrong[:3], [], f"{len(wrong)} wrong answers")
        rate = self.load.rate()
        print(f"\n  {len(self.load.answers)} answers at {rate:.0f} q/s, 0 lost, 0 wrong", flush=True)
        self.assertGreaterEqual(rate, MIN_RATE, "the load client fell short of its rate")

    def version(self, answer):
        # Responses equal but for their ID share one parsed message.
        r = answer.response
        if id(r) not in self.known:
            self.known[id(r)] = version_of(answer.key, r)
        return self.known[id(r)]

    def versions(self, predicate):
        return {self.version(a) for a in self.load.answers if predicate(a)}

    def test_every_answer_is_wholly_old_or_wholly_new_and_new_once_the_reload_is_done(self):
        self.load.start()
        self.run_load(1.0)
        self.lnsd.write_zone("example.com", zone_text(2))
        hangup = time.monotonic()
        self.lnsd.proc.send_signal(1)  # SIGHUP
        self.assertTrue(self.lnsd.wait_log("reload done: every server serves zone generation 2"), self.lnsd.log())
        done = time.monotonic()
        self.run_load(1.5)
        self.finish()
        self.assertEqual(self.versions(lambda a: a.received < hangup), {1})
        self.assertEqual(self.versions(lambda a: a.sent > done), {2})
        switched = min(a.received for a in self.load.answers if self.version(a) == 2)
        print(f"  first new answer {1000 * (switched - hangup):.0f} ms after SIGHUP; "
              f"reload seen done after {1000 * (done - hangup):.0f} ms", flush=True)

    def test_a_zone_file_that_fails_to_compile_leaves_the_old_version_serving(self):
        self.load.start()
        self.run_load(0.5)
        broken = zone_text(2).replace("n7 A 10.2.0.7", "n7 A 10.2.0.777")
        self.lnsd.write_zone("example.com", broken)
        hangup = time.monotonic()
        self.lnsd.reload()
        self.assertRegex(self.lnsd.log(), r"error: zone example\.com\.: \S*example\.com\.zone:\d+:\d+: ")
        self.assertIn("the previous version keeps serving", self.lnsd.log())
        self.run_load(1.0)
        # Repaired, the zone reloads.
        self.lnsd.write_zone("example.com", zone_text(2))
        repaired = time.monotonic()
        self.lnsd.proc.send_signal(1)
        self.assertTrue(self.lnsd.wait_log("reload done: every server serves zone generation 2"), self.lnsd.log())
        done = time.monotonic()
        self.run_load(0.5)
        self.finish()
        self.assertEqual(self.versions(lambda a: a.received < repaired), {1})
        self.assertEqual(self.versions(lambda a: a.sent > done), {2})
        self.assertGreater(len([a for a in self.load.answers if hangup < a.sent < repaired]), 1000)


class ChangeDetection(unittest.TestCase):
    def setUp(self):
        self.lnsd = Lnsd(zones={"example.com": zone_text(1)})
        self.addCleanup(self.lnsd.close)
        self.lnsd.start()

    def serial(self):
        return int(rrset_texts(self.lnsd.query("example.com", "SOA"))[0].split()[2])

    def test_a_file_touched_but_unchanged_is_not_compiled_again(self):
        os.utime(self.lnsd.zone_path("example.com"))
        self.lnsd.reload()
        self.assertIn("reload: no zone changed", self.lnsd.log())
        self.assertNotIn("publishing zone generation 2", self.lnsd.log())

    def test_a_change_that_keeps_size_and_mtime_is_seen(self):
        path = self.lnsd.zone_path("example.com")
        before = os.stat(path)
        text = zone_text(1).replace("SOA ns1 hostmaster 1 ", "SOA ns1 hostmaster 3 ")
        self.assertEqual(len(text), before.st_size)
        self.lnsd.write_zone("example.com", text)
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        self.lnsd.reload()
        self.assertTrue(self.lnsd.wait_log("reload done: every server serves zone generation 2"), self.lnsd.log())
        self.assertEqual(self.serial(), 3)

    def test_a_restart_serves_the_database_again_without_compiling(self):
        self.lnsd.stop()
        self.lnsd.start()
        self.assertEqual(self.serial(), 1)
        self.assertEqual(self.lnsd.log().count("zone example.com.: compiled"), 1)
        self.assertIn("zone example.com.: serial 1 from", self.lnsd.log())

    def test_a_restart_compiles_a_zone_file_changed_while_lnsd_was_down(self):
        self.lnsd.stop()
        self.lnsd.write_zone("example.com", zone_text(2))
        self.lnsd.start()
        self.assertEqual(self.serial(), 2)
        self.assertEqual(self.lnsd.log().count("zone example.com.: compiled"), 2)
        self.assertIn("(the zone file changed)", self.lnsd.log())

    def test_a_restart_with_a_broken_zone_file_answers_servfail_not_the_old_database(self):
        self.lnsd.stop()
        self.lnsd.write_zone("example.com", "this is not a zone file\n")
        self.lnsd.start()
        self.assertEqual(self.lnsd.query("example.com", "SOA").rcode(), dns.rcode.SERVFAIL)
        self.assertFalse(os.path.exists(os.path.join(self.lnsd.database_dir, "example.com.zdb")))


if __name__ == "__main__":
    unittest.main(argv=unittest_argv())
