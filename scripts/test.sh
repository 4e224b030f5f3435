#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to every test run: installs what is missing, builds
# everything (warnings are errors when CI=true), runs the whole suite with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
build=${VANTHU_BUILD_DIR:-build}
# ccache (installed by install-deps.sh) keys on paths relative to the checkout's parent, so a fresh
# clone in another folder reuses objects compiled by an earlier checkout on the same machine.
# RelWithDebInfo compiles with -g, and ccache then also keys on the build folder unless told not to
# (the debug info of a cache hit may name the other checkout's folder; fine for a test build).
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(cd .. && pwd)}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVANTHU_BUILD_TESTS=ON -DVANTHU_BUILD_BENCH=ON
cmake --build "$build" -j"$(nproc)"
cd "$build"
ctest --output-on-failure -j"$(nproc)" --timeout 600
