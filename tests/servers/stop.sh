#!/usr/bin/env bash
# stop.sh STATE_DIR — stop the mail lab that start.sh started in STATE_DIR.
#
# Stops Dovecot, Postfix, dnsmasq and discovery_server.py of this STATE_DIR only: first politely
# (postfix stop, SIGTERM), then, after at most 5 s, SIGKILL to whatever is left. The processes are
# found by their pid files and also, for a half-finished start, by their configuration paths
# (Dovecot's and dnsmasq's command line, Postfix's MAIL_CONFIG, the discovery server's
# --maillab-state argument); the Dovecot and Postfix masters lead process groups that hold their
# children. Never fails when nothing runs; keeps STATE_DIR (logs, mailboxes) for inspection.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 STATE_DIR" >&2; exit 2; }
[ -d "$1" ] || exit 0
state=$(cd "$1" && pwd)

# alive PID — the process exists and is no zombie
alive() {
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  [[ $stat != [ZX]* ]]
}

# pidfile_pid FILE COMM — the pid in FILE if that process still runs COMM
pidfile_pid() {
  local pid
  pid=$(head -n1 "$1" 2>/dev/null | tr -dc 0-9) || true
  if [ -n "$pid" ] && alive "$pid" && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ]; then
    echo "$pid"
  fi
}

# config_pids — processes started with this lab's configuration files
config_pids() {
  local dir args envs a
  for dir in /proc/[0-9]*; do
    if [ "${dir#/proc/}" = $$ ] || ! alive "${dir#/proc/}"; then continue; fi
    mapfile -d '' args 2>/dev/null <"$dir/cmdline" || continue
    for a in "${args[@]}"; do
      case $a in
        "$state/dovecot/dovecot.conf" | "--conf-file=$state/dns/dnsmasq.conf" | \
          "--maillab-state=$state")
          echo "${dir#/proc/}"
          continue 2
          ;;
      esac
    done
    mapfile -d '' envs 2>/dev/null <"$dir/environ" || continue
    for a in "${envs[@]}"; do
      if [ "$a" = "MAIL_CONFIG=$state/postfix/etc" ]; then
        echo "${dir#/proc/}"
        continue 2
      fi
    done
  done
}

mapfile -t pids < <(
  {
    pidfile_pid "$state/dovecot/run/master.pid" dovecot
    pidfile_pid "$state/postfix/spool/pid/master.pid" master
    pidfile_pid "$state/dns/dnsmasq.pid" dnsmasq
    pid=$(head -n1 "$state/discovery/discovery.pid" 2>/dev/null | tr -dc 0-9) || true
    if [ -n "$pid" ] && alive "$pid" &&
      tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "--maillab-state=$state"; then
      echo "$pid"
    fi
    config_pids
  } | sort -un
)
[ ${#pids[@]} -gt 0 ] || exit 0

# running — the pids (and members of the process groups they lead) that still run; zombies are
# dead already
running() {
  ps -e -o pid=,pgid=,stat= |
    awk -v want=" ${pids[*]} " '$3 !~ /^Z/ && (index(want, " " $1 " ") || index(want, " " $2 " ")) { print $1 }'
}

if [ -f "$state/postfix/etc/main.cf" ]; then
  postfix -c "$state/postfix/etc" stop >/dev/null 2>&1 || true
fi
# Masters stop their own children.
kill -TERM "${pids[@]}" 2>/dev/null || true

deadline=$((SECONDS + 5))
while [ -n "$(running)" ] && [ "$SECONDS" -lt "$deadline" ]; do
  sleep 0.1
done
mapfile -t left < <(running)
if [ ${#left[@]} -gt 0 ]; then
  echo "stop.sh: killing what did not stop after SIGTERM: ${left[*]}" >&2
  kill -KILL "${left[@]}" 2>/dev/null || true
fi
echo "stop.sh: stopped the mail lab in $state"
