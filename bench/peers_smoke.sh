#!/bin/sh
# The peer comparison's smoke run (a few seconds a system): a small national
# set with its peer files, rxlocator-peers --quick on it, and the plot of
# what it measured. Usage: peers_smoke.sh GEN_NATIONAL PEERS
set -eu
gen=$1
peers=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$gen" --out_dir="$dir" --pharmacies=3000 --stock_rows=100000 --peer_files \
  --now="$(date -u +%Y-%m-%dT%H:%M:%SZ)" > /dev/null
# Unpinned: other tests share the cores.
"$peers" --data_dir="$dir" --quick --server_cpu=-1 --client_cpu=-1 \
  --csv="$dir/peers.csv"
gnuplot -e "csv='$dir/peers.csv'; png='$dir/peers.png'" \
  "$(dirname "$0")/plot_peers.gp"
test -s "$dir/peers.png"
