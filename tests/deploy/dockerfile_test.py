#!/usr/bin/env python3
"""Checks the Dockerfile without building it (CI has no Docker engine).

  python3 tests/deploy/dockerfile_test.py --source=. \
      --binary=build/server/rxlocator-server --binary=build/tools/rxlocator

- Both stages are Debian 12; the build stage uses the README's scripts and
  builds both binaries; the runtime stage copies them and the data to where
  the build configured them, and runs the server as a numeric non-root user.
- Above all: every shared library the built binaries load (ldd) comes from a
  Debian package (dpkg -S) that the runtime stage installs, directly or as a
  dependency of one it installs, or that debian:12-slim already has; and
  every package it installs is needed.
- .dockerignore keeps what the build needs in the build context.

Exits 1 listing every problem.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys

# In every debian:12-slim: apt itself needs them.
BASE_IMAGE_PACKAGES = {"libc6", "libgcc-s1", "libstdc++6"}
# Installed for what they provide besides shared libraries.
NON_LIBRARY_PACKAGES = {
    "tzdata": "the IANA time zones that pharmacy hours are evaluated in",
}
# What the build stage needs from the source tree.
BUILD_INPUTS = ["CMakeLists.txt", "proto", "index", "loaders", "server",
                "tools", "scripts/setup.sh", "scripts/build.sh", "data"]
DEBIAN_12_BUILD = re.compile(r"^debian:(12|bookworm)(\.\d+)?(@sha256:[0-9a-f]{64})?$")
DEBIAN_12_SLIM = re.compile(
    r"^debian:(12|bookworm)(\.\d+)?-slim(@sha256:[0-9a-f]{64})?$")

problems = []


def fail(message):
    problems.append(message)


# --- the Dockerfile ------------------------------------------------------------

def instructions(text):
    """(instruction, arguments) pairs, continuation lines joined."""
    text = re.sub(r"\\\n", " ", text)
    result = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        result.append((word.upper(), rest.strip()))
    return result


def stages(parsed):
    """[{'image', 'name', 'body': [(instruction, arguments)]}] per FROM."""
    result = []
    for word, rest in parsed:
        if word == "FROM":
            parts = rest.split()
            name = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else None
            result.append({"image": parts[0], "name": name, "body": []})
        elif result:
            result[-1]["body"].append((word, rest))
    return result


def apt_installs(run):
    """Package names of every apt-get install in a RUN's shell text."""
    packages = []
    for command in re.split(r"&&|;|\|\|", run):
        words = shlex.split(command)
        while words and "=" in words[0]:  # VAR=value prefixes
            words = words[1:]
        if len(words) >= 2 and words[0] in ("apt-get", "apt") and "install" in words:
            if "--no-install-recommends" not in words:
                fail(f"apt-get install without --no-install-recommends: {command.strip()}")
            after = words[words.index("install") + 1:]
            packages += [w for w in after if not w.startswith("-")]
    return packages


def copies(body):
    """(from_stage, sources, destination) of each COPY."""
    result = []
    for word, rest in body:
        if word != "COPY":
            continue
        words = shlex.split(rest)
        source_stage = None
        while words and words[0].startswith("--"):
            m = re.match(r"--from=(\S+)", words[0])
            if m:
                source_stage = m.group(1)
            words = words[1:]
        result.append((source_stage, words[:-1], words[-1]))
    return result


def check_dockerfile(source):
    text = open(os.path.join(source, "Dockerfile")).read()
    all_stages = stages(instructions(text))
    if len(all_stages) < 2:
        fail("the Dockerfile is not multi-stage")
        return None
    build, runtime = all_stages[0], all_stages[-1]
    if not DEBIAN_12_BUILD.match(build["image"]):
        fail(f"the build stage is {build['image']}, not debian:12")
    if not DEBIAN_12_SLIM.match(runtime["image"]):
        fail(f"the runtime stage is {runtime['image']}, not debian:12-slim")
    for stage in all_stages[1:-1]:
        if not (DEBIAN_12_BUILD.match(stage["image"]) or DEBIAN_12_SLIM.match(stage["image"])):
            fail(f"a stage is {stage['image']}, not Debian 12")

    build_runs = " && ".join(rest for word, rest in build["body"] if word == "RUN")
    if "scripts/setup.sh" not in build_runs:
        fail("the build stage does not install packages with scripts/setup.sh")
    m = re.search(r"scripts/build\.sh\s+--target\s+([^&;]+)", build_runs)
    targets = m.group(1).split() if m else []
    for target in ("rxlocator-server", "rxlocator"):
        if target not in targets:
            fail(f"the build stage does not build {target} with scripts/build.sh --target")
    m = re.search(r"-DRXLOCATOR_DATA_DIR=(\S+)", build_runs)
    data_dir = m.group(1) if m else None
    if not data_dir:
        fail("the build stage does not set RXLOCATOR_DATA_DIR to where the image keeps the data")
    workdir = next((rest for word, rest in build["body"] if word == "WORKDIR"), "/")

    # The runtime stage: the binaries, the data, the entry point, the user.
    copied = {}
    for from_stage, sources, destination in copies(runtime["body"]):
        if from_stage != build["name"]:
            fail(f"the runtime stage copies from {from_stage or 'the build context'}, not the build stage")
        for s in sources:
            copied[os.path.relpath(os.path.join(workdir, s), workdir)] = destination
    server_path = copied.get("build/server/rxlocator-server")
    if not server_path:
        fail("the runtime stage does not copy build/server/rxlocator-server")
    if "build/tools/rxlocator" not in copied:
        fail("the runtime stage does not copy build/tools/rxlocator (the CLI)")
    if data_dir and copied.get("data", "").rstrip("/") != data_dir:
        fail(f"the runtime stage does not copy data/ to {data_dir}, where the server looks")
    entrypoint = [rest for word, rest in runtime["body"] if word == "ENTRYPOINT"]
    if not entrypoint or not entrypoint[-1].startswith("["):
        fail("the runtime stage has no exec-form ENTRYPOINT")
    elif server_path and f'"{server_path}"' not in entrypoint[-1].split(",")[0]:
        fail(f"ENTRYPOINT {entrypoint[-1]} is not the server, {server_path}")
    users = [rest for word, rest in runtime["body"] if word == "USER"]
    if not users or not re.fullmatch(r"[1-9]\d*(:\d+)?", users[-1]):
        fail(f"the runtime stage's USER is {users[-1] if users else 'root'}, not a numeric non-root uid")
    elif users[-1].endswith(":0"):
        fail("the runtime stage runs in group 0")

    packages = []
    for word, rest in runtime["body"]:
        if word == "RUN":
            packages += apt_installs(rest)
    if not packages:
        fail("the runtime stage installs no packages")
    return packages


# --- shared libraries and their packages ----------------------------------------

def run(args):
    return subprocess.run(args, capture_output=True, text=True)


def libraries(binary):
    out = run(["ldd", binary])
    if out.returncode != 0:
        fail(f"ldd {binary} failed: {out.stderr.strip()}")
        return set()
    libs = set()
    for line in out.stdout.splitlines():
        if "not found" in line:
            fail(f"{binary}: {line.strip()}")
        m = re.search(r"=>\s*(/\S+)", line) or re.match(r"\s*(/\S+)\s+\(", line)
        if m:
            libs.add(m.group(1))
    return libs


def candidate_paths(library):
    """`library` and its real path, each also under the other merged-/usr name."""
    result = []
    for p in (library, os.path.realpath(library)):
        result.append(p)
        if p.startswith("/usr/lib/"):
            result.append(p[len("/usr"):])
        elif p.startswith("/lib"):
            result.append("/usr" + p)
    return result


def packages_of(libraries):
    """{library: the Debian package that holds it, or None}, in one dpkg query."""
    candidates = {lib: candidate_paths(lib) for lib in libraries}
    paths = sorted({p for c in candidates.values() for p in c})
    owner = {}
    if paths:
        # Exits 1 if any path is unowned, and still lists the owned ones.
        for line in run(["dpkg-query", "-S"] + paths).stdout.splitlines():
            pkgs, _, path = line.partition(": ")
            owner[path.strip()] = pkgs.split(",")[0].split(":")[0].strip()
    return {lib: next((owner[p] for p in c if p in owner), None)
            for lib, c in candidates.items()}


def installed_packages():
    """{name: [dependency alternatives]} and {virtual: [providers]}."""
    out = run(["dpkg-query", "-W", "-f",
               "${Package}\t${db:Status-Abbrev}\t${Depends}, ${Pre-Depends}\t${Provides}\n"])
    depends, providers = {}, {}
    for line in out.stdout.splitlines():
        name, status, deps, provides = line.split("\t")
        if not status.startswith("ii"):
            continue
        depends[name] = [
            [re.sub(r"[\s(:].*", "", alt.strip()) for alt in group.split("|")]
            for group in deps.split(",") if group.strip()]
        for p in provides.split(","):
            if p.strip():
                providers.setdefault(re.sub(r"[\s(:].*", "", p.strip()), []).append(name)
    return depends, providers


def closure(roots, depends, providers):
    """The installed packages apt would install for `roots`."""
    seen, todo = set(), list(roots)
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        for group in depends.get(p, []):
            for alt in group:
                todo += [alt] if alt in depends else providers.get(alt, [])
    return seen


def check_libraries(packages, binaries):
    depends, providers = installed_packages()
    if not depends:
        fail("dpkg-query lists no packages: this check needs a Debian system")
        return
    for p in packages:
        if p not in depends:
            fail(f"the runtime stage installs {p}, which is no installed Debian package here")
    needed = {}  # package -> libraries
    for binary in binaries:
        if not os.path.exists(binary):
            fail(f"{binary} is not built")
            continue
        for lib, pkg in sorted(packages_of(libraries(binary)).items()):
            if pkg is None:
                fail(f"{binary} loads {lib}, which no Debian package provides")
            else:
                needed.setdefault(pkg, set()).add(os.path.basename(lib))
    covered = closure(set(packages) | BASE_IMAGE_PACKAGES, depends, providers)
    for pkg, libs in sorted(needed.items()):
        if pkg not in covered:
            fail(f"the runtime stage lacks {pkg}, for {', '.join(sorted(libs))}")
    for p in packages:
        if p not in needed and p not in NON_LIBRARY_PACKAGES:
            fail(f"the runtime stage installs {p}, which no binary loads a library from")
    for p, why in NON_LIBRARY_PACKAGES.items():
        if p not in packages:
            fail(f"the runtime stage does not install {p}: {why}")
    print(f"binaries load libraries from {len(needed)} packages: {', '.join(sorted(needed))}")
    print(f"runtime stage installs: {' '.join(packages)}")


# --- .dockerignore --------------------------------------------------------------

def ignored(path, patterns):
    """Whether the build context leaves out `path` (Docker's rules, roughly)."""
    result = False
    parts = path.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    for pattern in patterns:
        negate = pattern.startswith("!")
        regex = pattern_regex(pattern.lstrip("!").strip("/"))
        if any(regex.fullmatch(p) for p in prefixes):
            result = not negate
    return result


def pattern_regex(pattern):
    """A .dockerignore pattern as a regex: ** any directories, * and ? within one."""
    regex, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            regex, i = regex + "(.*/)?", i + 3
        elif pattern.startswith("**", i):
            regex, i = regex + ".*", i + 2
        elif pattern[i] == "*":
            regex, i = regex + "[^/]*", i + 1
        elif pattern[i] == "?":
            regex, i = regex + "[^/]", i + 1
        else:
            regex, i = regex + re.escape(pattern[i]), i + 1
    return re.compile(regex)


def check_dockerignore(source):
    path = os.path.join(source, ".dockerignore")
    if not os.path.exists(path):
        fail("no .dockerignore: the build context would carry build/ and .git")
        return
    patterns = [l.strip() for l in open(path) if l.strip() and not l.startswith("#")]
    for needed in BUILD_INPUTS:
        if ignored(needed, patterns):
            fail(f".dockerignore leaves out {needed}, which the build needs")
    for heavy in ("build", ".git", "tests/oracles/node_modules"):
        if not ignored(heavy, patterns):
            fail(f".dockerignore does not leave out {heavy}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", default=os.path.join(os.path.dirname(__file__), "../.."))
    parser.add_argument("--binary", action="append", required=True)
    args = parser.parse_args()
    packages = check_dockerfile(args.source)
    if packages:
        check_libraries(packages, args.binary)
    check_dockerignore(args.source)
    for p in problems:
        print(f"FAIL {p}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
