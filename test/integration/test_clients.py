#!/usr/bin/python3
"""lnsd as independent clients see it: dig (BIND) and kdig (Knot) over UDP
and TCP, on 127.0.0.1 and ::1, read its answers from the zones of a plain
nsd.conf, compiled at startup without any manual step. A zone that fails
to compile is answered SERVFAIL while the others serve, and a secondary
zone without data yet is not an error.

usage: test_clients.py path/to/lnsd"""

import re
import shutil
import subprocess
import unittest

import dns.rcode

from lnsd_harness import Lnsd, rrset_texts, unittest_argv

EXAMPLE = """$TTL 3600
@       SOA     ns1 hostmaster 2024010101 7200 3600 1209600 300
        NS      ns1
        NS      ns2
        MX      10 mail
ns1     A       192.0.2.1
ns2     AAAA    2001:db8::2
www     A       192.0.2.3
        AAAA    2001:db8::3
mail    A       192.0.2.4
*.wild  TXT     "wildcard"
sub     NS      ns.sub
ns.sub  A       192.0.2.53
"""

# Line 3, column 9: a record type that does not exist.
BROKEN = """$TTL 3600
@       SOA     ns1 hostmaster 1 7200 3600 1209600 300
www     BOGUS   192.0.2.9
"""

DIG_FLAGS = ["+norec", "+tries=1", "+time=3"]
KDIG_FLAGS = ["+norec", "+retry=0", "+timeout=3"]


class Clients(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lnsd = Lnsd(zones={"example.com": EXAMPLE, "broken.test": BROKEN, "secondary.test": None},
                        zone_lines={"secondary.test": ["request-xfr: 192.0.2.1 NOKEY"]})
        cls.lnsd.start()

    @classmethod
    def tearDownClass(cls):
        status = cls.lnsd.stop()
        log = cls.lnsd.log()
        cls.lnsd.close()
        assert status == 0, f"lnsd exited with status {status}\n{log}"

    def run_tool(self, tool, args):
        path = shutil.which(tool)
        if path is None:
            self.fail(f"{tool} is not installed (apt-get install "
                      f"{'bind9-dnsutils' if tool == 'dig' else 'knot-dnsutils'})")
        out = subprocess.run([path, *args], capture_output=True, text=True, timeout=20)
        return out.stdout + out.stderr

    def ask(self, tool, server, name, rdtype, tcp):
        flags = DIG_FLAGS if tool == "dig" else KDIG_FLAGS
        args = [f"@{server}", "-p", str(self.lnsd.port), name, rdtype, *flags]
        if tcp:
            args.append("+tcp")
        return self.run_tool(tool, args)

    def test_dig_and_kdig_read_answers_over_udp_and_tcp_on_ipv4_and_ipv6(self):
        for tool in ("dig", "kdig"):
            for server in ("127.0.0.1", "::1"):
                for tcp in (False, True):
                    with self.subTest(tool=tool, server=server, tcp=tcp):
                        out = self.ask(tool, server, "www.example.com", "A", tcp)
                        self.assertRegex(out, r"status: NOERROR")
                        self.assertRegex(out, r"(?i)flags: qr aa[ ;]")
                        self.assertRegex(out, r"www\.example\.com\.\s+3600\s+IN\s+A\s+192\.0\.2\.3")
                        self.assertIn("TCP" if tcp else "UDP", out)

    def test_dig_sees_nxdomain_with_the_soa(self):
        out = self.ask("dig", "::1", "nothere.example.com", "A", False)
        self.assertIn("status: NXDOMAIN", out)
        self.assertRegex(out, r"example\.com\.\s+300\s+IN\s+SOA\s+ns1\.example\.com\. "
                              r"hostmaster\.example\.com\. 2024010101")

    def test_kdig_sees_a_referral_with_glue(self):
        out = self.ask("kdig", "127.0.0.1", "host.sub.example.com", "A", True)
        self.assertIn("status: NOERROR", out)
        self.assertNotRegex(out, r"(?i)flags: qr aa")
        self.assertRegex(out, r"sub\.example\.com\.\s+3600\s+IN\s+NS\s+ns\.sub\.example\.com\.")
        self.assertRegex(out, r"ns\.sub\.example\.com\.\s+3600\s+IN\s+A\s+192\.0\.2\.53")

    def test_wildcard_answers_for_any_name_below(self):
        r = self.lnsd.query("anything.wild.example.com", "TXT")
        self.assertEqual(r.rcode(), dns.rcode.NOERROR)
        self.assertEqual(rrset_texts(r, rdtype="TXT"), ['"wildcard"'])

    def test_a_zone_that_fails_to_compile_is_servfail_and_logged_with_its_position(self):
        for tcp in (False, True):
            self.assertEqual(self.lnsd.query("www.broken.test", "A", tcp=tcp).rcode(), dns.rcode.SERVFAIL)
        out = self.ask("dig", "127.0.0.1", "broken.test", "SOA", False)
        self.assertIn("status: SERVFAIL", out)
        log = self.lnsd.log()
        self.assertRegex(log, r"error: zone broken\.test\.: \S*broken\.test\.zone:3:9: ")
        self.assertRegex(log, r"zone broken\.test\.: .*not served \(SERVFAIL\)")
        # The other zones serve all the same.
        self.assertEqual(self.lnsd.query("www.example.com", "A").rcode(), dns.rcode.NOERROR)

    def test_a_secondary_without_data_yet_is_servfail_and_not_an_error(self):
        self.assertEqual(self.lnsd.query("secondary.test", "SOA").rcode(), dns.rcode.SERVFAIL)
        log = self.lnsd.log()
        self.assertIn("zone secondary.test.: no zone file yet", log)
        self.assertNotRegex(log, r"(error|warning): zone secondary\.test")

    def test_names_outside_every_zone_are_refused(self):
        out = self.ask("kdig", "::1", "www.example.org", "A", False)
        self.assertIn("status: REFUSED", out)

    def test_the_databases_are_kept_in_the_database_directory(self):
        log = self.lnsd.log()
        self.assertIn(f"databases in {self.lnsd.database_dir}", log)
        self.assertTrue(re.search(r"zone example\.com\.: compiled \(\d+ records, serial 2024010101\)", log), log)


if __name__ == "__main__":
    unittest.main(argv=unittest_argv())
