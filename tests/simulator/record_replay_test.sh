#!/usr/bin/env bash
# maillab-sim --record: a session driven by a scenario's solution (through the real App,
# headless) is recorded; the recording holds no password and replays on a fresh phone and lab to
# the same end: the same screens, the same accounts, the scenario's success.
# usage: record_replay_test.sh MAILLAB_SIM SCENARIOS_DIR
set -euo pipefail
sim=$1 dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
end_state() { # the parts of --dump-state a replay must reproduce (the state file differs)
  jq -S '{screen, screen_stack, accounts, mailboxes, success: .scenario.success}' "$1"
}
for id in add-account-manual optional-smtp-credentials changed-password-cant-send; do
  mkdir -p "$work/$id/first" "$work/$id/replay"
  if ! "$sim" --headless --scenario "$id" --scenarios "$dir" --play "$dir/$id.play" \
      --record "$work/$id/recorded.play" --state "$work/$id/first/device.json" \
      --lab-state "$work/lab" --dump-state "$work/$id/first/state.json" \
      >"$work/$id/first/out" 2>&1; then
    echo "FAIL: $id: the recorded session did not succeed"; cat "$work/$id/first/out"; exit 1
  fi
  rec="$work/$id/recorded.play"
  if grep -q "Lab-Alex-20" "$rec"; then
    echo "FAIL: $id: a password in the recording"; cat "$rec"; exit 1
  fi
  grep -q '^type-password "alex@lab.maillab.test"$' "$rec" ||
    { echo "FAIL: $id: the typed password is not recorded as type-password"; cat "$rec"; exit 1; }
  grep -q '^wait-screen ' "$rec" || { echo "FAIL: $id: no wait-screen"; cat "$rec"; exit 1; }
  if ! "$sim" --headless --scenario "$id" --scenarios "$dir" --play "$rec" \
      --state "$work/$id/replay/device.json" --lab-state "$work/lab" \
      --dump-state "$work/$id/replay/state.json" >"$work/$id/replay/out" 2>&1; then
    echo "FAIL: $id: the recording did not replay to success"; cat "$rec" "$work/$id/replay/out"
    exit 1
  fi
  if ! diff <(end_state "$work/$id/first/state.json") <(end_state "$work/$id/replay/state.json"); then
    echo "FAIL: $id: the replay ended elsewhere"; cat "$rec"; exit 1
  fi
done
grep -q '"discoverable": false' "$work/add-account-manual/replay/state.json" ||
  { echo "FAIL: the lab's discovery state is not in --dump-state"; exit 1; }
grep -q '^wait-alert "Cannot Send Mail"$' "$work/optional-smtp-credentials/recorded.play" ||
  { echo "FAIL: the alert is not waited for"; exit 1; }
grep -q '^key Enter$' "$work/optional-smtp-credentials/recorded.play" ||
  { echo "FAIL: a key is not recorded"; exit 1; }
if "$sim" --headless --play "$dir/add-account-manual.play" --record "$dir/add-account-manual.play" \
    >"$work/same" 2>&1; then
  echo "FAIL: --record over the --play script was accepted"; exit 1
fi
echo "recorded and replayed 3 sessions to the same end; no password in the recordings"
