#!/usr/bin/env bash
# set-password.sh STATE_DIR USER — change a lab user's password while the servers run.
#
# Reads the new password from the first line of standard input (never from the command line),
# e.g.  printf '%s\n' "$new" | tests/servers/set-password.sh "$STATE" alice@maillab.test
# Any characters but newline and NUL are allowed (spaces, quotes, backslashes, colons, UTF-8,
# long passwords). Only Dovecot's CRAM-MD5 hash is stored, so the file format stays safe;
# IMAP, POP3 and SMTP AUTH (Postfix asks Dovecot) all see the change.
# Dovecot notices a changed passwd-file by mtime (whole seconds) and size and looks at most once
# a second: the file is replaced atomically with a strictly newer mtime, then the script waits
# 1.1 s, so the next login sees the new password.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 STATE_DIR USER  (new password on stdin)" >&2; exit 2; }
die() { echo "set-password.sh: error: $*" >&2; exit 1; }
file=$1/dovecot/users.passwd
user=${2,,}
[ -f "$file" ] || die "$file not found (did start.sh run with this STATE_DIR?)"
[[ $user =~ ^[^:[:space:]]+$ ]] || die "bad user name '$2'"

IFS= read -r password || [ -n "$password" ] || die "no password on stdin"
[ -n "$password" ] || die "empty password"
# doveadm pw asks twice when stdin is no terminal; printf is a shell builtin (nothing in argv).
hash=$(printf '%s\n%s\n' "$password" "$password" | doveadm -O pw -s CRAM-MD5)
[[ $hash == "{CRAM-MD5}"* ]] || die "doveadm pw failed"

exec 9>"$file.lock"
flock 9
# The new file must not share its mtime second with the current one.
old_mtime=$(stat -c %Y "$file")
while [ "$EPOCHSECONDS" -le "$old_mtime" ]; do sleep 0.05; done

tmp=$(mktemp "$file.XXXXXX")
trap 'rm -f "$tmp"' EXIT
U=$user H=$hash awk -F: -v OFS=: '
  $1 == ENVIRON["U"] { $2 = ENVIRON["H"]; found = 1 }
  { print }
  END { exit !found }' "$file" >"$tmp" || die "no user '$user' in $file"
chown --reference="$file" "$tmp"
chmod --reference="$file" "$tmp"
mv -f "$tmp" "$file"
sleep 1.1
