#!/usr/bin/env bash
# maillab-sim's scenario command line: --list-scenarios, and --headless --scenario ID --autoplay
# for every scenario exits 0 (success conditions met); a wrong path exits 1 with the debrief.
# usage: scenario_cli_test.sh MAILLAB_SIM SCENARIOS_DIR
set -euo pipefail
sim=$1 dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$sim" --list-scenarios --scenarios "$dir" >"$work/list"
[ "$(wc -l <"$work/list")" -ge 2 ] || { echo "FAIL: --list-scenarios"; cat "$work/list"; exit 1; }
while IFS=$'\t' read -r id _; do
  mkdir -p "$work/$id"
  if ! "$sim" --headless --scenario "$id" --autoplay --scenarios "$dir" --state "$work/$id/device.json" \
      --lab-state "$work/lab" --dump-state "$work/$id/state.json" >"$work/$id/out" 2>&1; then
    echo "FAIL: $id did not autoplay to success"; cat "$work/$id/out"; exit 1
  fi
  grep -q '"success":true' "$work/$id/state.json" || { echo "FAIL: $id state"; exit 1; }
done <"$work/list"
mkdir -p "$work/wrong"
status=0
"$sim" --headless --scenario changed-password-cant-send --scenarios "$dir" \
  --play "$dir/changed-password-cant-send-incoming-only.play" --state "$work/wrong/device.json" \
  --lab-state "$work/lab" >"$work/wrong/out" 2>&1 || status=$?
[ "$status" -eq 1 ] || { echo "FAIL: the wrong path exited $status"; cat "$work/wrong/out"; exit 1; }
grep -q "Update SMTP › Primary Server › Password" "$work/wrong/out" || { echo "FAIL: debrief"; exit 1; }
mkdir -p "$work/laptop"
status=0
"$sim" --headless --scenario pop-vs-imap-two-devices --scenarios "$dir" \
  --play "$dir/pop-vs-imap-two-devices-leave-on-server.play" --state "$work/laptop/device.json" \
  --lab-state "$work/lab" >"$work/laptop/out" 2>&1 || status=$?
[ "$status" -eq 1 ] || { echo "FAIL: leaving mail on the server exited $status"; cat "$work/laptop/out"; exit 1; }
grep -q "Move the laptop's account to IMAP" "$work/laptop/out" || { echo "FAIL: laptop debrief"; exit 1; }
if "$sim" --headless --scenario no-such-scenario --scenarios "$dir" --state "$work/x.json" \
    --lab-state "$work/lab" >"$work/missing" 2>&1; then
  echo "FAIL: an unknown scenario was accepted"; exit 1
fi
grep -q "no-such-scenario" "$work/missing" || { echo "FAIL: the error does not name it"; exit 1; }
echo "scenarios: $(wc -l <"$work/list") autoplayed to success; the wrong path failed with its debrief"
