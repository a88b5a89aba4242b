#!/usr/bin/env bash
# Builds the whole test suite with sanitizers and runs it, from the presets of
# CMakePresets.json: asan (AddressSanitizer, LeakSanitizer and
# UndefinedBehaviorSanitizer, in build-asan/), tsan (ThreadSanitizer, in
# build-tsan/), or all (the default), one after the other.
#   scripts/sanitizers.sh [asan|tsan|all]
# Extra arguments go to ctest, e.g. scripts/sanitizers.sh tsan -R Redis
# Any finding fails the test it happens in; tests/sanitizers/README.md says
# how.
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
[ $# -gt 0 ] && shift
case "$which" in
  asan | tsan) presets=("$which") ;;
  all) presets=(asan tsan) ;;
  *)
    echo "usage: $0 [asan|tsan|all] [ctest arguments]" >&2
    exit 2
    ;;
esac
scripts/setup.sh
[ -d tests/oracles/node_modules ] ||
  npm ci --prefix tests/oracles --no-audit --no-fund --loglevel=error
failed=()
for preset in "${presets[@]}"; do
  start=$SECONDS
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$(nproc)"
  built=$SECONDS
  ctest --preset "$preset" -j "$(nproc)" "$@" || failed+=("$preset")
  echo "$preset: built in $((built - start)) s, tested in $((SECONDS - built)) s"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed under: ${failed[*]}" >&2
  exit 1
fi
