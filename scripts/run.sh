#!/usr/bin/env bash
# Installs what is missing, builds, starts the project's own loopback mail servers and runs
# `maillab verify` against them, printing its step list.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$(nproc)" --target maillab

# Under /tmp: the daemons' own users must be able to reach it.
state=/tmp/maillab-demo-servers
bash tests/servers/start.sh "$state" >/dev/null
trap 'bash tests/servers/stop.sh "$state" >/dev/null' EXIT
# shellcheck disable=SC1091
source "$state/servers.env"

account=$(mktemp -d)/alice.json
cat >"$account" <<'JSON'
{ "email": "alice@maillab.test", "name": "Alice", "description": "MailLab demo",
  "incoming": { "protocol": "imap", "host": "imap.maillab.test", "port": 993, "security": "tls",
                "username": "alice@maillab.test" },
  "outgoing": { "host": "smtp.maillab.test", "port": 587, "security": "starttls",
                "username": "alice@maillab.test" } }
JSON
# The demo user's password comes from the test user list, through a file, never argv.
password_file=$(dirname "$account")/password
grep '^alice@maillab.test ' "$MAILLAB_TEST_USERS" | cut -d' ' -f2- >"$password_file"
chmod 600 "$password_file"
./build/dev/engine/maillab verify "$account" --resolver "$MAILLAB_TEST_DNS" \
  --ca-file "$MAILLAB_TEST_CA" --password-file "$password_file"
