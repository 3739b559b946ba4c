#!/usr/bin/python3
"""Writes the seed corpora of the fuzz targets (test/fuzz/seeds/<target>).

  message    DNS messages made by dnspython: queries with the EDNS options
             lnsd acts on, a NOTIFY, an UPDATE, a TSIG-signed query, and
             responses holding every rdata example of the unit tests.
  rdata_text two octets of type number, then presentation rdata (the
             examples of test/lib/dns).
  zonefile   the zone files of the repository.
  conf       the configurations of the repository.
  zonedb     databases compiled from small zones with lnsd-zonec.

Usage: /usr/bin/python3 test/fuzz/gen_seeds.py [path/to/lnsd-zonec]
Without lnsd-zonec the zonedb seeds are left as they are.
"""
import hashlib
import os
import pathlib
import shutil
import struct
import subprocess
import sys
import tempfile
import time

import dns.edns
import dns.entropy
import dns.message
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import dns.tsigkeyring
import dns.update

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEEDS = ROOT / "test" / "fuzz" / "seeds"
ORIGIN = dns.name.from_text("example.com.")

# The same seeds on every run: fixed message ids and a fixed TSIG time.
dns.entropy.random_16 = lambda: 0x1234
time.time = lambda: 1700000000.0

sys.path.insert(0, str(ROOT / "test" / "lib" / "dns"))
from gen_special_vectors import CASES as SPECIAL_CASES  # noqa: E402


def rdata_examples():
    """(type, text) of rdata_examples.txt and the special codecs' cases."""
    examples = []
    for line in (ROOT / "test" / "lib" / "dns" / "rdata_examples.txt").read_text().splitlines():
        if not line or line[0] in "#=!":
            continue
        rdtype, _, text = line.partition(" ")
        examples.append((rdtype, text))
    examples += [(rdtype, text) for rdtype, text, _ in SPECIAL_CASES]
    return examples


def type_number(mnemonic):
    if mnemonic.startswith("TYPE"):
        return int(mnemonic[4:])
    return int(dns.rdatatype.from_text(mnemonic))


def write_seeds(target, seeds):
    """Replaces the corpus of `target` with `seeds`, named by content. Inputs
    kept by hand (regression-*: what a fuzzer once found) stay."""
    folder = SEEDS / target
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if not old.name.startswith("regression-"):
            old.unlink()
    for data in seeds:
        (folder / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)
    print(f"{target}: {len(seeds)} seeds")


def queries():
    out = []
    q = dns.message.make_query("example.com.", "A", use_edns=False)
    out.append(q.to_wire())
    q = dns.message.make_query("www.Example.COM.", "AAAA", want_dnssec=True, payload=1232)
    out.append(q.to_wire())
    nsid = dns.edns.GenericOption(dns.edns.NSID, b"")
    cookie = dns.edns.GenericOption(dns.edns.COOKIE, bytes(range(8)))
    full_cookie = dns.edns.GenericOption(dns.edns.COOKIE, bytes(range(24)))
    keepalive = dns.edns.GenericOption(11, b"")
    padding = dns.edns.GenericOption(12, bytes(16))
    ecs = dns.edns.ECSOption("192.0.2.0", 24)
    unknown = dns.edns.GenericOption(65001, b"abc")
    for options in ([nsid], [cookie], [full_cookie, nsid], [keepalive, padding], [ecs, unknown],
                    [nsid, cookie, keepalive, padding, ecs, unknown]):
        q = dns.message.make_query("example.com.", "SOA", use_edns=0, options=options)
        out.append(q.to_wire())
    q = dns.message.make_query("example.com.", "DNSKEY", use_edns=1, ednsflags=0x7FFF)
    out.append(q.to_wire())
    q = dns.message.make_query("example.com.", "AXFR")
    out.append(q.to_wire())
    q = dns.message.make_query("example.com.", "TXT", rdclass="CH")
    out.append(q.to_wire())

    notify = dns.message.make_query("example.com.", "SOA")
    notify.set_opcode(dns.opcode.NOTIFY)
    notify.flags |= dns.flags.AA
    notify.answer.append(dns.rrset.from_text(
        "example.com.", 3600, "IN", "SOA", "ns1.example.com. hostmaster.example.com. 5 1 2 3 4"))
    out.append(notify.to_wire())

    update = dns.update.UpdateMessage("example.com.")
    update.present("www", "A")
    update.delete("old", "AAAA")
    update.delete("gone")
    update.add("new", 300, "A", "192.0.2.7")
    update.add("new", 300, "MX", "10 mail")
    out.append(update.to_wire())

    keyring = dns.tsigkeyring.from_text({"key.example.": "c2VjcmV0c2VjcmV0c2VjcmV0"})
    q = dns.message.make_query("example.com.", "SOA", use_edns=0)
    q.use_tsig(keyring, keyname="key.example.")
    out.append(q.to_wire())
    return out


def responses(examples):
    """Responses of up to eight records each, in all three sections."""
    rrsets = []
    for i, (rdtype, text) in enumerate(examples):
        try:
            rd = dns.rdata.from_text("IN", type_number(rdtype), text, origin=ORIGIN,
                                     relativize=False)
        except Exception:
            continue  # dnspython lacks the type or rejects the text
        owner = dns.name.from_text(f"r{i}", ORIGIN)
        rrset = dns.rrset.RRset(owner, dns.rdataclass.IN, rd.rdtype)
        rrset.add(rd, 3600)
        rrsets.append(rrset)
    out = []
    for start in range(0, len(rrsets), 8):
        q = dns.message.make_query("r.example.com.", "ANY", use_edns=0)
        r = dns.message.make_response(q)
        r.flags |= dns.flags.AA
        group = rrsets[start:start + 8]
        r.answer.extend(group[:4])
        r.authority.extend(group[4:6])
        r.additional.extend(group[6:])
        out.append(r.to_wire())
    nx = dns.message.make_response(dns.message.make_query("nx.example.com.", "A", use_edns=0))
    nx.set_rcode(dns.rcode.NXDOMAIN)
    nx.authority.append(dns.rrset.from_text(
        "example.com.", 300, "IN", "SOA", "ns1.example.com. hostmaster.example.com. 1 2 3 4 5"))
    out.append(nx.to_wire())
    bad = dns.message.make_response(dns.message.make_query("x.example.", "A", use_edns=0))
    bad.use_edns(0, options=[dns.edns.GenericOption(10, bytes(8))])
    bad.set_rcode(dns.rcode.BADVERS)
    out.append(bad.to_wire())
    return out


def rdata_text_seeds(examples):
    seeds = []
    for rdtype, text in examples:
        seeds.append(struct.pack("!H", type_number(rdtype)) + text.encode("latin-1"))
    seeds.append(struct.pack("!H", 1) + b"\\# 4 c0000201")
    seeds.append(struct.pack("!H", 4321) + b"\\# 0")
    return seeds


# Zone file features the repository's zones use little: directives,
# $GENERATE, generic types and rdata, escapes, parentheses, every rdata
# example of the unit tests.
EXTRA_ZONES = [
    """; origin: example.org.
$ORIGIN example.org.
$TTL 1h
@ IN SOA ( ns1 hostmaster
           2024010101 ; serial
           2h 1h 2w 5m )
  NS ns1
ns1 3600 IN A 192.0.2.1
$GENERATE 1-20/2 host$ A 192.0.2.$
$GENERATE 3-5 ${0,3,x}.gen CNAME host${1}.example.org.
$ORIGIN sub.example.org.
a\.b TXT "quoted \"text\"" unquoted \059semicolon
\@at TYPE65000 \# 3 010203
* MX 10 ns1.example.org.
loc TYPE29 \# 16 00030172 80000000 80000000 00989680
$TTL 30
rr CLASS1 TYPE1 \# 4 c0000201
""",
]


def rdata_zone(examples):
    """One record of every rdata example, in a zone of its own."""
    lines = ["$TTL 3600", "@ SOA ns hostmaster 1 2 3 4 5", "@ NS ns", "ns A 192.0.2.1"]
    lines += [f"r{i} {rdtype} {text}" for i, (rdtype, text) in enumerate(examples)
              if rdtype != "SOA"]  # one SOA, at the apex
    return "\n".join(lines) + "\n"


def zone_file_seeds():
    """The repository's zone files, each starting with the line "; origin:
    <name>" that fuzz_zonefile takes the origin from (the file's name
    without .zone or .unsigned; the broken examples are example.com)."""
    seeds = []
    named = sorted((ROOT / "etc" / "zones").glob("*.zone"))
    named += sorted((ROOT / "test" / "answer" / "zones").glob("*.unsigned"))
    named += sorted((ROOT / "test" / "answer" / "zones").glob("*.zone"))
    for path in named:
        text = path.read_bytes()
        if not text.startswith(b"; origin: "):
            text = b"; origin: " + path.stem.encode() + b".\n" + text
        seeds.append(text)
    seeds += [zone.encode() for zone in EXTRA_ZONES]
    seeds += files(sorted((ROOT / "test" / "zonec" / "data").glob("*.zone")))
    seeds += files(sorted((ROOT / "test" / "zonec" / "broken").glob("*.zone")))
    return seeds


def files(paths):
    return [p.read_bytes() for p in paths]


def zonedb_seeds(zonec):
    """Databases of a few small zones; the corpus starts from real files.
    The zone files are copied to a scratch directory and compiled there
    under their bare names, so that the source paths the databases record
    are the same on every run."""
    zones = [("example.com.", ROOT / "etc" / "zones" / "example.com.zone"),
             ("2.0.192.in-addr.arpa.", ROOT / "etc" / "zones" / "2.0.192.in-addr.arpa.zone"),
             ("nsec.test.", ROOT / "test" / "answer" / "zones" / "nsec.test.zone"),
             ("nsec3.test.", ROOT / "test" / "answer" / "zones" / "nsec3.test.zone")]
    zonec = os.path.abspath(zonec)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = pathlib.Path(tmp)
        (scratch / "tiny.zone").write_text(
            "$TTL 60\n@ SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n"
            "*.w MX 10 ns\nsub NS ns.sub\nns.sub AAAA ::1\n")
        names = ["tiny.zone"]
        for origin, path in zones:
            shutil.copy(path, scratch / path.name)
            names.append(path.name)
        origins = ["tiny."] + [origin for origin, _ in zones]
        out = scratch / "out"
        out.mkdir()
        for origin, name in zip(origins, names):
            run = subprocess.run([zonec, "--now", "1700000000", "--origin", origin,
                                  "--output", "out", name], cwd=scratch,
                                 capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(f"lnsd-zonec failed on {name}:\n{run.stderr}")
        return [p.read_bytes() for p in sorted(out.iterdir())]


def main():
    examples = rdata_examples()
    write_seeds("message", queries() + responses(examples))
    write_seeds("rdata_text", rdata_text_seeds(examples))
    write_seeds("zonefile", zone_file_seeds() + [rdata_zone(examples).encode()])
    confs = sorted((ROOT / "test" / "conf" / "data").glob("*.conf"))
    confs += sorted((ROOT / "test" / "conf" / "broken").glob("*.conf"))
    confs.append(ROOT / "etc" / "lnsd.conf.example")
    write_seeds("conf", files(confs))
    if len(sys.argv) > 1:
        write_seeds("zonedb", zonedb_seeds(sys.argv[1]))


if __name__ == "__main__":
    main()
