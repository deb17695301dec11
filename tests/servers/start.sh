#!/usr/bin/env bash
# start.sh STATE_DIR — start the MailLab loopback mail lab for integration tests.
#
# Starts, without systemd and with configs from templates/ written into STATE_DIR:
#   Dovecot   IMAP/POP3 (+ LMTP and SASL for Postfix) on 127.0.10.1-.6
#   Postfix   submission 587/465 on 127.0.10.1-.6 (Dovecot SASL, delivery to Dovecot by LMTP)
#   dnsmasq   the zone maillab.test and the discovery test domains on 127.0.10.53:53
#   discovery_server.py  HTTPS :443 and HTTP :80 on 127.0.10.20 (autoconfig, ISPDB, Autodiscover)
# with certificates from make-certs.sh and the users of users.txt; see README.md for the addresses.
# Waits (at most 20 s) until every listener answers, then writes STATE_DIR/servers.env.
# Must run as root. STATE_DIR is wiped first if an earlier start.sh made it (a running lab in it is
# stopped); a non-empty directory that start.sh did not make is refused. On any failure everything
# started so far is stopped again and the exit status is non-zero.
set -euo pipefail
umask 022 # the daemons' own users read configs and reach sockets below STATE_DIR

started_at=$EPOCHREALTIME
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly WAIT_SECS=20
readonly MARKER=.maillab-test-state

die() { echo "start.sh: error: $*" >&2; exit 1; }

[ $# -eq 1 ] || { echo "usage: $0 STATE_DIR" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || die "must run as root (the daemons switch to their own users)"
for cmd in dovecot doveadm postfix dnsmasq openssl dig runuser flock; do
  command -v "$cmd" >/dev/null || die "'$cmd' not found; run scripts/install-deps.sh"
done
# Debian's python3 (standard library only), not whatever a version manager put first in PATH.
python=/usr/bin/python3
[ -x "$python" ] || python=$(command -v python3) || die "'python3' not found; run scripts/install-deps.sh"

mkdir -p "$1"
state=$(cd "$1" && pwd)
# The path goes into Postfix and Dovecot configs unquoted: keep it simple.
[[ $state =~ ^/[A-Za-z0-9._/+-]+$ ]] || die "STATE_DIR '$state' may only contain A-Z a-z 0-9 . _ / + -"
[ "$state" != / ] || die "STATE_DIR must not be /"

if [ -e "$state/$MARKER" ]; then
  bash "$here/stop.sh" "$state"
  find "$state" -mindepth 1 -delete
elif [ -n "$(ls -A "$state")" ]; then
  die "$state is not empty and was not made by start.sh; refusing to wipe it"
fi
touch "$state/$MARKER"
chmod 0755 "$state" # e.g. mktemp -d makes it 0700

started=0
on_exit() {
  local rc=$?
  if [ "$rc" -ne 0 ] && [ "$started" -eq 0 ]; then
    echo "start.sh: failed; stopping whatever was started in $state" >&2
    bash "$here/stop.sh" "$state" >&2 || true
  fi
}
trap on_exit EXIT

# The daemons' unprivileged users reach sockets, mailboxes and the password file in STATE_DIR.
for u in dovecot postfix mail; do
  runuser -u "$u" -- test -x "$state" ||
    die "user '$u' cannot reach $state: every parent directory needs o+x (use e.g. /tmp/...)"
done

mail_uid=$(id -u mail)
mail_gid=$(id -g mail)
mkdir -p "$state"/{logs,dns,mail,discovery} "$state"/dovecot/{run,lib} "$state"/postfix/{etc,spool,lib}
chmod 0755 "$state/logs"
chown mail:mail "$state/mail"
chmod 0700 "$state/mail"
chown postfix:postfix "$state/postfix/lib"

bash "$here/make-certs.sh" "$state/certs"

render() { # render TEMPLATE OUTPUT
  sed -e "s#@STATE@#$state#g" -e "s#@MAIL_UID@#$mail_uid#g" -e "s#@MAIL_GID@#$mail_gid#g" \
    "$here/templates/$1" >"$2"
}
render dovecot.conf.in "$state/dovecot/dovecot.conf"
render postfix-main.cf.in "$state/postfix/etc/main.cf"
render postfix-master.cf.in "$state/postfix/etc/master.cf"
render dnsmasq.conf.in "$state/dns/dnsmasq.conf"

# Users: Dovecot's passwd-file (hashes only) and Postfix's list of mailboxes.
cp "$here/users.txt" "$state/users.txt"
passwd=$state/dovecot/users.passwd
: >"$passwd"
: >"$state/postfix/etc/vmailbox"
while IFS= read -r line || [ -n "$line" ]; do
  case $line in '' | '#'*) continue ;; esac
  user=${line%% *}
  pass=${line#* }
  hash=$(printf '%s\n%s\n' "$pass" "$pass" | doveadm -O pw -s CRAM-MD5)
  printf '%s:%s\n' "${user,,}" "$hash" >>"$passwd"
  printf '%s OK\n' "${user,,}" >>"$state/postfix/etc/vmailbox"
done <"$state/users.txt"
chown root:dovecot "$passwd"
chmod 0640 "$passwd"
# Postfix pauses while a config file or table is less than 2 s old (it may be half written).
touch -d '-1 minute' "$state"/postfix/etc/*

# tail_log NAME FILE — show the end of a daemon's log after a failure
tail_log() {
  echo "---- last lines of $2 ($1) ----" >&2
  tail -n 25 "$2" >&2 2>/dev/null || echo "(no log)" >&2
  echo "----" >&2
}

# The daemons get no terminal and no inherited pipes (a caller reading our output would wait
# for them forever); what they print while starting goes to logs/*.out.
out=$state/logs
# The discovery web server first: Python's start-up overlaps with the others'. It detaches itself
# (setsid), writes discovery/discovery.pid once it listens, then runs as nobody.
"$python" -I -S "$here/discovery_server.py" --maillab-state="$state" </dev/null >"$out/discovery.out" 2>&1 &
discovery_pid=$!
dovecot -c "$state/dovecot/dovecot.conf" </dev/null >"$out/dovecot.out" 2>&1 ||
  { tail_log dovecot "$out/dovecot.out"; tail_log dovecot "$out/dovecot.log"; die "dovecot did not start"; }
postfix -c "$state/postfix/etc" start </dev/null >"$out/postfix.out" 2>&1 ||
  { tail_log postfix "$out/postfix.out"; tail_log postfix "$out/postfix.log"; die "postfix did not start"; }
dnsmasq --conf-file="$state/dns/dnsmasq.conf" </dev/null >"$out/dnsmasq.out" 2>&1 ||
  { tail_log dnsmasq "$out/dnsmasq.out"; tail_log dnsmasq "$out/dnsmasq.log"; die "dnsmasq did not start"; }

# ---- wait until everything answers ----
deadline=$((SECONDS + WAIT_SECS))
# wait_for WHAT LOG COMMAND... — retry COMMAND until it succeeds or the deadline passes
wait_for() {
  local what=$1 log=$2
  shift 2
  until "$@" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail_log "${what%% *}" "$log"
      die "$what is not ready after $WAIT_SECS s"
    fi
    sleep 0.05
  done
}
# listening IP PORT — a TCP socket listens there; looked up in /proc/net/tcp rather than by
# connecting, so that the daemons' logs stay free of probe connections
listening() {
  local a b c d
  IFS=. read -r a b c d <<<"$1"
  grep -q "^ *[0-9]*: $(printf '%02X%02X%02X%02X:%04X' "$d" "$c" "$b" "$a" "$2") [0-9A-F:]* 0A " /proc/net/tcp
}
# greeting HOST PORT PREFIX — the server's first line starts with PREFIX (login ready to authenticate)
greeting() (
  exec 3<>"/dev/tcp/$1/$2"
  IFS= read -r -t 2 line <&3 && [[ $line == "$3"* ]]
)
dns_answers() { [ "$(dig +short +time=1 +tries=1 -p 53 @127.0.10.53 mail.maillab.test A)" = 127.0.10.1 ]; }

wait_for "dovecot pid file" "$state/logs/dovecot.log" test -s "$state/dovecot/run/master.pid"
wait_for "postfix pid file" "$state/logs/postfix.log" test -s "$state/postfix/spool/pid/master.pid"
wait_for "dnsmasq pid file" "$state/logs/dnsmasq.log" test -s "$state/dns/dnsmasq.pid"
for ip in 127.0.10.1 127.0.10.2 127.0.10.3 127.0.10.4 127.0.10.5 127.0.10.6; do
  ports="143 110 587"
  case $ip in 127.0.10.[1-4]) ports+=" 993 995 465" ;; esac
  for port in $ports; do
    case $port in
      587 | 465) wait_for "postfix $ip:$port" "$state/logs/postfix.log" listening "$ip" "$port" ;;
      *) wait_for "dovecot $ip:$port" "$state/logs/dovecot.log" listening "$ip" "$port" ;;
    esac
  done
done
# A full greeting means the login process reached Dovecot's auth process; the SMTP banner
# means Postfix's smtpd runs. (These three probes are the only lines start.sh leaves in the logs.)
wait_for "dovecot IMAP greeting on 127.0.10.6:143" "$state/logs/dovecot.log" \
  greeting 127.0.10.6 143 "* OK [CAPABILITY"
wait_for "dovecot POP3 greeting on 127.0.10.6:110" "$state/logs/dovecot.log" greeting 127.0.10.6 110 "+OK"
wait_for "postfix banner on 127.0.10.6:587" "$state/logs/postfix.log" greeting 127.0.10.6 587 "220 "
wait_for "dnsmasq 127.0.10.53:53" "$state/logs/dnsmasq.log" dns_answers
# alive PID — the process exists and is no zombie
alive() {
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  [[ $stat != [ZX]* ]]
}
discovery_ready() {
  test -s "$state/discovery/discovery.pid" && listening 127.0.10.20 443 && listening 127.0.10.20 80
}
until discovery_ready; do
  if ! alive "$discovery_pid"; then
    tail_log discovery "$out/discovery.out"
    die "the discovery server (discovery_server.py) exited while starting"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    tail_log discovery "$out/discovery.out"
    die "the discovery server is not ready after $WAIT_SECS s"
  fi
  sleep 0.02
done

cat >"$state/servers.env.tmp" <<EOF
# Written by tests/servers/start.sh; shell KEY=VALUE lines (no quoting needed).
MAILLAB_TEST_STATE=$state
MAILLAB_TEST_CA=$state/certs/ca.pem
MAILLAB_TEST_CERTS=$state/certs
MAILLAB_TEST_DNS=127.0.10.53:53
MAILLAB_TEST_USERS=$state/users.txt
MAILLAB_TEST_DOVECOT_LOG=$state/logs/dovecot.log
MAILLAB_TEST_POSTFIX_LOG=$state/logs/postfix.log
MAILLAB_TEST_DNSMASQ_LOG=$state/logs/dnsmasq.log
MAILLAB_TEST_DISCOVERY_LOG=$state/logs/discovery.log
MAILLAB_TEST_SET_PASSWORD=$here/set-password.sh
MAILLAB_TEST_IP_GOOD=127.0.10.1
MAILLAB_TEST_IP_WRONGNAME=127.0.10.2
MAILLAB_TEST_IP_EXPIRED=127.0.10.3
MAILLAB_TEST_IP_SELFSIGNED=127.0.10.4
MAILLAB_TEST_IP_NOTLS=127.0.10.5
MAILLAB_TEST_IP_PLAIN=127.0.10.6
MAILLAB_TEST_IP_BLACKHOLE=127.0.10.8
MAILLAB_TEST_IP_CLOSED=127.0.10.9
MAILLAB_TEST_IP_DISCOVERY=127.0.10.20
EOF
mv "$state/servers.env.tmp" "$state/servers.env"
started=1
elapsed=$(( (${EPOCHREALTIME/./} - ${started_at/./}) / 1000 ))
echo "start.sh: mail lab running in $state (ready in ${elapsed} ms); see $state/servers.env"
