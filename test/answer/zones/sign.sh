#!/usr/bin/env bash
# Regenerates the pre-signed zones of the differential test with ldns
# (ldnsutils): NSEC, NSEC3 and NSEC3 with opt-out (RFC 5155 §6), iterations 0
# and an empty salt as RFC 9276 recommends. Signatures are valid from 2026 to
# 2036 so the checked-in files stay usable; rerun only to change the zones.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sign() {  # zone, extra ldns-signzone flags...
  local zone=$1; shift
  (cd "$tmp" && ldns-keygen -a ECDSAP256SHA256 -k "$zone" >"$zone.ksk" && ldns-keygen -a ECDSAP256SHA256 "$zone" >"$zone.zsk")
  ldns-signzone -i 20260101000000 -e 20360101000000 -f "$zone.zone" "$@" "$zone.unsigned" \
    "$tmp/$(cat "$tmp/$zone.ksk")" "$tmp/$(cat "$tmp/$zone.zsk")"
}
sign nsec.test
sign nsec3.test -n -t 0
sign nsec3o.test -n -t 0 -p
