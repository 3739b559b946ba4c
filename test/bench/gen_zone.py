#!/usr/bin/python3
"""Generates a large zone written the way operators write them: $TTL,
relative owner names, blank owners for further records of a name.

usage: gen_zone.py ORIGIN NAMES > zone
About 1.2 records per name: A on most names, AAAA, MX, TXT and CNAME
mixed in, and a delegation with glue every 10,000 names. Deterministic."""

import random
import sys


def main():
    origin = sys.argv[1].rstrip(".") + "."
    names = int(sys.argv[2])
    rnd = random.Random(1)
    out = sys.stdout
    w = out.write
    w(f"$ORIGIN {origin}\n$TTL 3600\n")
    w("@\tIN\tSOA\tns1 hostmaster (2026112101 7200 3600 1209600 300)\n")
    w("\tIN\tNS\tns1\n\tIN\tNS\tns2\n\tIN\tMX\t10 mail\n")
    w("ns1\tIN\tA\t192.0.2.1\nns2\tIN\tA\t192.0.2.2\nmail\tIN\tA\t192.0.2.3\n")
    w("*.wild\tIN\tA\t192.0.2.4\n")
    for i in range(names):
        name = f"host{i}"
        r = rnd.random()
        if i % 10000 == 5000:
            w(f"deleg{i}\tIN\tNS\tns.deleg{i}\n\tIN\tNS\tns2.elsewhere.example.\n")
            w(f"ns.deleg{i}\tIN\tA\t198.51.100.{i % 250 + 1}\n")
            continue
        a = f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"
        if r < 0.70:
            w(f"{name}\tIN\tA\t{a}\n")
            if r < 0.10:
                w(f"\tIN\tAAAA\t2001:db8::{i >> 16:x}:{i & 0xffff:x}\n")
        elif r < 0.80:
            w(f"{name}\tIN\tAAAA\t2001:db8:1::{i >> 16:x}:{i & 0xffff:x}\n")
        elif r < 0.88:
            w(f"{name}\tIN\tA\t{a}\n\tIN\tMX\t10 mail\n")
        elif r < 0.95:
            w(f"{name}\tIN\tA\t{a}\n\tIN\tTXT\t\"v=spf1 ip4:{a} -all\"\n")
        else:
            w(f"{name}\tIN\tCNAME\thost{rnd.randrange(names)}\n")


if __name__ == "__main__":
    main()
