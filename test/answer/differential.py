#!/usr/bin/python3
"""Differential test of the answer path: NSD and lnsd serve the same zones
from the same configuration text; every query of the corpus goes to both
over UDP and TCP, and the responses must match.

Responses are normalised only in the message ID and in the order of records
within an RRset. Every other difference fails the test unless it stands on
ALLOWED below, which names the RFC section that permits it.

Usage: differential.py --lnsd PATH [--nsd PATH] [--keep] [--verbose]
"""

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import dns.edns
import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.zone

HERE = os.path.dirname(os.path.abspath(__file__))
ZONES_DIR = os.path.join(HERE, "zones")

# (zone name, file) pairs served by both servers.
ZONES = [
    ("diff.test", "diff.test.zone"),
    ("child.diff.test", "child.diff.test.zone"),
    ("nsec.test", "nsec.test.zone"),
    ("nsec3.test", "nsec3.test.zone"),
    ("nsec3o.test", "nsec3o.test.zone"),
]

def _same_except_answer(a, b):
    """Both parsed, equal in everything but the answer section."""
    if len(a) != 5 or len(b) != 5:
        return False
    return a[:4] == b[:4] and a[4][1:] == b[4][1:]


def _chaos_version(q, a, b):
    """Each server reports its own name and version."""
    if q.raw is not None or q.qclass != "CH" or q.qtype != "TXT":
        return False
    if q.qname.lower() not in ("version.bind.", "version.server."):
        return False
    if not _same_except_answer(a, b):
        return False
    ans_a, ans_b = a[4][0], b[4][0]
    return (len(ans_a) == len(ans_b) == 1 and ans_a[0][:5] == ans_b[0][:5]
            and len(ans_a[0][5]) == len(ans_b[0][5]) == 1)


def _any_one_rrset(q, a, b):
    """ANY answered with one RRset of the name, chosen differently: NSD picks
    by the order of the zone file, which a compiled database does not keep."""
    if q.raw is not None or q.qtype != "ANY" or not _same_except_answer(a, b):
        return False
    ans_a, ans_b = a[4][0], b[4][0]
    return (len(ans_a) == len(ans_b) == 1 and ans_a[0][0] == ans_b[0][0]
            and ans_a[0][2] not in ("CNAME", "RRSIG") and ans_b[0][2] not in ("CNAME", "RRSIG"))


def _rrsig_order(q, a, b):
    """QTYPE=RRSIG: the RRSIGs of the name in another order. They are one
    RRset (owner, class, type RRSIG); the parser splits it by type covered."""
    if q.raw is not None or q.qtype != "RRSIG" or not _same_except_answer(a, b):
        return False
    return sorted(a[4][0]) == sorted(b[4][0]) and a[4][0] != b[4][0]


def _cookie_time(q, a, b):
    """Server cookies made in different seconds: the timestamp and the hash
    over it differ, the client cookie and the rest of the response do not."""
    if len(a) != 5 or len(b) != 5 or a[:3] != b[:3] or a[4] != b[4]:
        return False
    if a[3] is None or b[3] is None or a[3][:3] != b[3][:3]:
        return False
    opts_a = [o for o in a[3][3] if o[0] != 10]
    opts_b = [o for o in b[3][3] if o[0] != 10]
    cookie_a = [o[1] for o in a[3][3] if o[0] == 10]
    cookie_b = [o[1] for o in b[3][3] if o[0] == 10]
    if opts_a != opts_b or len(cookie_a) != 1 or len(cookie_b) != 1:
        return False
    ca, cb = cookie_a[0], cookie_b[0]  # client cookie (8), version, reserved, time, hash
    if len(ca) != 24 or len(cb) != 24 or ca[:12] != cb[:12]:
        return False
    ta, tb = int.from_bytes(ca[12:16], "big"), int.from_bytes(cb[12:16], "big")
    # Made in the same second, the cookies must be equal.
    return 0 < abs(ta - tb) <= 2


# Differences we accept, each with the rule that allows it. A predicate gets
# (query description, nsd response, lnsd response) and returns True when the
# difference is the one described.
ALLOWED = [
    # (name, RFC reference, predicate)
    ("CHAOS version string", "RFC 4892 §2 (the text of version.bind and version.server is the "
     "implementation's own)", _chaos_version),
    ("ANY: a different single RRset", "RFC 8482 §4.1 (the responder chooses the RRset)",
     _any_one_rrset),
    ("RRSIG records in another order", "RFC 2181 §5 (the records of an RRset are unordered)",
     _rrsig_order),
    ("server cookie of another second", "RFC 9018 §4.2 (the server cookie holds the time it was "
     "made)", _cookie_time),
]


def free_port():
    """A port free for both UDP and TCP on 127.0.0.1."""
    for _ in range(50):
        port = random.randint(20000, 60000)
        ok = True
        for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
            s = socket.socket(socket.AF_INET, kind)
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                ok = False
            finally:
                s.close()
        if ok:
            return port
    raise RuntimeError("no free port")


def write_config(path, workdir, port, nsd_only, server_lines=(), zone_lines=None):
    """The same nsd.conf text for both servers; only paths and port differ.
    `server_lines` and `zone_lines` (zone name -> lines) add the options of
    a variant."""
    lines = [
        "server:",
        "\tip-address: 127.0.0.1",
        f"\tport: {port}",
        "\tserver-count: 1",
        '\tusername: ""',
        f'\tzonesdir: "{ZONES_DIR}"',
        f'\tpidfile: "{workdir}/pid"',
        f'\txfrdir: "{workdir}"',
        f'\tzonelistfile: "{workdir}/zone.list"',
        f'\txfrdfile: "{workdir}/xfrd.state"',
        "\tverbosity: 1",
    ]
    lines += ["\t" + line for line in server_lines]
    if nsd_only:
        # Debian's NSD rate-limits by default; the reference must not.
        lines += ["\trrl-ratelimit: 0", f'\tdatabase: ""']
    lines += ["", "remote-control:", "\tcontrol-enable: no", ""]
    for name, zfile in ZONES:
        lines += ["zone:", f'\tname: "{name}"', f'\tzonefile: "{zfile}"']
        lines += ["\t" + line for line in (zone_lines or {}).get(name, [])]
        lines += [""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def send_udp(wire, port, timeout=2.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    try:
        s.sendto(wire, ("127.0.0.1", port))
        data, _ = s.recvfrom(65535)
        return data
    except socket.timeout:
        return None
    finally:
        s.close()


def send_tcp(wire, port, timeout=2.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(len(wire).to_bytes(2, "big") + wire)
        head = b""
        while len(head) < 2:
            chunk = s.recv(2 - len(head))
            if not chunk:
                return None
            head += chunk
        n = int.from_bytes(head, "big")
        data = b""
        while len(data) < n:
            chunk = s.recv(n - len(data))
            if not chunk:
                return None
            data += chunk
        return data
    except (socket.timeout, ConnectionError):
        return None
    finally:
        s.close()


def wait_for(port, proc, what, seconds=30):
    q = dns.message.make_query("diff.test.", "SOA")
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode} before answering")
        r = send_udp(q.to_wire(), port, timeout=0.2)
        if r is not None:
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer on port {port} within {seconds}s")


def mixed_case(name):
    """Randomises letter case, to check that the question is echoed as sent."""
    out = []
    for c in name:
        out.append(c.upper() if c.isalpha() and random.random() < 0.5 else c)
    return "".join(out)


class Query:
    def __init__(self, qname, qtype, qclass="IN", edns=0, payload=1232, do=False,
                 opcode=dns.opcode.QUERY, raw=None, note="", options=None):
        self.qname, self.qtype, self.qclass = qname, qtype, qclass
        self.edns, self.payload, self.do = edns, payload, do
        self.opcode, self.raw, self.note = opcode, raw, note
        self.options = options or []

    def wire(self):
        if self.raw is not None:
            return self.raw
        m = dns.message.make_query(self.qname, self.qtype, self.qclass,
                                   use_edns=self.edns, payload=self.payload,
                                   want_dnssec=self.do, options=self.options)
        m.flags &= ~dns.flags.RD if random.random() < 0.3 else 0xFFFF
        m.set_opcode(self.opcode)
        m.id = random.randint(0, 65535)
        return m.to_wire()

    def __str__(self):
        if self.raw is not None:
            return f"raw[{self.note}]"
        e = "noedns" if self.edns is None or self.edns < 0 else f"edns{self.edns}/{self.payload}"
        return (f"{self.qname} {self.qclass} {self.qtype} {e}{' DO' if self.do else ''}"
                f"{' opcode=' + dns.opcode.to_text(self.opcode) if self.opcode else ''}"
                f"{' ' + self.note if self.note else ''}")


def corpus():
    """Several hundred queries: every name of every zone with its own types
    and the usual suspects, names that do not exist, and protocol cases."""
    qs = []
    common = ["A", "AAAA", "MX", "TXT", "NS", "SOA", "CNAME", "DS", "ANY", "SRV"]
    for zname, zfile in ZONES:
        zone = dns.zone.from_file(os.path.join(ZONES_DIR, zfile), origin=zname,
                                  relativize=False, check_origin=False)
        signed = zname.startswith("nsec")
        for name, node in zone.nodes.items():
            text = name.to_text()
            types = set(common)
            for rds in node.rdatasets:
                types.add(dns.rdatatype.to_text(rds.rdtype))
            for t in sorted(types):
                qs.append(Query(text, t, do=signed))
                if signed:
                    qs.append(Query(text, t, do=False))
            qs.append(Query(mixed_case(text), "A", note="mixed case"))
            qs.append(Query(text, "A", edns=None, note="no EDNS"))
        for label in ("nx", "nx.nx", "zzzz", "aaaa", "0", "~"):
            for t in ("A", "MX", "DS"):
                qs.append(Query(f"{label}.{zname}.", t, do=signed))
        if signed:
            for t in ("DNSKEY", "NSEC3PARAM", "NSEC", "RRSIG"):
                qs.append(Query(f"{zname}.", t, do=True))
            for n in ("x.wild", "a.b.wild", "b.c", "host.insecure", "host.secure",
                      "insecure", "secure", "ns.insecure", "c", "nx.b.c"):
                for t in ("A", "TXT", "MX", "DS", "NS"):
                    qs.append(Query(f"{n}.{zname}.", t, do=True))
    # diff.test: wildcards, DNAME, delegations, CNAME chains, ENT.
    for n in ("x.wild", "a.b.wild", "exists.wild", "sub.exists.wild", "x.wc", "q.ent.x",
              "y.ent.x", "ent.x", "b.c", "c", "nx.b.c", "www.dn", "a.b.dn", "nx.dn", "dn",
              "www.dnout", "host.sub", "ns.sub", "deep.host.sub", "host.secure",
              "host.child", "www.child", "loop1", "chain1", "out", "tochild", "alias",
              "x.target", "target"):
        for t in ("A", "AAAA", "MX", "TXT", "CNAME", "DNAME", "NS", "DS", "ANY"):
            qs.append(Query(f"{n}.diff.test.", t))
    qs.append(Query("child.diff.test.", "DS", note="child apex DS from parent"))
    qs.append(Query("child.diff.test.", "SOA"))
    qs.append(Query("child.diff.test.", "NS"))
    # Truncation: the big TXT RRset with small buffers and without EDNS.
    for payload in (512, 600, 1232, 4096):
        qs.append(Query("big.diff.test.", "TXT", payload=payload))
        qs.append(Query("types.diff.test.", "ANY", payload=payload))
    qs.append(Query("big.diff.test.", "TXT", edns=None))
    qs.append(Query("types.diff.test.", "TXT", edns=None))
    # Outside our zones, other classes, CHAOS, meta types, opcodes, EDNS.
    qs.append(Query("example.org.", "A"))
    qs.append(Query("test.", "SOA"))
    qs.append(Query(".", "NS"))
    qs.append(Query("diff.test.", "SOA", qclass="CH"))
    qs.append(Query("diff.test.", "SOA", qclass="HS"))
    qs.append(Query("diff.test.", "SOA", qclass="ANY"))
    qs.append(Query("diff.test.", "AXFR", note="AXFR over UDP"))
    qs.append(Query("diff.test.", "IXFR", note="IXFR over UDP"))
    qs.append(Query("diff.test.", "SOA", opcode=dns.opcode.UPDATE))
    qs.append(Query("diff.test.", "SOA", opcode=dns.opcode.STATUS))
    qs.append(Query("diff.test.", "SOA", opcode=3))
    qs.append(Query("diff.test.", "SOA", edns=1, note="EDNS version 1"))
    for name in ("version.bind.", "version.server.", "id.server.", "hostname.bind.",
                 "authors.bind."):
        qs.append(Query(name, "TXT", qclass="CH"))
        qs.append(Query(name, "A", qclass="CH"))
    # Malformed and odd messages (sent raw).
    base = dns.message.make_query("www.diff.test.", "A").to_wire()
    qs.append(Query(None, None, raw=base[:12], note="header only, QDCOUNT=1"))
    qs.append(Query(None, None, raw=base[:2] + b"\x01\x00\x00\x02" + base[6:] + base[12:],
                    note="QDCOUNT=2"))
    qs.append(Query(None, None, raw=base[:2] + b"\x01\x00\x00\x00" + base[6:12],
                    note="QDCOUNT=0"))
    qs.append(Query(None, None, raw=base[:-2], note="question cut short"))
    qs.append(Query(None, None, raw=base + b"\x00", note="trailing byte"))
    two_opt = dns.message.make_query("www.diff.test.", "A", use_edns=0).to_wire()
    opt = two_opt[len(base):]
    qs.append(Query(None, None, raw=two_opt[:11] + b"\x02" + two_opt[12:] + opt,
                    note="two OPT records"))
    return qs


def options_corpus():
    """For the options variant: half the queries of the main corpus, and the
    EDNS options those server options answer."""
    qs = corpus()[::2]
    client_cookie = bytes.fromhex("2464c4abcf10c957")
    for name in ("www.diff.test.", "nx.diff.test.", "example.org."):
        qs.append(Query(name, "A", options=[dns.edns.GenericOption(3, b"")], note="NSID"))
        qs.append(Query(name, "A", options=[dns.edns.GenericOption(10, client_cookie)],
                        note="client cookie"))
        qs.append(Query(name, "A", options=[dns.edns.GenericOption(10, client_cookie + bytes(16))],
                        note="client and server cookie"))
        qs.append(Query(name, "A", options=[dns.edns.GenericOption(10, client_cookie + b"\x01")],
                        note="cookie of a wrong length"))
        qs.append(Query(name, "A", options=[dns.edns.GenericOption(3, b""),
                                            dns.edns.GenericOption(10, client_cookie)],
                        note="NSID and cookie"))
    for payload in (1232, 4096):
        qs.append(Query("mxonly.diff.test.", "MX", payload=payload))
        qs.append(Query("big.diff.test.", "TXT", payload=payload))
        qs.append(Query("x.wild.diff.test.", "ANY", payload=payload))
    return qs


# The configurations both servers run, each with its corpus: NSD's defaults,
# then the server options that show on the wire (and a zone's allow-query).
VARIANTS = [
    ("defaults", [], {}, corpus),
    ("options", ["minimal-responses: yes", "refuse-any: yes", "hide-version: yes",
                 'identity: "diff.test.server"', 'nsid: "ascii_lnsd-test"', "answer-cookie: yes",
                 'cookie-secret: "e5e973e5a6b2a43f48e7dc849e37bfcf"', "ipv4-edns-size: 4096"],
     {"nsec3o.test": ["allow-query: 10.0.0.0/8 NOKEY"]}, options_corpus),
]


def normalise(wire):
    """A comparable form: header fields, question, EDNS, and each section as
    a list of RRsets with sorted records (the one freedom RFC 2181 §5 gives)."""
    if wire is None:
        return ("no response",)
    try:
        m = dns.message.from_wire(wire)
    except Exception as e:  # a response dnspython cannot parse is itself a finding
        return ("unparseable", type(e).__name__, wire[2:].hex())
    flags = m.flags
    sections = []
    for sec in (m.answer, m.authority, m.additional):
        rrsets = []
        for rrset in sec:
            rdatas = sorted(r.to_text() for r in rrset)
            rrsets.append((rrset.name.to_text(), dns.rdataclass.to_text(rrset.rdclass),
                           dns.rdatatype.to_text(rrset.rdtype), rrset.ttl,
                           dns.rdatatype.to_text(rrset.covers) if rrset.covers else "",
                           tuple(rdatas)))
        sections.append(tuple(rrsets))
    opt = None
    if m.edns >= 0:
        opt = (m.edns, m.payload, m.ednsflags,
               tuple(sorted((o.otype, o.to_wire() if hasattr(o, "to_wire") else b"")
                            for o in m.options)))
    question = tuple((q.name.to_text(omit_final_dot=False), q.rdclass, q.rdtype)
                     for q in m.question)
    # The question's letter case must be echoed exactly: compare the bytes.
    return (flags, m.rcode(), question, opt, tuple(sections))


def describe(norm):
    if norm[0] in ("no response", "unparseable"):
        return " ".join(str(x) for x in norm)
    flags, rcode, question, opt, sections = norm
    out = [f"flags={dns.flags.to_text(flags)} rcode={dns.rcode.to_text(rcode)} opt={opt}"]
    for label, sec in zip(("ANSWER", "AUTHORITY", "ADDITIONAL"), sections):
        for rrset in sec:
            out.append(f"  {label}: {rrset[0]} {rrset[3]} {rrset[1]} {rrset[2]} "
                       f"{' | '.join(rrset[5])[:160]}")
    return "\n".join(out)


def start(cmd, what, workdir):
    log = open(os.path.join(workdir, what + ".log"), "w")
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)


def run_variant(args, work, variant):
    """Starts both servers with the variant's configuration, compares the
    answers to its corpus; returns (exchanges, queries, differences, allowed)."""
    label, server_lines, zone_lines, make_corpus = variant
    nsd_dir, lnsd_dir = os.path.join(work, label, "nsd"), os.path.join(work, label, "lnsd")
    os.makedirs(nsd_dir)
    os.makedirs(lnsd_dir)
    nsd_port, lnsd_port = free_port(), free_port()
    write_config(os.path.join(nsd_dir, "nsd.conf"), nsd_dir, nsd_port, True, server_lines, zone_lines)
    write_config(os.path.join(lnsd_dir, "lnsd.conf"), lnsd_dir, lnsd_port, False, server_lines,
                 zone_lines)
    procs = []
    try:
        procs.append(start([args.nsd, "-d", "-c", os.path.join(nsd_dir, "nsd.conf")],
                           "nsd." + label, work))
        procs.append(start([args.lnsd, "-d", "-c", os.path.join(lnsd_dir, "lnsd.conf")],
                           "lnsd." + label, work))
        wait_for(nsd_port, procs[0], "nsd")
        wait_for(lnsd_port, procs[1], "lnsd")

        queries = make_corpus()
        differences = []
        allowed = {}
        count = 0
        for q in queries:
            wire = q.wire()
            for transport, send in (("udp", send_udp), ("tcp", send_tcp)):
                # Over TCP only a deterministic subset: every third query and
                # every truncation case, to keep the run short.
                if transport == "tcp" and count % 3 and "big" not in str(q) and q.raw is None:
                    continue
                a = normalise(send(wire, nsd_port))
                b = normalise(send(wire, lnsd_port))
                count += 1
                if a == b:
                    continue
                for name, rfc, pred in ALLOWED:
                    if pred(q, a, b):
                        allowed[name] = allowed.get(name, 0) + 1
                        break
                else:
                    differences.append((f"[{label}] {q} over {transport}", a, b))
        return count, len(queries), differences, allowed
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    p.kill()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lnsd", required=True)
    ap.add_argument("--nsd", default=shutil.which("nsd") or "/usr/sbin/nsd")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if not os.path.exists(args.nsd):
        print(f"FAIL: nsd not found at {args.nsd} (apt-get install nsd)")
        return 1
    random.seed(20261121)

    work = tempfile.mkdtemp(prefix="lnsd-diff-")
    failed = False
    try:
        for variant in VARIANTS:
            count, queries, differences, allowed = run_variant(args, work, variant)
            for name, n in allowed.items():
                print(f"[{variant[0]}] allowed difference '{name}': {n} responses")
            for what, a, b in differences:
                print(f"DIFFERENCE for {what}\n nsd:\n{describe(a)}\n lnsd:\n{describe(b)}\n")
            print(f"[{variant[0]}] {count} exchanges, {queries} queries, "
                  f"{len(differences)} unexplained differences")
            failed = failed or bool(differences)
        return 1 if failed else 0
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
