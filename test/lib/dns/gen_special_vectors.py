#!/usr/bin/python3
"""Regenerates rdata_special_vectors.inc: test vectors for the LOC, APL,
SVCB/HTTPS, IPSECKEY and HIP codecs, computed by two independent
implementations: dnspython (Debian's python3-dnspython) and ldns-read-zone
(Debian's ldnsutils).

For every case:
  wire       dnspython's wire form of the presentation text;
  canonical  the text lnsd must print: ldns-read-zone's output for LOC,
             SVCB/HTTPS, IPSECKEY and HIP; dnspython's (after a trip through
             wire form) for APL, where ldns prints IPv6 uncompressed and
             padded with spaces. The other implementation must read the
             canonical text back to the same wire form, or the script fails;
  prefixes   the lengths of the proper prefixes of the wire form that
             dnspython still accepts as rdata of the type (item boundaries
             of APL, SvcParam boundaries of SVCB, anything inside the
             IPSECKEY key...): every other truncation must be rejected.

Usage: test/lib/dns/gen_special_vectors.py > test/lib/dns/rdata_special_vectors.inc
"""

import os
import subprocess
import sys
import tempfile

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.version

ORIGIN = "example.com."

# (type, presentation rdata as written in a zone file on one line, source)
CASES = [
    # RFC 1876 §4 sample data, and the corners of the Appendix A grammar.
    ("LOC", "42 21 54 N 71 06 18 W -24m 30m", "RFC 1876 §4 cambridge-net.kei.com"),
    ("LOC", "42 21 43.952 N 71 5 6.344 W -24m 1m 200m", "RFC 1876 §4 loiosh.kei.com"),
    ("LOC", "52 14 05 N 00 08 50 E 10m", "RFC 1876 §4 pipex.net"),
    ("LOC", "32 7 19 S 116 2 25 E 10m", "RFC 1876 §4 curtin.edu.au"),
    ("LOC", "42 21 28.764 N 71 00 51.617 W -44m 2000m", "RFC 1876 §4 rwy04L.logan-airport.boston"),
    ("LOC", "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m", "Amsterdam, size 0"),
    ("LOC", "60 9 00.000 N 24 39 0.000 E 10.00m 20.00m 2000.00m 20.00m", "all four sizes"),
    ("LOC", "0 N 0 E 0", "degrees only; the equator prints as S"),
    ("LOC", "0 0 0.001 S 0 0 0.001 W -0.01m", "smallest offsets"),
    ("LOC", "90 S 180 W 42849672.95m 90000000m 90000000.00m 0.01m", "extremes of every field"),
    ("LOC", "1 2 3.4 N 5 6 7.89 W -100000m 12m 0.5m 1.5", "truncated precisions, no 'm'"),
    ("LOC", "1 N 2 E 3m 123456m 1234567m 7.77m", "precisions keep their leading digit"),
    ("LOC", "45 30 N 122 40 W 100.5m", "minutes without seconds"),
    # RFC 3123 §6 examples, then corners.
    ("APL", "1:192.168.32.0/21 !1:192.168.38.0/28", "RFC 3123 §6 foo.example"),
    ("APL", "1:192.168.42.0/26 1:192.168.42.64/26 1:192.168.42.128/25", "RFC 3123 §6 42.example"),
    ("APL", "1:127.0.0.1/32 1:172.16.64.0/22", "RFC 3123 §6 _axfr.sbb.example"),
    ("APL", "1:224.0.0.0/4 2:FF00:0:0:0:0:0:0:0/8", "RFC 3123 §6 multicast.example"),
    ("APL", "", "empty list (RFC 3123 §4)"),
    ("APL", "1:0.0.0.0/0 2:::/0 !2:2001:db8::/32", "all-zero addresses have no AFDPART"),
    ("APL", "1:192.168.0.1/16 2:2001:db8::1/128 !1:10.0.0.0/8", "host bits, full IPv6"),
    # RFC 9460 Appendix D test vectors, then corners.
    ("HTTPS", "0 foo.example.com.", "RFC 9460 D.1 AliasMode"),
    ("SVCB", "1 .", "RFC 9460 D.2 figure 2: ServiceMode, no params"),
    ("SVCB", "16 foo.example.com. port=53", "RFC 9460 D.2 figure 3"),
    ("SVCB", "1 foo.example.com. key667=hello", "RFC 9460 D.2 figure 4"),
    ("SVCB", '1 foo.example.com. key667="hello\\210qoo"', "RFC 9460 D.2 figure 5"),
    ("SVCB", '1 foo.example.com. ipv6hint="2001:db8::1,2001:db8::53:1"', "RFC 9460 D.2 figure 6"),
    ("SVCB", '1 example.com. ipv6hint="2001:db8:122:344::192.0.2.33"', "RFC 9460 D.2 figure 7"),
    ("SVCB", "16 foo.example.org. alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=192.0.2.1",
     "RFC 9460 D.2 figure 8"),
    ("SVCB", '16 foo.example.org. alpn="f\\\\\\\\oo\\\\,bar,h2"', "RFC 9460 D.2 figure 9, quoted"),
    ("SVCB", "16 foo.example.org. alpn=f\\\\\\092oo\\092,bar,h2", "RFC 9460 D.2 figure 9, unquoted"),
    ("HTTPS", "1 . alpn=h3,h2 ipv4hint=104.16.132.229,104.16.133.229 "
              "ipv6hint=2606:4700::6810:84e5,2606:4700::6810:85e5", "a CDN's HTTPS record"),
    ("HTTPS", "1 . ech=AEn+DQBFKwAgACABWIHUGj4u+PIggYXcR5JF0gYk3dCRioBW8uJq9H4mKAAIAAEAAQABAAN"
              "AEnB1YmxpYy50bHMtZWNoLmRldgAA", "ECHConfigList of defo.ie"),
    ("HTTPS", "1 svc.example.net. port=8443 no-default-alpn alpn=h2", "keys sorted, no-default-alpn"),
    ("SVCB", "2 svc mandatory=key666,port,key65535 port=0 key666 key65535",
     "relative target, unknown keys, empty values"),
    ("SVCB", "65535 . key65000=\\000\\255 ipv4hint=1.2.3.4,5.6.7.8", "binary generic value"),
    ("SVCB", '1 . alpn="h2 x" key7=a\\"b', "value with a space, escaped quote; key 7 is dohpath"),
    ("SVCB", "1 . ipv6hint=::ffff:1.2.3.4,::,1::", "IPv4-mapped IPv6"),
    # RFC 4025 §3.3 examples (the key joined into one token).
    ("IPSECKEY", "10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==", "RFC 4025 §3.3"),
    ("IPSECKEY", "10 0 2 . AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==", "RFC 4025 §3.3"),
    ("IPSECKEY", "10 1 2 192.0.2.3 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==", "RFC 4025 §3.3"),
    ("IPSECKEY", "10 3 2 mygateway.example.com. AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
     "RFC 4025 §3.3"),
    ("IPSECKEY", "10 2 2 2001:0DB8:0:8002::2000:1 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
     "RFC 4025 §3.3"),
    ("IPSECKEY", "255 3 1 GW.Example.COM. AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
     "gateway name keeps its case"),
    # RFC 8005 §5 examples (the key joined into one token), then corners.
    ("HIP", "2 200100107B1A74DF365639CC39F1D578 AwEAAbdxyhNuSutc5EMzxTs9LBPCIkOFH8cIvM4p9+LrV4e19WzK"
            "00+CI6zBCQTdtWsuxKbWIy87UOoJTwkUs7lBu+Upr1gsNrut79ryra+bSRGQb1slImA8YVJyuIDsj7kwzG7jn"
            "ERNqnWxZ48AWkskmdHaVDP4BcelrTI3rMXdXF5D", "RFC 8005 §5"),
    ("HIP", "2 200100107B1A74DF365639CC39F1D578 AwEAAbdxyhNuSutc5EMzxTs9LBPCIkOFH8cIvM4p9+LrV4e19WzK"
            "00+CI6zBCQTdtWsuxKbWIy87UOoJTwkUs7lBu+Upr1gsNrut79ryra+bSRGQb1slImA8YVJyuIDsj7kwzG7jn"
            "ERNqnWxZ48AWkskmdHaVDP4BcelrTI3rMXdXF5D rvs.example.com.", "RFC 8005 §5, one server"),
    ("HIP", "2 200100107B1A74DF365639CC39F1D578 AwEAAbdxyhNuSutc5EMzxTs9LBPCIkOFH8cIvM4p9+LrV4e19WzK"
            "00+CI6zBCQTdtWsuxKbWIy87UOoJTwkUs7lBu+Upr1gsNrut79ryra+bSRGQb1slImA8YVJyuIDsj7kwzG7jn"
            "ERNqnWxZ48AWkskmdHaVDP4BcelrTI3rMXdXF5D rvs1.example.com. rvs2.example.com.",
     "RFC 8005 §5, two servers"),
    ("HIP", "1 00 AA== a b. c d. e", "five servers, relative ones completed"),
]


def wire_of(rdtype, text, origin):
    rd = dns.rdata.from_text(dns.rdataclass.IN, rdtype, text, origin=origin,
                             relativize=False)
    return rd.to_wire(origin=None)


def ldns_text(rdtype, text):
    """ldns-read-zone's presentation of one record's rdata, or None."""
    zone = (f"$ORIGIN {ORIGIN}\n$TTL 3600\n@ IN SOA ns hostmaster 1 2 3 4 5\n"
            f"r IN {rdtype} {text}\n")
    with tempfile.NamedTemporaryFile("w", suffix=".zone", delete=False) as f:
        f.write(zone)
        path = f.name
    try:
        run = subprocess.run(["ldns-read-zone", path], capture_output=True, text=True)
    finally:
        os.unlink(path)
    for line in run.stdout.splitlines():
        fields = line.split("\t", 4)
        if fields[0] == "r." + ORIGIN and len(fields) == 5:
            return fields[4]
    return None


def valid_prefixes(rdtype, wire):
    valid = []
    for length in range(len(wire)):
        try:
            dns.rdata.from_wire(dns.rdataclass.IN, rdtype, wire, 0, length)
            valid.append(length)
        except Exception:
            pass
    return valid


def cxx(text):
    assert ")~\"" not in text
    return 'R"~(' + text + ')~"'


def main():
    origin = dns.name.from_text(ORIGIN)
    out = sys.stdout
    out.write("// Generated by gen_special_vectors.py with dnspython %s and %s; do not edit.\n"
              % (dns.version.version,
                 subprocess.run(["ldns-read-zone", "-v"], capture_output=True,
                                text=True).stdout.strip()))
    out.write("// {type, input text, wire hex, canonical text, valid proper prefix lengths, source}\n")
    for rdtype_text, text, source in CASES:
        rdtype = dns.rdatatype.from_text(rdtype_text)
        wire = wire_of(rdtype, text, origin)
        ldns = ldns_text(rdtype_text, text)
        if rdtype == dns.rdatatype.APL:
            rd = dns.rdata.from_wire(dns.rdataclass.IN, rdtype, wire, 0, len(wire))
            canonical = rd.to_text()
            # ldns prints an empty APL as "\# 0".
            check = ldns if ldns != "\\# 0" else ""
        else:
            canonical = ldns
            check = ldns
        if check is None:
            sys.exit(f"ldns-read-zone cannot read {rdtype_text} {text}")
        # dnspython 2.3 predates the "dohpath" key name (RFC 9461 §5).
        if wire_of(rdtype, check.replace(" dohpath=", " key7="), origin) != wire:
            sys.exit(f"dnspython and ldns disagree on {rdtype_text} {text}: {check}")
        prefixes = ", ".join(str(n) for n in valid_prefixes(rdtype, wire))
        out.write("{%s, %s,\n %s,\n %s,\n {%s}, %s},\n"
                  % (cxx(rdtype_text), cxx(text), cxx(wire.hex()), cxx(canonical), prefixes,
                     cxx(source)))


if __name__ == "__main__":
    main()
