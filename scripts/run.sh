#!/usr/bin/env bash
# Installs what is missing, builds, and starts the simulated iPhone (maillab-sim) on its embedded
# lab provider: real IMAP, POP3, SMTP and HTTPS autoconfig servers inside the process on
# 127.0.0.1, for the domain lab.maillab.test (users and passwords: assets/lab/world.json).
# Without a display it plays the Add Mail Account demo under Xvfb and saves a screenshot.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$(nproc)" --target maillab maillab-sim

sim=./build/dev/simulator/maillab-sim
cat <<'TEXT'

MailLab simulator on its lab provider (lab.maillab.test).
  Try: Settings > Mail > Accounts > Add Account > Other > Add Mail Account
       with alex@lab.maillab.test and the password Lab-Alex-2026 (lab-only, see
       assets/lab/world.json). Escape goes back; the home bar goes home.
TEXT
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$sim" "$@"
fi
echo "No display: playing the Add Mail Account demo under Xvfb instead."
demo=$(mktemp -d /tmp/maillab-demo.XXXXXX)
xvfb-run -a -s "-screen 0 1280x1024x24" "$sim" --state "$demo/device.json" \
  --lab-state "$demo/lab" --play assets/demo/add-lab-account.play --dump-state "$demo/state.json" \
  --frames 3 --screenshot "$demo/phone.png"
python3 - "$demo/state.json" <<'PY'
import json, sys
state = json.load(open(sys.argv[1]))
for account in state["accounts"]:
    i, o = account["incoming"], account["outgoing"]
    print(f"Saved {account['email']}: incoming {i['protocol']} {i['host']}:{i['port']} ({i['security']}),"
          f" outgoing {o['host']}:{o['port']} ({o['security']})")
for line in state["setup"]["history"]:
    print("  " + line)
print("Lab events: " + ", ".join(e["kind"] for e in state["lab"]["events"] if e["kind"] != "connected"))
PY
echo "Screenshot of the phone: $demo/phone.png"
