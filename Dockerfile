# rxlocator-server image: built on Debian 12 the way the README builds it,
# run from Debian 12 slim with only the binaries, the bundled data and the
# libraries they load.
#
#   docker build -t rxlocator:dev .
#   docker run --rm --read-only -p 50051:50051 rxlocator:dev
#
# See docs/deploy.md. tests/deploy/dockerfile_test.py checks this file
# (there is no image build in CI), and above all that the runtime stage
# installs a package for every shared library the binaries load.

# --- build ------------------------------------------------------------------
FROM debian:12 AS build
WORKDIR /src
# The packages first, so that a source change does not reinstall them.
COPY scripts/setup.sh scripts/setup.sh
RUN scripts/setup.sh && rm -rf /var/lib/apt/lists/*
COPY . .
# Configure once with the image's data directory compiled in, then build as
# scripts/run.sh does; scripts/build.sh keeps the cached settings.
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DRXLOCATOR_BUILD_TESTS=OFF -DRXLOCATOR_BUILD_BENCHMARKS=OFF \
      -DRXLOCATOR_DATA_DIR=/usr/share/rxlocator/data \
 && scripts/build.sh --target rxlocator-server rxlocator \
 && strip --strip-debug build/server/rxlocator-server build/tools/rxlocator

# --- runtime ----------------------------------------------------------------
FROM debian:12-slim
# The packages of the shared libraries the binaries load (libc6, libstdc++6
# and libgcc-s1 are in the base image; the rest come as dependencies), and
# tzdata: every pharmacy's hours are evaluated in its own IANA time zone.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libabsl20220623 \
      libgrpc++1.51 \
      libgrpc29 \
      libhiredis0.14 \
      libmicrohttpd12 \
      libprotobuf32 \
      libs2-0 \
      tzdata \
      zlib1g \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/build/server/rxlocator-server /usr/local/bin/rxlocator-server
COPY --from=build /src/build/tools/rxlocator /usr/local/bin/rxlocator
COPY --from=build /src/data /usr/share/rxlocator/data
# The server writes no files: it runs with a read-only root filesystem.
USER 10001:10001
EXPOSE 50051 50052 9090
ENTRYPOINT ["/usr/local/bin/rxlocator-server"]
CMD ["--listen=0.0.0.0:50051", "--health_listen=0.0.0.0:50052"]
