#!/usr/bin/env bash
# The simulator's speed under Xvfb (Mesa llvmpipe, no GPU): time to the first frame, CPU while
# idle, CPU per frame while animating, and memory. Prints a table; asserts nothing.
# usage: tests/bench/sim_bench.sh [BUILD_DIR]   (default build/dev)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/dev}
sim=$build/simulator/maillab-sim
[ -x "$sim" ] || { echo "build maillab-sim first (cmake --build --preset dev)"; exit 2; }
command -v xvfb-run >/dev/null || { echo "needs xvfb-run"; exit 2; }
work=$(mktemp -d /tmp/maillab-sim-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
hz=$(getconf CLK_TCK)
x() { xvfb-run -a -s "-screen 0 1280x1024x24" "$@"; }
timing() { sed -n "s/^maillab-sim timing: $1 \([0-9]*\).*/\1/p" "$2" | head -1; }

# 1. First frame, 5 runs (lab provider started, as a trainer runs it).
firsts=()
for i in 1 2 3 4 5; do
  x "$sim" --timing --state "$work/d$i.json" --lab-state "$work/lab" --frames 2 \
    --screenshot "$work/f.png" 2>"$work/first$i.txt" >/dev/null
  firsts+=("$(timing first-frame-ms "$work/first$i.txt")")
done
first_median=$(printf '%s\n' "${firsts[@]}" | sort -n | sed -n 3p)

# 2. Idle: the window open on the home screen, nothing happening, 10 s.
xvfb-run -a -s "-screen 0 1280x1024x24" "$sim" --state "$work/idle.json" --lab-state "$work/lab" \
  >/dev/null 2>&1 &
runner=$!
pid=
for _ in $(seq 100); do
  pid=$(pgrep -f -n "^$sim --state $work/idle.json" || true)
  [ -n "$pid" ] && break
  sleep 0.1
done
sleep 3
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
t0=$(ticks "$pid"); sleep 10; t1=$(ticks "$pid")
idle_rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
kill "$pid" 2>/dev/null || true
wait "$runner" 2>/dev/null || true
idle_cpu=$(awk -v d=$((t1 - t0)) -v hz="$hz" 'BEGIN {printf "%.2f", 100 * d / hz / 10}')

# 3. Animating: push/pop Settings > Mail > Accounts N times; the difference between two runs
#    gives CPU per frame without start-up.
script() {
  : >"$work/anim$1.play"
  for _ in $(seq "$1"); do
    printf 'tap "Settings"\nwait-screen settings\ntap "Mail"\nwait-screen mail\ntap "back"\nwait-screen settings\ntap "home"\nwait-screen home\n' >>"$work/anim$1.play"
  done
}
run_anim() {
  script "$1"
  x "$sim" --timing --no-lab --state "$work/a$1.json" --play "$work/anim$1.play" --frames 1 \
    2>"$work/anim$1.txt" >/dev/null
  echo "$(timing frames "$work/anim$1.txt") $(sed -n 's/.*cpu-ms \([0-9]*\).*/\1/p' "$work/anim$1.txt") $(sed -n 's/.*max-rss-kib \([0-9]*\).*/\1/p' "$work/anim$1.txt")"
}
read -r f5 c5 _ <<<"$(run_anim 3)"
read -r f25 c25 rss25 <<<"$(run_anim 15)"
per_frame=$(awk -v df=$((f25 - f5)) -v dc=$((c25 - c5)) 'BEGIN {printf "%.2f", dc / df}')

printf '\nmaillab-sim under Xvfb (Mesa llvmpipe), %s, %s cores\n\n' "$(uname -m)" "$(nproc)"
printf '| measure | value | goal |\n|---|---|---|\n'
printf '| time to first frame (median of 5, lab started) | %s ms (runs: %s) | < 500 ms |\n' "$first_median" "${firsts[*]}"
printf '| CPU while idle on the home screen, 10 s | %s %% | < 1 %% |\n' "$idle_cpu"
printf '| CPU per animated frame (push/pop, 390x844 pt at 1x) | %s ms | — |\n' "$per_frame"
printf '| memory: idle RSS / peak RSS while animating | %s MiB / %s MiB | — |\n' \
  "$((idle_rss / 1024))" "$((rss25 / 1024))"
