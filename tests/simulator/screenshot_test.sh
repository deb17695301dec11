#!/usr/bin/env bash
# Under Xvfb, the real window renders the main screens into PNGs (BUILD/screenshots/) for a
# person to look at. Skipped (exit 77) when xvfb-run is missing.
# With MAIL_DEMO (maillab-sim-mail-demo: a scripted engine with a full mailbox) also the Mail app.
# usage: screenshot_test.sh MAILLAB_SIM SOURCE_DIR OUTPUT_DIR [MAIL_DEMO]
set -euo pipefail
sim=$1 src=$2 out=$3 demo=${4:-}
if ! command -v xvfb-run >/dev/null; then
  echo "SKIP: xvfb-run is not installed (apt-get install xvfb xauth)"
  exit 77
fi
rm -rf "$out"
mkdir -p "$out"
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
cp "$src/data/device.json" "$state/device.json"
chmod 600 "$state/device.json"
cd "$out"
xvfb-run -a -s "-screen 0 1280x1024x24" \
  "$sim" --no-console --state "$state/device.json" --lab-state "$state/lab" --play "$src/screenshots.play" \
  --dump-state "$out/state.json" --frames 3 --screenshot "$out/last.png"
# The screens that need the lab provider (an expired certificate), from a phone with no accounts.
mkdir -p "$state/lab-phone"
xvfb-run -a -s "-screen 0 1280x1024x24" \
  "$sim" --no-console --state "$state/lab-phone/device.json" --lab-state "$state/lab" \
  --play "$src/screenshots-lab.play" --dump-state "$out/state-lab.json" --frames 3 \
  --screenshot "$out/last-lab.png"
# The trainer console beside the phone.
mkdir -p "$state/console-phone"
xvfb-run -a -s "-screen 0 1280x1024x24" \
  "$sim" --state "$state/console-phone/device.json" --lab-state "$state/lab" \
  --play "$src/screenshots-console.play" --dump-state "$out/state-console.json" --frames 3
# The phone with the laptop beside it (scenario pop-vs-imap-two-devices).
mkdir -p "$state/laptop"
xvfb-run -a -s "-screen 0 1280x1024x24" \
  "$sim" --no-console --state "$state/laptop/device.json" --lab-state "$state/lab" \
  --scenario pop-vs-imap-two-devices --scenarios "$src/../../assets/scenarios" \
  --play "$src/screenshots-laptop.play" --dump-state "$out/state-laptop.json" --frames 3 \
  --screenshot "$out/last-laptop.png"
grep -q '"protocol":"imap"' "$out/state-laptop.json" \
  || { echo "FAIL: the laptop did not move to IMAP"; exit 1; }
shots="console-checklist console-log console-diagnosis console-events console-dns home settings mail accounts add-account other new-account account smtp primary-server
       authentication alert-delete-account mail-offline-cannot-get-mail mail-offline-mailboxes
       mail-offline-action-sheet manual-servers alert-cannot-verify certificate certificate-details
       laptop-pop3-delete laptop-account-settings-pop3 laptop-account-settings-imap
       laptop-imap-both"
if [ -n "$demo" ]; then
  cp "$src/data/device.json" "$state/demo.json"
  chmod 600 "$state/demo.json"
  xvfb-run -a -s "-screen 0 1280x1024x24" \
    "$demo" --state "$state/demo.json" --play "$src/mail-demo.play" \
    --dump-state "$out/demo-state.json" --frames 3 --screenshot "$out/demo-last.png"
  shots="$shots mail-inbox mail-message mail-compose mail-action-sheet mail-alert-cannot-send
         mail-mailboxes mail-outbox home-mail-badge mail-sent"
  grep -q '"outbox": 0, "sent": 1' "$out/demo-state.json" \
    || { echo "FAIL: the demo's reply did not reach Sent"; exit 1; }
  if grep -q 'lab-new-pw\|fixture-incoming-pw\|fixture-outgoing-pw' "$out/demo-state.json"; then
    echo "FAIL: a password appears in the demo's state dump"
    exit 1
  fi
fi
for f in $shots; do
  size=$(stat -c %s "$out/$f.png" 2>/dev/null || echo 0)
  if [ "$size" -lt 10000 ]; then
    echo "FAIL: $out/$f.png is missing or nearly empty ($size bytes)"
    exit 1
  fi
done
grep -q '"pressed": "Cancel"' "$out/state.json"
if grep -q 'fixture-incoming-pw\|fixture-outgoing-pw\|not-a-real-password\|Lab-Alex-2026' \
     "$out/state.json" "$out/state-lab.json" "$out/state-console.json" \
     "$out/state-laptop.json"; then
  echo "FAIL: a password appears in the state dump"
  exit 1
fi
echo "screenshots in $out"
