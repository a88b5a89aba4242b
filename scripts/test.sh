#!/usr/bin/env bash
# Quick start: sets up, builds and runs the whole test suite, which includes
# a short smoke run of each benchmark (full runs: see bench/RESULTS.md), then
# a bounded run of every fuzz target (about 5 minutes with its build;
# longer runs: see tests/fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
npm ci --prefix tests/oracles --no-audit --no-fund --loglevel=error
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 600
scripts/fuzz.sh 10
