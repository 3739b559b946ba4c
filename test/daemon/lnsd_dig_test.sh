#!/usr/bin/env bash
# lnsd seen by independent clients: dig and kdig over UDP and TCP, on
# 127.0.0.1 and ::1, parse its answers (REFUSED while no zone is loaded).
# Usage: lnsd_dig_test.sh path/to/lnsd
set -euo pipefail
lnsd=$1
dir=$(mktemp -d /tmp/lnsd-dig-test-XXXXXX)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$dir/lnsd.conf" <<CONF
server:
  ip-address: 127.0.0.1
  ip-address: ::1
  port: $port
  username: ""
  zonesdir: "$dir"
  pidfile: "$dir/lnsd.pid"
  logfile: "$dir/lnsd.log"
CONF

"$lnsd" -d -c "$dir/lnsd.conf" &
pid=$!
for _ in $(seq 50); do
  [ -s "$dir/lnsd.pid" ] && grep -q "started" "$dir/lnsd.log" 2>/dev/null && break
  sleep 0.1
done

status=0
check() {  # description, command...
  local what=$1; shift
  local out
  out=$("$@" 2>&1 || true)
  if grep -q "status: REFUSED" <<<"$out" && grep -q "www.example.com" <<<"$out"; then
    echo "ok: $what"
  else
    echo "FAILED: $what"; echo "$out"; status=1
  fi
}
for server in 127.0.0.1 ::1; do
  check "dig UDP $server" dig @"$server" -p "$port" www.example.com A +tries=1 +time=2
  check "dig TCP $server" dig @"$server" -p "$port" www.example.com A +tcp +tries=1 +time=2
  check "kdig UDP $server" kdig @"$server" -p "$port" www.example.com A +retry=0 +timeout=2
  check "kdig TCP $server" kdig @"$server" -p "$port" www.example.com A +tcp +retry=0 +timeout=2
done

kill -TERM "$pid"
wait "$pid" || { echo "FAILED: lnsd exited with status $?"; status=1; }
pid=
if [ -e "$dir/lnsd.pid" ]; then echo "FAILED: pid file left behind"; status=1; else echo "ok: pid file removed"; fi
exit $status
