#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build-fuzz/ and runs each for
# SECONDS_PER_TARGET seconds (default 20) from its seed corpus and
# regressions (tests/fuzz/README.md). Fails on the first crash, leak,
# timeout or out-of-memory, printing the reproducer's path and how to rerun
# it. What the runs learn is kept in build-fuzz/fuzz-corpus/, so later runs
# start from there.
#
#   scripts/fuzz.sh        # ~20 s per target
#   scripts/fuzz.sh 600    # a longer run
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET]" >&2
  exit 2
fi

CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRXLOCATOR_FUZZ=ON \
  -DRXLOCATOR_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-fuzz --target fuzzers -j "$(nproc)"

work=build-fuzz/fuzz-corpus
artifacts=build-fuzz/fuzz-artifacts
mkdir -p "$work" "$artifacts"
for source in tests/fuzz/*_fuzzer.cc; do
  target=$(basename "$source" .cc)
  name=${target%_fuzzer}
  inputs=("$work/$name" "tests/fuzz/corpus/$name")
  [ -d "tests/fuzz/regressions/$name" ] && inputs+=("tests/fuzz/regressions/$name")
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
           -artifact_prefix="$artifacts/$name-" -print_final_stats=1)
  [ -f "tests/fuzz/$name.dict" ] && options+=(-dict="tests/fuzz/$name.dict")
  mkdir -p "$work/$name"
  rm -f "$artifacts/$name"-*
  log="$artifacts/$name.log"
  printf '%-22s ' "$name"
  if ! "build-fuzz/tests/fuzz/$target" "${options[@]}" "${inputs[@]}" \
       >"$log" 2>&1; then
    echo "FAILED"
    tail -n 40 "$log"
    for crash in "$artifacts/$name"-*; do
      [ -f "$crash" ] || continue
      echo "reproducer: $crash"
      echo "  rerun:     build-fuzz/tests/fuzz/$target $crash"
      echo "  keep it:   cp $crash tests/fuzz/regressions/$name/ (with the fix)"
    done
    exit 1
  fi
  grep -E '^stat::number_of_executed_units' "$log" |
    awk '{printf "%s runs", $2}'
  echo ", corpus $(find "$work/$name" -type f | wc -l) inputs"
done
