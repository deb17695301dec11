#!/usr/bin/env bash
# Discovery speed against the tools people use instead (issue 7). Prints one Markdown table;
# asserts nothing. Called by tests/bench/run.sh while the lab runs.
# usage: tests/bench/discover_bench.sh MAILLAB STATE_DIR WORK_DIR   (root: binds port 53 and uses
#        a private mount namespace for the peers' /etc/resolv.conf)
#
# How latency gets in: two tests/bench/delay_proxy.py processes listen on 127.0.11.1 (every mail
# port of the good servers on 127.0.10.1) and 127.0.11.20 (HTTPS 443 and HTTP 80 of the discovery
# server on 127.0.10.20), and tests/bench/dns_delay.py on 127.0.11.53:53 forwards every query to
# the lab's dnsmasq, answers one RTT later and moves A records from 127.0.10.N to 127.0.11.N. So
# every DNS lookup costs one round trip and every TCP connection goes through a proxy that holds
# each chunk RTT/2 each way; certificates still match (TLS is end to end). maillab gets the
# forwarder with --resolver; the peers use the system resolver, so they run in a private mount
# namespace (unshare -m) where /etc/resolv.conf says "nameserver 127.0.11.53" (that adds ~2 ms).
#
# Peers: `msmtp --configure ADDRESS` (RFC 6186 SRV lookups for submission only) and KDE's `ispdb`
# (package accountwizard; Thunderbird's ISPDB at a fixed autoconfig.thunderbird.net URL, then
# http://autoconfig.DOMAIN/ and http://DOMAIN/.well-known/ one after the other, plain HTTP).
# Both are installed with apt-get when missing (accountwizard unless MAILLAB_BENCH_NO_KDE=1).
set -euo pipefail
cd "$(dirname "$0")/../.."
maillab=$1
state=$2
work=$3
runs=${MAILLAB_BENCH_RUNS:-5}
domains=(autoconf.test ispdbonly.test mxonly.test srvonly.test guessonly.test httponly.test)
# shellcheck disable=SC1091
. "$state/servers.env"

# install_peer COMMAND PACKAGE WHAT — apt-get install PACKAGE when COMMAND is missing
install_peer() {
  command -v "$1" >/dev/null && return 0
  echo "discover_bench: installing the peer $1 (package $2, $3) with apt-get" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$2" >"$work/apt-$2.log" 2>&1 ||
    { echo "discover_bench: could not install $2:"; tail -5 "$work/apt-$2.log"; } >&2
}
install_peer msmtp msmtp "about 3 MB"
# KDE's account wizard brings much of KDE PIM (about 190 MB without recommends); set
# MAILLAB_BENCH_NO_KDE=1 to leave it out.
want_kde=$([ "${MAILLAB_BENCH_NO_KDE:-0}" = 1 ] && echo 0 || echo 1)
[ "$want_kde" = 0 ] || install_peer ispdb accountwizard "about 190 MB of KDE PIM"
have_msmtp=$(command -v msmtp >/dev/null && echo 1 || echo 0)
have_ispdb=$([ "$want_kde" = 1 ] && command -v ispdb >/dev/null && echo 1 || echo 0)

echo "nameserver 127.0.11.53" >"$work/resolv.conf"
# in_lab_dns COMMAND... — run with /etc/resolv.conf pointing at the delaying forwarder
in_lab_dns() {
  unshare -m sh -c 'mount --bind "$0" /etc/resolv.conf && exec "$@"' "$work/resolv.conf" "$@"
}

pids=()
stop_proxies() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  pids=()
}
trap stop_proxies EXIT
start_proxies() { # start_proxies RTT_MS
  local half
  half=$(awk -v r="$1" 'BEGIN {print r / 2}')
  python3 tests/bench/delay_proxy.py --listen 127.0.11.1 --target 127.0.10.1 \
    --ports 143,110,587,993,995,465 --delay-ms "$half" >"$work/p1.out" 2>&1 &
  pids+=($!)
  python3 tests/bench/delay_proxy.py --listen 127.0.11.20 --target 127.0.10.20 --ports 443,80 \
    --delay-ms "$half" >"$work/p2.out" 2>&1 &
  pids+=($!)
  python3 tests/bench/dns_delay.py --listen 127.0.11.53:53 --upstream "$MAILLAB_TEST_DNS" \
    --rtt-ms "$1" --from-net 127.0.10 --to-net 127.0.11 >"$work/p3.out" 2>&1 &
  pids+=($!)
  local f
  for f in p1 p2 p3; do
    for _ in $(seq 50); do grep -qs ready "$work/$f.out" && break; sleep 0.1; done
    grep -qs ready "$work/$f.out" || { echo "proxy $f did not start:"; cat "$work/$f.out"; exit 1; }
  done
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# timed_runs NAME COMMAND... — `runs` runs after one warm-up; writes NAME.ms (median wall time),
# NAME.ok (1 if every run exited 0) and each run's output to NAME.N.out / NAME.N.err
timed_runs() {
  local name=$1 i t0 ok=1
  shift
  "$@" >"$work/$name.warm.out" 2>&1 || true
  for ((i = 0; i < runs; i++)); do
    t0=$(now_ms)
    "$@" >"$work/$name.$i.out" 2>"$work/$name.$i.err" || ok=0
    echo $(($(now_ms) - t0))
  done | median >"$work/$name.ms"
  echo "$ok" >"$work/$name.ok"
}
run_maillab() {
  "$maillab" discover "alice@$1" --json --resolver 127.0.11.53:53 --ca-file "$MAILLAB_TEST_CA" \
    --ispdb-url https://ispdb.maillab.test/v1.1/
}
run_msmtp() { in_lab_dns msmtp --configure "alice@$1"; }
# KDE's ispdb does not exit when it finds nothing (seen: still running after 7 minutes on
# autoconf.test, its kio worker busy); 15 s ends such a run, which then counts as "nothing".
run_ispdb() {
  QT_QPA_PLATFORM=offscreen QT_LOGGING_RULES='*.debug=true' in_lab_dns timeout 15 ispdb --email "alice@$1"
}
# peer_cell NAME CHECK_REGEX — "N ms" when every run found settings, else "nothing (N ms)"
peer_cell() {
  local ms found=1 i
  ms=$(cat "$work/$1.ms")
  for ((i = 0; i < runs; i++)); do
    grep -Eqs "$2" "$work/$1.$i.out" "$work/$1.$i.err" || found=0
  done
  [ "$(cat "$work/$1.ok")" = 1 ] || found=0
  if [ "$found" = 1 ]; then echo "$ms"; else echo "nothing ($ms)"; fi
}

declare -A cell
for rtt in 0 50; do
  start_proxies "$rtt"
  timed_runs ns in_lab_dns true
  cell[ns,$rtt]=$(cat "$work/ns.ms")
  for d in "${domains[@]}"; do
    timed_runs "m-$d-$rtt" run_maillab "$d"
    read -r cell[src,$d,$rtt] cell[el,$d,$rtt] cell[own,$d,$rtt] cell[turn,$d,$rtt] < <(
      python3 tests/bench/discover_summary.py "$work/m-$d-$rtt".[0-9]*.out)
    cell[wall,$d,$rtt]=$(cat "$work/m-$d-$rtt.ms")
    if [ "$have_msmtp" = 1 ]; then
      timed_runs "s-$d-$rtt" run_msmtp "$d"
      cell[msmtp,$d,$rtt]=$(peer_cell "s-$d-$rtt" '^host ')
    fi
    if [ "$have_ispdb" = 1 ]; then
      timed_runs "k-$d-$rtt" run_ispdb "$d"
      cell[ispdb,$d,$rtt]=$(peer_cell "k-$d-$rtt" 'hostname: *"?[a-z]')
    fi
  done
  stop_proxies
done

pair() { echo "${cell[$1,$2,0]} / ${cell[$1,$2,50]}"; }
echo
echo "Discovery, RTT 0 ms / 50 ms (every DNS answer and TCP chunk delayed); medians of $runs runs, ms;"
echo "address alice@DOMAIN; maillab: --resolver to the delaying forwarder; peers: unshare -m with"
echo "/etc/resolv.conf → the same forwarder (the namespace alone costs ${cell[ns,0]} ms)."
echo
echo "| domain (found only by) | \`maillab discover\` | maillab's own total (--json) | the finding source | sources up to it, one after the other | \`msmtp --configure\` | KDE \`ispdb\` |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for d in "${domains[@]}"; do
  m=$([ "$have_msmtp" = 1 ] && pair msmtp "$d" || echo "not installed")
  k=$([ "$have_ispdb" = 1 ] && pair ispdb "$d" || echo "left out (see README)")
  src=${cell[src,$d,0]}
  [ "$src" = "${cell[src,$d,50]}" ] || src="$src / ${cell[src,$d,50]}"
  echo "| $d ($src) | $(pair wall "$d") | $(pair el "$d") | $(pair own "$d") | $(pair turn "$d") | $m | $k |"
done
