#!/usr/bin/env bash
# stop.sh STATE_DIR — stop the mail lab that start.sh started in STATE_DIR.
#
# Stops Dovecot, Postfix and dnsmasq of this STATE_DIR only: first politely (postfix stop,
# SIGTERM to the masters), then, after at most 5 s, SIGKILL to whatever is left. Processes are
# found by their pid files and, for a half-finished start, by their configuration paths
# (Dovecot's and dnsmasq's command line, Postfix's MAIL_CONFIG). Never fails when nothing runs;
# keeps STATE_DIR (logs, mailboxes) for inspection.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 STATE_DIR" >&2; exit 2; }
[ -d "$1" ] || exit 0
state=$(cd "$1" && pwd)

alive() { # alive PID — running and not a zombie
  local s
  s=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$s" ] && [ "$s" != Z ] && [ "$s" != X ]
}

group_alive() { # group_alive PGID — a process of the group runs (zombies don't count)
  ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

# lab_pids — pids of this lab's daemons: Dovecot master and its children (its process group),
# Postfix master and its children, dnsmasq
lab_pids() {
  local dir pid args envs a
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    [ "$pid" != $$ ] || continue
    mapfile -d '' args 2>/dev/null <"$dir/cmdline" || continue
    for a in "${args[@]}"; do
      case $a in
        "$state/dovecot/dovecot.conf" | "--conf-file=$state/dns/dnsmasq.conf") echo "$pid"; continue 2 ;;
      esac
    done
    mapfile -d '' envs 2>/dev/null <"$dir/environ" || continue
    for a in "${envs[@]}"; do
      [ "$a" != "MAIL_CONFIG=$state/postfix/etc" ] || { echo "$pid"; continue 2; }
    done
  done
}

# Collect the masters from pid files (still valid only if their command matches).
pids=()
pidfile_pid() { # pidfile_pid FILE COMM
  local pid
  pid=$(head -n1 "$1" 2>/dev/null | tr -dc 0-9) || true
  [ -n "$pid" ] && alive "$pid" && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] && pids+=("$pid")
  return 0
}
pidfile_pid "$state/dovecot/run/master.pid" dovecot
pidfile_pid "$state/postfix/spool/pid/master.pid" master
pidfile_pid "$state/dns/dnsmasq.pid" dnsmasq
mapfile -t found < <(lab_pids)
pids+=("${found[@]}")
[ ${#pids[@]} -gt 0 ] || exit 0

# Dovecot and Postfix masters lead their own process groups: include the groups' members.
groups=()
for pid in "${pids[@]}"; do
  pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ') || continue
  [ "$pgid" = "$pid" ] && groups+=("$pgid")
done

if [ -f "$state/postfix/etc/main.cf" ]; then
  postfix -c "$state/postfix/etc" stop >/dev/null 2>&1 || true
fi
kill -TERM "${pids[@]}" 2>/dev/null || true

deadline=$((SECONDS + 5))
while [ "$SECONDS" -lt "$deadline" ]; do
  left=()
  for pid in "${pids[@]}"; do
    if alive "$pid"; then left+=("$pid"); fi
  done
  for g in "${groups[@]}"; do
    if group_alive "$g"; then left+=("-$g"); fi
  done
  [ ${#left[@]} -gt 0 ] || break
  sleep 0.1
done
for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
for g in "${groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
echo "stop.sh: stopped the mail lab in $state"
exit 0
