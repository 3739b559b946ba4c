#!/usr/bin/env bash
# Benchmark of the daemon (issue 6 §8): lnsd against Debian's NSD serving
# the same zones from the same nsd.conf, and the bare UDP reflector
# (test/bench/udp_reflector, the kernel's floor) under the same load, with
# server-count 1 and 2, alternating the three in every round so that they
# share the machine's conditions. The zones are those of the answer-path
# benchmark, made by gen_zone.py: a small one (10,000 names) and a
# 1,000,000-name one; the query mix too: 70% existing A/AAAA, 10% MX/TXT,
# 10% NXDOMAIN, 5% wildcard, 5% referral.
#
# dnsperf runs on the same machine, so QPS alone hides what a server
# costs: each run also reports the server's CPU time per answered query,
# the user+system time of all its processes (/proc/PID/stat) divided by
# the queries dnsperf saw answered, and its ratio to the reflector's in
# the same round. Medians over the rounds. Not a test: run it by hand and
# read the figures.
#
# usage: test/bench/daemon_bench.sh [BUILD_DIR] [SECONDS] [ROUNDS] [LARGE_NAMES]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=$(realpath "${1:-build}")
seconds=${2:-10}
rounds=${3:-3}
large_names=${4:-1000000}
small_names=10000

lnsd="$build/daemon/lnsd"
reflector="$build/test/udp_reflector"
for program in "$lnsd" "$reflector"; do
  [ -x "$program" ] || { echo "build it first: ninja -C $build ${program#"$build"/}" >&2; exit 2; }
done
command -v dnsperf >/dev/null || { echo "apt-get install dnsperf" >&2; exit 2; }
[ -x /usr/sbin/nsd ] || { echo "apt-get install nsd" >&2; exit 2; }

work=$(mktemp -d /tmp/lnsd-daemon-bench-XXXXXX)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/zones"
hz=$(getconf CLK_TCK)
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# The zones, and dnsperf's query file for each, drawn from the zone's own
# names as answer_bench draws them.
make_zone() {  # origin names
  /usr/bin/python3 test/bench/gen_zone.py "$1" "$2" > "$work/zones/$1.zone"
  /usr/bin/python3 - "$1" "$work/zones/$1.zone" "$work/$1.queries" <<'PY'
import random, sys
origin, zone_path, out_path = sys.argv[1].rstrip(".") + ".", sys.argv[2], sys.argv[3]
address, mail_text, referral = [], [], []
owners = set()
owner = origin
for line in open(zone_path):
    if line.startswith("$"):
        continue
    fields = line.split()
    if not line[0].isspace():
        owner = origin if fields[0] == "@" else fields[0] + "." + origin
        fields = fields[1:]
        owners.add(owner)
    rtype = fields[1] if fields[0] == "IN" else fields[0]
    if owner.startswith("*.") or owner.startswith("ns.deleg"):
        continue  # the wildcard itself, and glue below a delegation
    if rtype in ("A", "AAAA"):
        address.append((owner, rtype))
    elif rtype in ("MX", "TXT"):
        mail_text.append((owner, rtype))
    elif rtype == "NS" and owner != origin:
        referral.append(("www." + owner, "A"))
rnd = random.Random(20261121)
with open(out_path, "w") as out:
    for _ in range(200000):
        dice = rnd.randrange(100)
        if dice < 70:
            name, rtype = rnd.choice(address)
        elif dice < 80:
            name, rtype = rnd.choice(mail_text)
        elif dice < 90:
            name, rtype = f"nx{rnd.randrange(1000000)}.{origin}", "A"
        elif dice < 95:
            name, rtype = f"w{rnd.randrange(1000000)}.wild.{origin}", "A"
        else:
            name, rtype = rnd.choice(referral)
        out.write(f"{name} {rtype}\n")
# Every owner, asked for ANY over TCP (RFC 8482 aside, both servers give
# every RRset): one pass touches every page of the zone's data before
# memory is read.
with open(out_path.replace(".queries", ".all"), "w") as out:
    for name in sorted(owners):
        out.write(f"{name} ANY\n")
PY
}

# One configuration, NSD's syntax, read by both servers.
write_conf() {  # origin server-count
  cat > "$work/$1.$2.conf" <<CONF
server:
	ip-address: 127.0.0.1
	port: $port
	server-count: $2
	reuseport: yes
	username: ""
	zonesdir: "$work/zones"
	xfrdir: "$work/xfr"
	database: ""
	zonelistfile: "$work/zone.list"
	xfrdfile: "$work/xfrd.state"
	pidfile: "$work/server.pid"
	logfile: "$work/server.log"
	verbosity: 0
	# Debian's NSD limits responses to 200/s per client network by default
	# (RRL): off, since dnsperf is one client.
	rrl-ratelimit: 0
remote-control:
	control-enable: no
zone:
	name: "$1"
	zonefile: "$1.zone"
CONF
}

# Every process of the tree rooted at `pid`.
tree() {
  local pid=$1 child
  echo "$pid"
  for child in $(ps -o pid= --ppid "$pid"); do tree "$child"; done
}
# user+system clock ticks of the tree (the name in /proc/PID/stat may hold
# spaces: count fields after its closing parenthesis).
cpu_ticks() {
  local total=0 pid
  for pid in $(tree "$1"); do
    total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0)))
  done
  echo "$total"
}
# Proportional set size of the tree, in KiB.
pss_kib() {
  local total=0 pid
  for pid in $(tree "$1"); do
    total=$((total + $(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# Runs a server (the command after --) with the time to its first answer
# to a query for `name` measured from the moment it is executed: a
# detached poller, already running, queries every 5 ms and writes the
# seconds to `file` (nothing after 300 s).
timed_start() {  # name file -- command...
  exec /usr/bin/python3 - "$port" "$@" <<'PY'
import os, socket, struct, sys, time
port, name, result, command = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[5:]
q = struct.pack("!HHHHHH", 0x4242, 0, 1, 0, 0, 0)
q += b"".join(bytes([len(l)]) + l.encode() for l in name.rstrip(".").split(".")) + b"\0" + struct.pack("!HH", 6, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.005)
started = time.monotonic()
if os.fork() == 0:
    if os.fork() == 0:  # the poller, detached from the server
        while time.monotonic() - started < 300:
            s.sendto(q, ("127.0.0.1", port))
            try:
                if s.recv(65535)[:2] == q[:2]:
                    with open(result, "w") as f:
                        f.write(f"{time.monotonic() - started:.3f}\n")
                    break
            except (socket.timeout, ConnectionRefusedError):
                pass
    os._exit(0)
os.wait()
s.close()
os.execv(command[0], command)
PY
}

start_server() {  # kind origin count
  local conf="$work/$2.$3.conf"
  # lnsd keeps its compiled databases in xfrdir/lnsd-db between runs, as
  # between restarts; NSD (database: "") reads the zone file at each start.
  mkdir -p "$work/xfr"
  rm -f "$work/startup"
  case $1 in
    reflector) timed_start "$2" "$work/startup" -- "$reflector" -a 127.0.0.1 -p "$port" -N "$3" & ;;
    lnsd) timed_start "$2" "$work/startup" -- "$lnsd" -d -c "$conf" & ;;
    nsd) timed_start "$2" "$work/startup" -- /usr/sbin/nsd -d -c "$conf" & ;;
  esac
  server_pid=$!
  for ((i = 0; i < 3000; i++)); do
    [ -s "$work/startup" ] && break
    kill -0 "$server_pid" 2>/dev/null || { echo "$1 exited"; cat "$work/server.log" 2>/dev/null; exit 1; }
    sleep 0.1
  done
  [ -s "$work/startup" ] || { echo "$1 did not answer"; cat "$work/server.log" 2>/dev/null; exit 1; }
  startup=$(cat "$work/startup")
}

stop_server() {
  kill -TERM "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

# One measured run: appends "qps latency_ms lost cpu_us_per_query pss_mib startup_s" to results.
measure() {  # kind origin count
  start_server "$@"
  dnsperf -s 127.0.0.1 -p "$port" -d "$work/$2.queries" -l 1 -c 4 -q 200 >/dev/null 2>&1 || true  # warm-up
  local before after
  before=$(cpu_ticks "$server_pid")
  dnsperf -s 127.0.0.1 -p "$port" -d "$work/$2.queries" -l "$seconds" -c 4 -q 200 > "$work/dnsperf.out" 2>&1
  after=$(cpu_ticks "$server_pid")
  # Memory with every page of the zone touched (issue 6): one pass over
  # every name before PSS is read.
  [ "$1" = reflector ] || dnsperf -s 127.0.0.1 -p "$port" -d "$work/$2.all" -n 1 -c 4 -q 200 -m tcp >/dev/null 2>&1 || true
  local pss
  pss=$(pss_kib "$server_pid")
  stop_server
  awk -v ticks=$((after - before)) -v hz="$hz" -v pss="$pss" -v startup="$startup" '
    /Queries completed:/ {completed = $3}
    /Queries lost:/ {lost = $3}
    /Queries per second:/ {qps = $4}
    /Average Latency/ {latency = $4 * 1000}
    END {printf "%.0f %.3f %d %.3f %.0f %s\n", qps, latency, lost, ticks / hz / completed * 1e6, pss / 1024, startup}
  ' "$work/dnsperf.out" >> "$work/results.$1.$2.$3"
}

echo "making the zones ($small_names and $large_names names) and their queries..."
make_zone small.test "$small_names"
make_zone big.test "$large_names"
for origin in small.test big.test; do
  for count in 1 2; do write_conf "$origin" "$count"; done
done

echo "running: ${seconds}s per run, $rounds rounds, dnsperf -c 4 -q 200, reuseport"
for origin in small.test big.test; do
  for count in 1 2; do
    for ((round = 1; round <= rounds; round++)); do
      for kind in reflector lnsd nsd; do
        measure "$kind" "$origin" "$count"
        echo "  $origin server-count $count round $round $kind: $(tail -1 "$work/results.$kind.$origin.$count")"
      done
    done
  done
done

median() {  # column file
  awk -v c="$1" '{print $c}' "$2" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}
echo
echo "medians over $rounds rounds (CPU per query: user+system of all the server's processes / queries answered)"
printf "%-10s %-7s %-9s %9s %11s %6s %13s %9s %8s %10s\n" zone servers server QPS "latency ms" lost "CPU us/query" "x floor" "PSS MiB" "1st answer"
for origin in small.test big.test; do
  for count in 1 2; do
    floor=$(median 4 "$work/results.reflector.$origin.$count")
    for kind in reflector lnsd nsd; do
      f="$work/results.$kind.$origin.$count"
      cpu=$(median 4 "$f")
      printf "%-10s %-7s %-9s %9s %11s %6s %13s %9s %8s %9ss\n" "$origin" "$count" "$kind" "$(median 1 "$f")" \
        "$(median 2 "$f")" "$(median 3 "$f")" "$cpu" "$(awk -v a="$cpu" -v b="$floor" 'BEGIN {printf "%.2f", a / b}')" \
        "$(median 5 "$f")" "$(median 6 "$f")"
    done
    lnsd_cpu=$(median 4 "$work/results.lnsd.$origin.$count")
    nsd_cpu=$(median 4 "$work/results.nsd.$origin.$count")
    awk -v o="$origin" -v c="$count" -v l="$lnsd_cpu" -v n="$nsd_cpu" -v lq="$(median 1 "$work/results.lnsd.$origin.$count")" \
      -v nq="$(median 1 "$work/results.nsd.$origin.$count")" \
      'BEGIN {printf "%-10s %-7s lnsd/nsd: CPU per query %.2f, QPS %.2f\n", o, c, l / n, lq / nq}'
  done
done
echo "(PSS after the run and one ANY query over TCP for every name of the zone; 1st answer: from the start of the process, lnsd with its database already compiled"
echo " except at its first start on each zone, NSD reading the zone file each time)"
