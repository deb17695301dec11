#!/usr/bin/env bash
# Speed against what people use instead (issue 7): verification and many accounts (below),
# discovery with its peers (tests/bench/discover_bench.sh, same lab) and the simulator
# (tests/bench/sim_bench.sh, after the lab is stopped). Prints Markdown tables; asserts nothing.
# usage: tests/bench/run.sh [BUILD_DIR]   (default build/dev; needs root for the test servers)
# `cmake --build BUILD_DIR --target bench` builds maillab and maillab-sim and runs this.
#
# How latency gets in: there is no tc netem here, so tests/bench/delay_proxy.py listens on
# 127.0.11.1:993 and :587 and forwards to the lab's real Dovecot/Postfix on 127.0.10.1, holding
# every chunk RTT/2 in each direction and charging the TCP handshake one round trip. The same
# process answers DNS on 127.0.11.53 with 127.0.11.1 for every *.maillab.test name, so
# `maillab verify --resolver 127.0.11.53:53` connects to imap.maillab.test / smtp.maillab.test
# through the proxy while the lab certificate (issued for those names) still verifies. curl and
# swaks get the proxy address directly (curl --resolve, swaks --server + --tls-sni) and skip DNS,
# so DNS costs no delay for anyone. Passwords go to every tool through 0600 files, never argv.
#
# Round trips the checks need at the least (TLS 1.3, RFC-following clients that wait for each
# reply; closing the connection is not waited for):
#   IMAPS 993:  TCP 1 + TLS 1 + greeting (sent after the handshake) 1 + AUTHENTICATE 1
#               + LOGOUT 1                                                                  = 5
#   SMTP 587:   TCP 1 + greeting 1 + EHLO 1 + STARTTLS 1 + TLS 1 + EHLO 1 + AUTH 1 + QUIT 1 = 8
# The QUIT reply is part of the bound: RFC 5321 4.1.1.10 says the client SHOULD wait for it
# (swaks does). IMAP's LOGOUT reply is not required of a client, but curl and maillab wait for
# it and it is shorter than the SMTP side anyway. maillab runs both at once, so its bound is
# max(5, 8) = 8 RTT; one after the other is 5 + 8 = 13 RTT.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/dev}
maillab=$(realpath "$build/engine/maillab")
runs=${MAILLAB_BENCH_RUNS:-5}
batch_size=${MAILLAB_BENCH_ACCOUNTS:-200}
[ -x "$maillab" ] || { echo "build maillab first (cmake --build $build --target maillab)"; exit 2; }
for tool in curl swaks python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool"; exit 2; }
done
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
live() { pgrep -r D,R,S,T "$@" >/dev/null; } # zombies left to init do not count
if live -x dovecot || live -x dnsmasq || live -f delay_proxy.py; then
  echo "the test servers (or another bench) are running; only one lab fits on this machine"
  exit 2
fi

work=$(mktemp -d /tmp/maillab-bench.XXXXXX)
chmod 755 "$work" # the daemons' users must reach the state dir
state=$work/servers
proxy_pid=
cleanup() {
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null && wait "$proxy_pid" 2>/dev/null
  bash tests/servers/stop.sh "$state" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
bash tests/servers/start.sh "$state" >"$work/start.log" 2>&1 || { cat "$work/start.log"; exit 1; }
# shellcheck disable=SC1091
. "$state/servers.env"

proxy_ip=127.0.11.1
dns=127.0.11.53:53
umask 077
user=alice@maillab.test
password_of() { grep "^$1 " "$MAILLAB_TEST_USERS" | cut -d' ' -f2-; }
password=$(password_of "$user")
printf '%s\n' "$password" >"$work/password"
cat >"$work/account.json" <<JSON
{ "email": "$user", "name": "Alice",
  "incoming": { "protocol": "imap", "host": "imap.maillab.test", "port": 993, "security": "tls",
                "username": "$user" },
  "outgoing": { "host": "smtp.maillab.test", "port": 587, "security": "starttls",
                "username": "$user" } }
JSON
printf 'user = "%s:%s"\n' "$user" "$password" >"$work/curl.cfg"
printf 'auth-user %s\nauth-password %s\n' "$user" "$password" >"$work/swaks.cfg"
# The batch: the lab's users in turn, each account with its password inside (a 0600 file).
python3 - "$MAILLAB_TEST_USERS" "$batch_size" >"$work/batch.jsonl" <<'PY'
import json, sys
users = [l.rstrip("\n").split(" ", 1) for l in open(sys.argv[1]) if l.strip() and not l.startswith("#")]
for i in range(int(sys.argv[2])):
    login, password = users[i % len(users)]
    side = {"host": "", "username": login, "password": password}
    print(json.dumps({"email": login, "name": "Bench",
        "incoming": dict(side, protocol="imap", host="imap.maillab.test", port=993, security="tls"),
        "outgoing": dict(side, host="smtp.maillab.test", port=587, security="starttls")}))
PY

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run_maillab() {
  "$maillab" verify "$work/account.json" --resolver "$dns" --ca-file "$MAILLAB_TEST_CA" \
    --password-file "$work/password" >"$work/maillab.out" 2>&1 ||
    { echo "maillab verify failed:"; cat "$work/maillab.out"; exit 1; }
}
run_curl() {
  curl -sS --max-time 30 --cacert "$MAILLAB_TEST_CA" --resolve "imap.maillab.test:993:$proxy_ip" \
    -K "$work/curl.cfg" -X NOOP imaps://imap.maillab.test/ >"$work/curl.out" 2>&1 ||
    { echo "curl failed:"; cat "$work/curl.out"; exit 1; }
}
run_swaks() {
  swaks --config "$work/swaks.cfg" --server "$proxy_ip" --port 587 --tls --tls-verify \
    --tls-ca-path "$MAILLAB_TEST_CA" --tls-sni smtp.maillab.test --auth PLAIN \
    --quit-after AUTH --timeout 30 --silent 2 >"$work/swaks.out" 2>&1 ||
    { echo "swaks failed:"; cat "$work/swaks.out"; exit 1; }
}
# Median wall time in ms of `runs` runs of the given commands, one after the other.
timed() {
  local i t0
  for ((i = 0; i < runs; i++)); do
    t0=$(now_ms)
    "$@"
    echo $(($(now_ms) - t0))
  done | median
}
both() { run_curl; run_swaks; }
# accounts/s and peak RSS (MiB) of one batch run
batch() {
  /usr/bin/time -f 'peak_kib %M' "$maillab" verify --batch "$work/batch.jsonl" --resolver "$1" \
    --ca-file "$MAILLAB_TEST_CA" --jobs "${MAILLAB_BENCH_JOBS:-32}" >"$work/batch.out" 2>"$work/batch.err" ||
    { echo "maillab verify --batch failed:"; tail -5 "$work/batch.out" "$work/batch.err"; exit 1; }
  local rate kib
  rate=$(sed -n 's/.* \([0-9.]*\) accounts\/s$/\1/p' "$work/batch.out")
  kib=$(sed -n 's/^peak_kib //p' "$work/batch.err")
  echo "$rate $(awk -v k="$kib" 'BEGIN {printf "%.1f", k / 1024}')"
}

declare -A result
for rtt in 0 50; do
  python3 tests/bench/delay_proxy.py --listen "$proxy_ip" --target 127.0.10.1 --ports 993,587 \
    --delay-ms "$(awk -v r="$rtt" 'BEGIN {print r / 2}')" --dns "$dns" >"$work/proxy.out" 2>&1 &
  proxy_pid=$!
  for _ in $(seq 50); do grep -qs ready "$work/proxy.out" && break; sleep 0.1; done
  run_maillab; run_curl; run_swaks # warm up (page cache, first connections)
  result[maillab,$rtt]=$(timed run_maillab)
  result[curl,$rtt]=$(timed run_curl)
  result[swaks,$rtt]=$(timed run_swaks)
  result[both,$rtt]=$(timed both)
  read -r result[rate,$rtt] result[rss,$rtt] < <(batch "$dns")
  kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true; proxy_pid=
done
read -r result[rate,direct] result[rss,direct] < <(batch "$MAILLAB_TEST_DNS")
bash tests/bench/discover_bench.sh "$maillab" "$state" "$work" >"$work/discover.md"
bash tests/servers/stop.sh "$state" >/dev/null 2>&1 || true

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }'; }
cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
echo
echo "Machine: $cpu, $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), $(uname -r)"
echo
echo "Load average at the start: $load_at_start."
echo
echo "Verification; medians of $runs runs;"
echo "latency: tests/bench/delay_proxy.py on loopback; $batch_size accounts = the lab's users in turn."
echo
echo "| case | RTT 0 ms | RTT 50 ms |"
echo "| --- | ---: | ---: |"
echo "| \`maillab verify\` (IMAPS 993 + SMTP 587 STARTTLS, at once) | ${result[maillab,0]} ms | ${result[maillab,50]} ms |"
echo "| \`curl\` IMAPS NOOP then \`swaks\` STARTTLS AUTH, one after the other | ${result[both,0]} ms | ${result[both,50]} ms |"
echo "| &nbsp;&nbsp;\`curl\` alone | ${result[curl,0]} ms | ${result[curl,50]} ms |"
echo "| &nbsp;&nbsp;\`swaks\` alone | ${result[swaks,0]} ms | ${result[swaks,50]} ms |"
echo "| maillab ÷ (curl then swaks) (goal ≤ 0.5 at 50 ms) | $(ratio "${result[maillab,0]}" "${result[both,0]}") | $(ratio "${result[maillab,50]}" "${result[both,50]}") |"
echo "| lower bound, both at once: 8 round trips | 0 ms | 400 ms |"
echo "| lower bound, one after the other: 5 + 8 = 13 round trips | 0 ms | 650 ms |"
echo "| maillab ÷ its lower bound (goal ≤ 1.2) | – | $(ratio "${result[maillab,50]}" 400) |"
echo "| \`maillab verify --batch\`, $batch_size accounts, --jobs ${MAILLAB_BENCH_JOBS:-32}: accounts/s (goal ≥ 50) | ${result[rate,0]} | ${result[rate,50]} |"
echo "| &nbsp;&nbsp;peak memory (RSS, goal < 100 MiB) | ${result[rss,0]} MiB | ${result[rss,50]} MiB |"
echo "| \`maillab verify --batch\` straight to the servers (no proxy): accounts/s, peak RSS | ${result[rate,direct]}, ${result[rss,direct]} MiB | |"
cat "$work/discover.md"
bash tests/bench/sim_bench.sh "$build"
