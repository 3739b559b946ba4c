#!/usr/bin/python3
"""Generates rdata_vectors.inc for test_rdata from rdata_examples.txt.

For every example, two independent implementations give the expected
results: ldns-read-zone (ldnsutils) prints the canonical text and, with -U,
the wire form in the RFC 3597 generic form; dnspython parses the example and
the canonical text, and both must give the same wire form as ldns. dnspython's
view of the rdata also gives the truncations that stay valid (where a record
may end early: the data fields that run to the end of the rdata, the strings
of TXT, the window blocks of a type bitmap).

Usage: test/lib/dns/gen_rdata_vectors.py   (run from anywhere; rewrites the .inc)
"""

import os
import subprocess
import sys
import tempfile

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "rdata_examples.txt")
OUTPUT = os.path.join(HERE, "rdata_vectors.inc")
ORIGIN = dns.name.from_text("example.com.")
SPECIAL = {"LOC", "APL", "SVCB", "HTTPS", "IPSECKEY", "HIP"}
# Types whose last field runs to the end of the rdata.
GROWS = {"DS", "CDS", "DLV", "ZONEMD", "DNSKEY", "CDNSKEY", "KEY", "OPENPGPKEY", "RRSIG", "SIG",
         "CERT", "SSHFP", "TLSA", "SMIMEA", "DHCID", "URI", "CAA", "TXT", "SPF", "NSEC",
         "NSEC3", "CSYNC", "NULL"}


def read_examples():
    """(type, rdata, override text or None, ldns_only, line number) per example."""
    examples = []
    with open(EXAMPLES) as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("= "):
                examples[-1]["text"] = line[2:]
            elif line.strip() == "! ldns-only":
                examples[-1]["ldns_only"] = True
            elif line.startswith("! like "):
                examples[-1]["like"] = line[len("! like "):].strip()
            else:
                rrtype, _, rdata = line.partition(" ")
                examples.append({"type": rrtype, "rdata": rdata, "text": None,
                                 "ldns_only": False, "like": rrtype, "line": number})
    return examples


def ldns(rrtype, rdata, generic):
    """ldns-read-zone's rdata for one record: canonical text or generic form."""
    with tempfile.NamedTemporaryFile("w", suffix=".zone") as zone:
        zone.write(f"$ORIGIN example.com.\n@ 3600 IN {rrtype} {rdata}\n")
        zone.flush()
        args = ["ldns-read-zone"]
        if generic:
            args += ["-U", "A" if rrtype == "SOA" else "SOA"]
        out = subprocess.run(args + [zone.name], capture_output=True, text=True)
    fields = out.stdout.strip("\n").split("\t", 4)
    if out.returncode != 0 or len(fields) != 5:
        raise SystemExit(f"ldns-read-zone rejected '{rrtype} {rdata}': {out.stderr.strip()}")
    return fields[4]


def normalize(text):
    """Drops ldns's trailing comments and doubled or trailing spaces."""
    out, quoted, escaped = [], False, False
    for c in text:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == '"':
            quoted = not quoted
        elif c == ";" and not quoted:
            break
        elif c.isspace() and not quoted:
            if out and out[-1] == " ":
                continue
            c = " "
        out.append(c)
    return "".join(out).strip()


def wire_from_generic(text):
    parts = text.split()
    assert parts[0] == "\\#", text
    data = bytes.fromhex("".join(parts[2:]))
    assert len(data) == int(parts[1]), text
    return data


def dnspython_wire(rrtype, text):
    rd = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(rrtype), text,
                             origin=ORIGIN, relativize=False)
    return rd, rd.to_wire()


def bitmap_boundaries(start, windows):
    ends, at = [start], start
    for _, bitmap in windows:
        at += 2 + len(bitmap)
        ends.append(at)
    return ends


def valid_truncations(rrtype, rd, wire):
    """Lengths shorter than the wire form at which the rdata is still well formed,
    or None when the test should not check (special codecs)."""
    if rrtype in SPECIAL:
        return None
    if rrtype.startswith("TYPE") or rrtype == "NULL":
        return list(range(len(wire)))  # opaque: any length is valid
    tail_of = {
        "DS": "digest", "CDS": "digest", "DLV": "digest", "ZONEMD": "digest",
        "DNSKEY": "key", "CDNSKEY": "key", "KEY": "key", "OPENPGPKEY": "key",
        "RRSIG": "signature", "SIG": "signature", "CERT": "certificate",
        "SSHFP": "fingerprint", "TLSA": "cert", "SMIMEA": "cert", "DHCID": "data",
        "URI": "target", "CAA": "value",
    }
    if rrtype in tail_of:
        tail = len(getattr(rd, tail_of[rrtype]))
        return list(range(len(wire) - tail, len(wire)))
    if rrtype in ("TXT", "SPF"):
        ends, at = [0], 0
        for s in rd.strings:
            at += 1 + len(s)
            ends.append(at)
        return ends[:-1]
    if rrtype == "NSEC":
        return bitmap_boundaries(len(rd.next.to_wire()), rd.windows)[:-1]
    if rrtype == "NSEC3":
        return bitmap_boundaries(5 + len(rd.salt) + 1 + len(rd.next), rd.windows)[:-1]
    if rrtype == "CSYNC":
        return bitmap_boundaries(6, rd.windows)[:-1]
    return []  # every field has a fixed place: no truncation is valid


def cxx_string(text):
    assert ")lnsd\"" not in text
    return f'R"lnsd({text})lnsd"'


def main():
    lines = [
        "// Generated by test/lib/dns/gen_rdata_vectors.py from rdata_examples.txt",
        "// with ldns-read-zone and dnspython. Do not edit; rerun the script.",
        "// {type, rdata as written, canonical text, wire form in hex,",
        "//  canonical text is exact (false: special codec, wire only),",
        "//  truncations are checked, the layout has a fixed end,",
        "//  lengths of truncations that stay valid}",
    ]
    for ex in read_examples():
        rrtype, rdata = ex["type"], ex["rdata"]
        where = f"{EXAMPLES}:{ex['line']}"
        wire = wire_from_generic(ldns(rrtype, rdata, generic=True))
        ldns_text = normalize(ldns(rrtype, rdata, generic=False))
        text = ex["text"] if ex["text"] is not None else ldns_text
        rd = None
        like = ex["like"]
        if not ex["ldns_only"]:
            try:
                rd, py_wire = dnspython_wire(like, rdata)
            except Exception as e:
                raise SystemExit(f"{where}: dnspython rejects '{rdata}': {e}")
            if py_wire != wire:
                raise SystemExit(f"{where}: ldns and dnspython disagree: {wire.hex()} {py_wire.hex()}")
            try:
                _, text_wire = dnspython_wire(like, text)
            except Exception as e:
                raise SystemExit(f"{where}: dnspython rejects the canonical text '{text}': {e}")
            if text_wire != wire:
                raise SystemExit(f"{where}: canonical text '{text}' does not give the same wire")
        elif ex["text"] is not None:
            if wire_from_generic(ldns(rrtype, text, generic=True)) != wire:
                raise SystemExit(f"{where}: canonical text '{text}' does not give the same wire")
        if ex["text"] is not None:
            lines.append(f"// ldns-read-zone prints: {ldns_text}")
        truncations = valid_truncations(like, rd, wire) if rd is not None else None
        check = truncations is not None
        # Only a layout whose last field has a fixed end refuses more octets.
        fixed = check and like not in GROWS
        lines.append("{%s, %s, %s, \"%s\", %s, %s, %s, {%s}}," % (
            f'"{rrtype}"', cxx_string(rdata), cxx_string(text), wire.hex(),
            "false" if rrtype in SPECIAL else "true", "true" if check else "false",
            "true" if fixed and not like.startswith("TYPE") else "false",
            ", ".join(str(n) for n in truncations or [])))
    with open(OUTPUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
