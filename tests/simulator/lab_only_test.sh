#!/usr/bin/env bash
# `maillab-sim --lab-only`: the lab provider without a window prints its addresses, ports and CA
# file, real clients (curl) use it, and SIGTERM stops it cleanly. Skipped (77) without curl.
# usage: lab_only_test.sh MAILLAB_SIM WORLD_JSON
set -euo pipefail
sim=$1 world=$2
command -v curl >/dev/null || { echo "SKIP: curl is not installed"; exit 77; }
dir=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
"$sim" --lab-only --lab-state "$dir/lab" --lab-world "$world" >"$dir/out" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q '^Serving' "$dir/out" && break; sleep 0.1; done
grep -q '^Serving' "$dir/out" || { echo "FAIL: no 'Serving' line"; cat "$dir/out"; exit 1; }
port() { sed -n "s/^  $1 (like [0-9]*): 127.0.0.1 port \([0-9]*\)$/\1/p" "$dir/out"; }
ca=$(sed -n 's/^  CA certificate (trust it in the client): //p' "$dir/out")
imaps=$(port imap_tls) smtp=$(port smtp_starttls)
[ -n "$imaps" ] && [ -n "$smtp" ] && [ -f "$ca" ] || { echo "FAIL: ports or CA missing"; cat "$dir/out"; exit 1; }
# The password goes in a 0600 curl config file, never on a command line.
umask 077
password=$(python3 -c 'import json,sys; print([u["password"] for u in json.load(open(sys.argv[1]))["users"] if u["address"].startswith("alex@")][0])' "$world")
printf 'user = "alex@lab.maillab.test:%s"\n' "$password" >"$dir/curl.conf"
out=$(curl --silent --show-error --max-time 20 --cacert "$ca" -K "$dir/curl.conf" \
  --resolve "imap.lab.maillab.test:$imaps:127.0.0.1" "imaps://imap.lab.maillab.test:$imaps/" -X 'EXAMINE INBOX')
echo "$out" | grep -q 'EXISTS' || { echo "FAIL: imaps EXAMINE: $out"; exit 1; }
curl --silent --show-error --max-time 20 --cacert "$ca" -K "$dir/curl.conf" --ssl-reqd \
  --resolve "smtp.lab.maillab.test:$smtp:127.0.0.1" "smtp://smtp.lab.maillab.test:$smtp" \
  --mail-from alex@lab.maillab.test --mail-rcpt sam@lab.maillab.test \
  -T <(printf 'Subject: from curl\r\n\r\nhello\r\n') || { echo "FAIL: smtp submission"; exit 1; }
# The DNS server it names answers the lab zone (when dig is installed).
dns=$(sed -n 's/^  DNS server for lab.maillab.test (UDP and TCP): \([0-9.]*:[0-9]*\) .*/\1/p' "$dir/out")
[ -n "$dns" ] || { echo "FAIL: no DNS server line"; cat "$dir/out"; exit 1; }
if command -v dig >/dev/null; then
  mx=$(dig @"${dns%:*}" -p "${dns##*:}" +short +time=5 +tries=1 MX lab.maillab.test)
  [ "$mx" = "10 mail.lab.maillab.test." ] || { echo "FAIL: dig MX: $mx"; exit 1; }
fi
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
[ "$status" -eq 0 ] || { echo "FAIL: exit status $status after SIGTERM"; exit 1; }
grep -q '^Stopped' "$dir/out" || { echo "FAIL: no 'Stopped' line"; exit 1; }
if grep -q "$password" "$dir/out"; then echo "FAIL: the password was printed"; exit 1; fi
echo "lab-only: imaps $imaps, submission $smtp, DNS $dns, CA $ca: ok"
