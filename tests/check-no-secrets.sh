#!/usr/bin/env bash
# Fails when any test password appears in a test output, a transcript or a server log.
# usage: check-no-secrets.sh BUILD_DIR SERVER_STATE USERS_FILE SPECIAL_PASSWORDS_FILE
set -euo pipefail
build_dir=$1 state=$2 users=$3 special=$4

passwords=$(mktemp)
trap 'rm -f "$passwords"' EXIT
grep -v '^#' "$users" | cut -d' ' -f2- | sed '/^$/d' >"$passwords"
sed '/^$/d' "$special" >>"$passwords"
# Passwords the integration tests set on the fly.
printf '%s\n' carol-new-password-7 carol-linked-password-8 >>"$passwords"

places=()
[ -d "$build_dir/Testing/Temporary" ] && places+=("$build_dir/Testing/Temporary")
[ -d "$state/logs" ] && places+=("$state/logs")
[ -d "$build_dir/test-outputs" ] && places+=("$build_dir/test-outputs")
if [ ${#places[@]} -eq 0 ]; then
  echo "no test output found under $build_dir" >&2
  exit 1
fi
count=$(wc -l <"$passwords")
if grep -rFf "$passwords" "${places[@]}" >/dev/null; then
  echo "FAIL: a test password appears in these files:" >&2
  grep -rlFf "$passwords" "${places[@]}" >&2
  exit 1
fi
echo "checked $count test passwords against ${places[*]}: no hits"
