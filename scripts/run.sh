#!/usr/bin/env bash
# Quick start: sets up, builds and starts rxlocator-server on the bundled real
# data (no Redis needed). Extra arguments go to the server, e.g.
#   scripts/run.sh --listen=127.0.0.1:50051
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh --target rxlocator-server rxlocator
exec build/server/rxlocator-server "$@"
