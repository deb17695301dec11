#!/usr/bin/env bash
# Runs libFuzzer targets for a fixed time each, a few at a time, and prints one line per target:
# its runs, its final coverage and whether it found anything. Each target fuzzes a copy of its
# committed corpus (libFuzzer adds inputs to the directory it is given); a finding is kept in
# OUT/TARGET/ as crash-*, leak-*, timeout-* or oom-*.
#
#   tests/fuzz/campaign.sh [--seconds N] [--parallel P] [--build DIR] [--out DIR] [TARGET...]
#
# Without targets, every fuzz_* binary in the build runs. The build is `cmake --preset fuzz`.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=600
parallel=2
build=build/fuzz
out=/tmp/maillab-fuzz
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --parallel) parallel=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    -*) echo "campaign: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done

bin_dir=$build/tests/fuzz
if [ ${#targets[@]} -eq 0 ]; then
  for binary in "$bin_dir"/fuzz_*; do targets+=("$(basename "$binary" | sed 's/^fuzz_//')"); done
fi
for target in "${targets[@]}"; do
  [ -x "$bin_dir/fuzz_$target" ] || { echo "campaign: no fuzz_$target in $bin_dir (cmake --preset fuzz)" >&2; exit 2; }
done
mkdir -p "$out"

# The signed-profile seeds of `import` are 4–6 KB; every other input fits in 4 KB.
max_len_of() { [ "$1" = import ] && echo 8192 || echo 4096; }

run_one() {
  local target=$1 dir=$out/$1
  rm -rf "$dir" && mkdir -p "$dir/corpus"
  cp tests/fuzz/corpus/"$target"/* "$dir/corpus/" 2>/dev/null || true
  local status=0
  (cd "$dir" && nice -n 10 "$OLDPWD/$bin_dir/fuzz_$target" -max_total_time="$seconds" \
      -max_len="$(max_len_of "$target")" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      corpus >log 2>&1) || status=$?
  local runs cov findings
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -o 'cov: [0-9]*' "$dir/log" | tail -1 | grep -o '[0-9]*' || echo '?')
  findings=$(cd "$dir" && ls crash-* leak-* timeout-* oom-* 2>/dev/null | tr '\n' ' ' || true)
  printf '%-14s %10s runs  %6ss  cov %5s  exit %d  %s\n' "$target" "$runs" "$seconds" "$cov" \
    "$status" "${findings:-no finding}"
}

export -f run_one max_len_of
export seconds out bin_dir
printf '%s\n' "${targets[@]}" | xargs -P "$parallel" -I{} bash -c 'run_one {}' | tee -a "$out/summary.txt"
