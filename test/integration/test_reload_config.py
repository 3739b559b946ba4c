#!/usr/bin/python3
"""reload-config: yes makes SIGHUP read lnsd.conf again (NSD's reconfig),
in the real lnsd with two server processes.

A configuration with errors changes nothing: every error is logged as
file:line: message, every zone keeps answering as before, and the zone
files are still reloaded under the running configuration. A valid one
applies at once, in the servers already running: a zone added answers, a
zone removed is REFUSED, a zone's new allow-query refuses, and
minimal-responses and nsid show on the wire; options that need a restart
are logged as such and keep their running value, and so are features
newly configured that lnsd does not perform yet. Without reload-config,
SIGHUP reloads the zone files only.

usage: test_reload_config.py path/to/lnsd"""

import unittest

import dns.edns
import dns.flags
import dns.message
import dns.query
import dns.rcode

from lnsd_harness import Lnsd, rrset_texts, unittest_argv

NSID = 3  # the EDNS option code (RFC 5001 §2.3)


def zone(origin, serial):
    return f"""$TTL 300
@    SOA ns1.{origin}. hostmaster.{origin}. {serial} 3600 600 86400 300
     NS  ns1.{origin}.
ns1  A   192.0.2.1
www  A   192.0.2.{serial}
"""


class ReloadConfig(unittest.TestCase):
    def start(self, reload_config, zones):
        server_lines = ["reload-config: yes"] if reload_config else []
        lnsd = Lnsd(zones={name: zone(name, 1) for name in zones}, server_lines=server_lines, server_count=2)
        self.addCleanup(lnsd.close)
        lnsd.start()
        with open(lnsd.conf) as f:
            # The server: clause the harness wrote, ours to extend.
            self.server_clause = f.read().split("zone:")[0].rstrip("\n").split("\n")
        return lnsd

    def write_conf(self, lnsd, server_lines=(), zones=()):
        """lnsd.conf with the starting server: clause plus `server_lines`,
        then `zones` as (name, [option lines]); the line numbers of every
        line, by its text."""
        lines = self.server_clause + ["  " + line for line in server_lines]
        for name, options in zones:
            lines += ["zone:", f"  name: {name}", f'  zonefile: "{name}.zone"'] + ["  " + o for o in options]
        with open(lnsd.conf, "w") as f:
            f.write("\n".join(lines) + "\n")
        return {text.strip(): number for number, text in enumerate(lines, 1)}

    def ask(self, lnsd, name, rdtype="A", nsid=False, family=4):
        options = [dns.edns.GenericOption(NSID, b"")] if nsid else []
        q = dns.message.make_query(name, rdtype, use_edns=0, options=options)
        q.flags &= ~dns.flags.RD
        return dns.query.udp(q, lnsd.address(family), port=lnsd.port, timeout=2.0)

    def answers(self, lnsd, name, address):
        """Both families, several times each, so that both servers answer
        (they share the sockets)."""
        for family in (4, 6):
            for _ in range(4):
                r = self.ask(lnsd, f"www.{name}", family=family)
                self.assertEqual(r.rcode(), dns.rcode.NOERROR, f"www.{name}\n{lnsd.log()[-3000:]}")
                self.assertEqual(rrset_texts(r), [address])

    def refused(self, lnsd, name):
        for family in (4, 6):
            for _ in range(4):
                r = self.ask(lnsd, f"www.{name}", family=family)
                self.assertEqual(r.rcode(), dns.rcode.REFUSED, f"www.{name}")

    def nsid_of(self, response):
        for option in response.options:
            if option.otype == NSID:
                return option.data
        return None

    def test_reload_config_applies_a_valid_file_and_keeps_the_running_one_on_errors(self):
        lnsd = self.start(True, ["kept.example", "gone.example", "acl.example"])
        lnsd.write_zone("added.example", zone("added.example", 5))
        servers = lnsd.server_pids()
        self.answers(lnsd, "kept.example", "192.0.2.1")
        self.answers(lnsd, "gone.example", "192.0.2.1")
        self.refused(lnsd, "added.example")
        self.assertTrue(self.ask(lnsd, "www.kept.example").authority, "answers start with the NS in authority")

        # Errors: a bad value, an unknown option, a reference to an
        # undefined key; meanwhile a zone file changed.
        lines = self.write_conf(lnsd, ["minimal-responses: perhaps", "no-such-option: 1"], [
            ("kept.example", []),
            ("added.example", ["allow-query: 127.0.0.1 undefined-key"]),
        ])
        lnsd.write_zone("kept.example", zone("kept.example", 2))
        lnsd.reload()
        log = lnsd.log()
        for text in ("minimal-responses: perhaps", "no-such-option: 1", "allow-query: 127.0.0.1 undefined-key"):
            self.assertIn(f"{lnsd.conf}:{lines[text]}:", log, f"the error on '{text}' with its file:line")
        self.assertIn("the running configuration stays", log)
        self.answers(lnsd, "kept.example", "192.0.2.2")  # the zone file reload still happened
        self.answers(lnsd, "gone.example", "192.0.2.1")
        self.answers(lnsd, "acl.example", "192.0.2.1")
        self.refused(lnsd, "added.example")
        self.assertIsNone(self.nsid_of(self.ask(lnsd, "www.kept.example", nsid=True)))

        # A valid file: one zone added, one removed, one with a new
        # allow-query, answer options on, and an option that needs a restart.
        self.write_conf(lnsd, ["minimal-responses: yes", "nsid: ascii_lnsd-test", "server-count: 3"], [
            ("kept.example", ["provide-xfr: 192.0.2.53 NOKEY"]),
            ("added.example", []),
            ("acl.example", ["allow-query: 192.0.2.0/24 NOKEY"]),
        ])
        lnsd.reload()
        self.answers(lnsd, "added.example", "192.0.2.5")
        self.answers(lnsd, "kept.example", "192.0.2.2")
        self.refused(lnsd, "gone.example")
        self.refused(lnsd, "acl.example")
        for family in (4, 6):
            for _ in range(4):
                r = self.ask(lnsd, "www.kept.example", nsid=True, family=family)
                self.assertEqual(self.nsid_of(r), b"lnsd-test")
                self.assertEqual(r.authority, [], "minimal-responses leaves out the NS")
        log = lnsd.log()
        self.assertIn("server-count changed: needs a restart to take effect", log)
        self.assertIn("reload: zone added.example. added", log)
        self.assertIn("reload: zone gone.example. removed", log)
        self.assertIn("(provide-xfr) is configured but not active yet", log, "a feature newly asked for is logged")
        self.assertEqual(lnsd.server_pids(), servers, "the running servers took the new configuration")
        self.assertEqual(len(lnsd.server_pids()), 2, "server-count keeps its running value")

    def test_without_reload_config_sighup_reloads_zone_files_only(self):
        lnsd = self.start(False, ["kept.example", "gone.example"])
        lnsd.write_zone("added.example", zone("added.example", 5))
        self.write_conf(lnsd, ["minimal-responses: yes", "nsid: ascii_lnsd-test"], [
            ("kept.example", []),
            ("added.example", []),
        ])
        lnsd.write_zone("kept.example", zone("kept.example", 2))
        lnsd.reload()
        self.answers(lnsd, "kept.example", "192.0.2.2")
        self.answers(lnsd, "gone.example", "192.0.2.1")
        self.refused(lnsd, "added.example")
        r = self.ask(lnsd, "www.kept.example", nsid=True)
        self.assertIsNone(self.nsid_of(r))
        self.assertTrue(r.authority, "minimal-responses stays off")
        self.assertNotIn("reload: configuration", lnsd.log())


if __name__ == "__main__":
    unittest.main(argv=unittest_argv())
