#!/usr/bin/env bash
# Installs what rxlocator needs to build, test and run, from Debian 12
# packages. Safe to run again; needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang-format
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libs2-dev libabsl-dev libhiredis-dev libmicrohttpd-dev nlohmann-json3-dev
  zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  redis-server tzdata python3
  # Tests of the IVR answer parse its SSML (libxml2) and speak it (eSpeak NG).
  libxml2-dev espeak-ng
  # The metrics test parses the server's metrics with the Prometheus client.
  python3-prometheus-client
  # Security tests make their certificates with openssl.
  openssl
  # The peer comparison (bench/peers_main.cc) runs PostgreSQL with PostGIS
  # through libpq, and plots with gnuplot.
  postgresql-15-postgis-3 libpq-dev gnuplot-nox
  # The fuzz targets (scripts/fuzz.sh) build with clang; libFuzzer and the
  # sanitizer runtimes are in libclang-rt-14-dev, which clang only
  # recommends.
  clang libclang-rt-14-dev
)
# Tests compare against npm's opening_hours library; any Node.js will do, so
# Debian's is installed only where there is none.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
# The Kubernetes manifest test builds k8s/ with `kubectl kustomize`; any
# kubectl will do (the manifests suit Debian's 1.20 and later), and a
# kubectl from another source would clash with Debian's package.
command -v kubectl >/dev/null || packages+=(kubernetes-client)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
