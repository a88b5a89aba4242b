#!/usr/bin/env bash
# The full peer comparison (bench/peers_main.cc): sets up and builds, writes
# the national set (70,000 pharmacies, 20 million stock rows) with its peer
# files, runs rxlocator-peers on it and plots latency against offered load.
# About 15 minutes on 2 cores after the build; DIR takes about 1 GB, and
# the PostgreSQL cluster several more in $TMPDIR (or /tmp) while it runs.
#
#   scripts/bench_peers.sh [DIR] [rxlocator-peers flags...]
#
# DIR defaults to /tmp/rxlocator-national; the plot goes to bench/peers.png
# and every run to DIR/peers.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/rxlocator-national}
shift || true
scripts/setup.sh
scripts/build.sh --target rxlocator-gen-national rxlocator-peers rxlocator-server
mkdir -p "$dir"
# Stock counted in the days before now, so that it is fresh when asked.
build/tools/rxlocator-gen-national --out_dir="$dir" --peer_files \
  --now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
build/bench/rxlocator-peers --data_dir="$dir" --csv="$dir/peers.csv" "$@"
gnuplot -e "csv='$dir/peers.csv'; png='bench/peers.png'" bench/plot_peers.gp
echo "plot: bench/peers.png"
