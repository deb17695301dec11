#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: first the normal build, then the same
# tests under AddressSanitizer + UndefinedBehaviorSanitizer, then the engine's, the lab's and the
# simulator's threaded tests (labels unit, hostile, lab, simulator) under ThreadSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

jobs=$(nproc)
for preset in dev asan tsan; do
  echo "== $preset: configure and build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== $preset: tests"
  ctest --preset "$preset" -j 1 --timeout 300
done
