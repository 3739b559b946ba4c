#!/usr/bin/env bash
# Benchmark: lnsd-zonec against Debian's nsd-checkzone on the same generated
# zone of 1,000,000 names (about 1.2 million records), alternating the two
# in one run so that both see the same machine load. Reports the median
# wall time and the median CPU time (user + system, all threads) of each,
# both ratios, peak RSS, and database size against zone file size.
# lnsd-zonec uses two threads on a large zone, so its wall time can be
# below its CPU time; on a loaded machine compare CPU time. Not a test: run it by hand (or from CI logs) and read the
# figures.
#
# usage: test/bench/zonec_bench.sh [BUILD_DIR] [NAMES] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
names=${2:-1000000}
rounds=${3:-5}
zonec="$build/zonec/lnsd-zonec"
[ -x "$zonec" ] || { echo "build $zonec first" >&2; exit 2; }
command -v nsd-checkzone >/dev/null || { echo "apt-get install nsd" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "apt-get install time" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
zone="$work/big.test.zone"
/usr/bin/python3 test/bench/gen_zone.py big.test "$names" > "$zone"
mkdir -p "$work/db"

measure() {  # label, command... -> appends "wall kb cpu" to $work/label
  local label=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/time.$label" "$@" >/dev/null 2>"$work/err.$label" || {
    echo "$label failed:"; tail -5 "$work/err.$label"; exit 1; }
  awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$work/time.$label" >> "$work/$label"
}

for ((i = 0; i < rounds; i++)); do
  measure nsd nsd-checkzone big.test "$zone"
  measure lnsd "$zonec" --origin big.test --output "$work/db" "$zone"
done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
nsd_s=$(cut -d' ' -f1 "$work/nsd" | median)
lnsd_s=$(cut -d' ' -f1 "$work/lnsd" | median)
nsd_kb=$(cut -d' ' -f2 "$work/nsd" | median)
lnsd_kb=$(cut -d' ' -f2 "$work/lnsd" | median)
nsd_cpu=$(cut -d' ' -f3 "$work/nsd" | median)
lnsd_cpu=$(cut -d' ' -f3 "$work/lnsd" | median)
zone_bytes=$(stat -c %s "$zone")
db_bytes=$(du -cb "$work"/db/* | tail -1 | cut -f1)
records=$(grep -vc '^\$' "$zone")

echo "zone: $names names, about $records records, $zone_bytes bytes"
echo "nsd-checkzone: median wall ${nsd_s}s, CPU ${nsd_cpu}s, peak RSS $((nsd_kb / 1024)) MB"
echo "lnsd-zonec:    median wall ${lnsd_s}s, CPU ${lnsd_cpu}s, peak RSS $((lnsd_kb / 1024)) MB"
awk -v a="$nsd_s" -v b="$lnsd_s" -v ca="$nsd_cpu" -v cb="$lnsd_cpu" -v ka="$nsd_kb" -v kb="$lnsd_kb" -v z="$zone_bytes" -v d="$db_bytes" 'BEGIN {
  printf "speed: lnsd-zonec is %.2fx faster in wall time (target >= 8x)\n", a / b
  printf "       and %.2fx in CPU time\n", ca / cb
  printf "memory: lnsd-zonec peak RSS is %.2f of nsd-checkzone (target <= 0.25)\n", kb / ka
  printf "size: database %d bytes = %.2f of the zone file (target <= 1.00)\n", d, d / z
}'
